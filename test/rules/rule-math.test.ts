/**
 * The arithmetic behind two rule messages: how many of nginx's 32768 map-hash values change
 * owner when a `hash` pool shrinks or grows (hash-not-consistent), and which addresses name the
 * same backend (duplicate-member).
 */
import { describe, expect, it } from 'vitest';
import { addressKeys } from '../../server/src/rules/duplicate-member';
import { movedValues } from '../../server/src/rules/hash-not-consistent';

describe('movedValues (map-based hash remapping)', () => {
  it('counts exactly: 3 -> 2 equal members keeps only h with h % 3 == h % 2', () => {
    // h mod 6 in {0, 1} keeps its owner: 5461 full periods of 6, plus 32766 and 32767.
    expect(movedValues([1, 1, 1], [1, 1])).toBe(32768 - (5461 * 2 + 2));
  });

  it('moves about 1 - 1/n of keys when the last of n equal members goes, n/(n+1) when one is added', () => {
    for (const n of [2, 3, 4, 5, 8, 10]) {
      const weights = Array<number>(n).fill(1);
      expect(movedValues(weights, weights.slice(0, -1)) / 32768).toBeCloseTo(1 - 1 / n, 2);
      expect(movedValues(weights, [...weights, 1]) / 32768).toBeCloseTo(n / (n + 1), 2);
    }
  });

  it('follows the weight walk, not just the ratios: doubling every weight moves keys', () => {
    expect(movedValues([1, 1, 1], [2, 2, 2])).toBeGreaterThan(0);
    expect(movedValues([2, 2], [2, 2])).toBe(0);
  });
});

describe('addressKeys (duplicate-member)', () => {
  const same = (a: string, b: string, context = 'http') =>
    addressKeys(a, context).some((k) => addressKeys(b, context).includes(k));

  it('treats the default port 80 of http upstreams as written', () => {
    expect(same('10.0.0.1', '10.0.0.1:80')).toBe(true);
    expect(same('10.0.0.1', '10.0.0.1:8080')).toBe(false);
    expect(same('app.internal', 'APP.internal:80')).toBe(true);
  });

  it('has no default port in stream upstreams', () => {
    expect(same('10.0.0.1', '10.0.0.1:80', 'stream')).toBe(false);
  });

  it('resolves localhost to both loopback addresses, which stay distinct from each other', () => {
    expect(same('localhost:9000', '127.0.0.1:9000')).toBe(true);
    expect(same('localhost:9000', '[::1]:9000')).toBe(true);
    expect(same('127.0.0.1:9000', '[::1]:9000')).toBe(false);
  });

  it('compares IPv6 literals by value and unix sockets by path', () => {
    expect(same('[2001:db8::10]:443', '[2001:DB8:0:0::10]:443')).toBe(true);
    expect(same('unix:/run/a.sock', 'unix:/run/a.sock')).toBe(true);
    expect(same('unix:/run/a.sock', 'unix:/run/b.sock')).toBe(false);
  });
});
