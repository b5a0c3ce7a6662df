import { describe, expect, it } from 'vitest';
import { detached, PeerListCache } from '../../server/src/traffic/nginx/peer-cache';
import type { Peer } from '../../server/src/traffic/nginx/peers';

const peer = (server: string, weight = 1, up = true, member = 0): Peer => ({ member, server, weight, up });

describe('PeerListCache', () => {
  it('computes once for equal peer lists, whatever the list and peer objects', () => {
    const cache = new PeerListCache<number>(8, 100, { address: true, state: true });
    let computed = 0;
    const compute = (): number => ++computed;
    expect(cache.get([peer('a:1'), peer('b:1', 2)], compute)).toBe(1);
    expect(cache.get([peer('a:1'), peer('b:1', 2)], compute)).toBe(1);
    expect(computed).toBe(1);
  });

  it('tells lists apart by the fields it is keyed by', () => {
    const full = new PeerListCache<string>(8, 100, { address: true, state: true });
    const base = [peer('a:1'), peer('b:1')];
    full.get(base, () => 'base');
    expect(full.get([peer('a:1'), peer('b:1', 2)], () => 'weight')).toBe('weight');
    expect(full.get([peer('a:1'), peer('b:1', 1, false)], () => 'state')).toBe('state');
    expect(full.get([peer('a:1'), peer('c:1')], () => 'address')).toBe('address');
    expect(full.get([peer('a:1')], () => 'length')).toBe('length');
    expect(full.get(base, () => 'again')).toBe('base');

    const weightsOnly = new PeerListCache<string>(8, 100, { address: false, state: false });
    weightsOnly.get(base, () => 'base');
    expect(weightsOnly.get([peer('x:1'), peer('y:1', 1, false)], () => 'other')).toBe('base');
  });

  it('keeps at most the given entries and cost, the most recently used first', () => {
    const cache = new PeerListCache<string>(3, 100, { address: true, state: false });
    for (const name of ['a', 'b', 'c']) cache.get([peer(name)], () => name);
    cache.get([peer('a')], () => 'a again');
    cache.get([peer('d')], () => 'd');
    expect(cache.size).toBe(3);
    expect(cache.get([peer('a')], () => 'recomputed')).toBe('a');
    expect(cache.get([peer('b')], () => 'b recomputed')).toBe('b recomputed');

    const byCost = new PeerListCache<string>(100, 5, { address: true, state: false });
    byCost.get([peer('a'), peer('b'), peer('c')], () => 'three');
    byCost.get([peer('d'), peer('e'), peer('f')], () => 'three more');
    expect(byCost.size).toBe(1);
    // The newest entry stays even when it alone is over the cost.
    byCost.get(Array.from({ length: 9 }, (_, i) => peer(`n${i}`)), () => 'nine');
    expect(byCost.size).toBe(1);
  });

  it('keeps copies of the addresses, equal to them', () => {
    const text = 'upstream u { server 10.0.0.1:8080; }';
    const address = text.slice(text.indexOf('10.'), text.indexOf(';'));
    expect(detached(address)).toBe('10.0.0.1:8080');
  });
});
