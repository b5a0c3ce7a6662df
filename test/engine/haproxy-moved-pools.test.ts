/**
 * A backend after an edit is a moved view of its previous lowering whose members are made when
 * first read and whose facts move when read (no per-pool rule reads them on a keystroke: their findings are
 * carried), and which reads like a plain pool everywhere: fields, a spread (rules copy pools that way) and
 * JSON give what a fresh analysis gives.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import { analyzeFile } from '../../server/src/engine/analyze';

const ROOT = '/etc/haproxy/haproxy.cfg';
const options = { dialect: 'haproxy' as const };

const TEXT = `global
    maxconn 100

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

backend first
    server f1 10.0.0.1:80

backend later
    balance uri
    hash-type consistent
    cookie SRV insert
    server l1 10.0.1.1:80 weight 3 check
    server l2 10.0.1.2:80 backup
`;

describe('HAProxy pools moved by an edit before them', () => {
  it('make members and facts when first read, and read like a fresh pool', () => {
    const previous = analyzeFile({ path: ROOT, text: TEXT }, noIncludes, options);
    const text = TEXT.replace('server f1 10.0.0.1:80', 'server f1 10.0.0.1:80 weight 20');
    const next = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous });
    const fresh = analyzeFile({ path: ROOT, text }, noIncludes, options);
    const moved = next.model!.pools.find((p) => p.name === 'later')!;
    const plain = fresh.model!.pools.find((p) => p.name === 'later')!;
    expect(Object.getOwnPropertyDescriptor(moved, 'members')?.get, 'members are made when first read').toBeTypeOf('function');
    // Facts are an own data field that moves each fact when read (a second getter on every pool cost more).
    expect(Object.getOwnPropertyDescriptor(moved, 'facts')?.enumerable).toBe(true);
    expect(moved.members).toBe(moved.members);
    // The facts move when read, and read like a lowered record every way a rule or a test reads one.
    expect(moved.facts).not.toBe(plain.facts);
    expect(Object.entries(moved.facts)).toEqual(Object.entries(plain.facts));
    expect({ ...moved.facts }).toEqual({ ...plain.facts });
    expect(Object.keys(moved.facts)).toEqual(Object.keys(plain.facts));
    for (const name of Object.keys(plain.facts)) {
      expect(name in moved.facts).toBe(true);
      expect(moved.facts[name]).toEqual(plain.facts[name]);
      expect(Object.prototype.hasOwnProperty.call(moved.facts, name)).toBe(true);
    }
    expect('no such fact' in moved.facts).toBe(false);
    expect(moved.facts['no such fact']).toBeUndefined();
    const json = (pool: Pool) => JSON.parse(JSON.stringify(pool)) as unknown;
    expect(json(moved)).toEqual(json(plain));
    expect(json({ ...moved } as Pool)).toEqual(json(plain));
    expect(moved.members.map((m) => [m.address, m.loc, m.weight, m.role])).toEqual(plain.members.map((m) => [m.address, m.loc, m.weight, m.role]));
  });
});
