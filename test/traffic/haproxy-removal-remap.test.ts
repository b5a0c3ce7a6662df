/**
 * hash-not-consistent asks for the remap of removing one server without copying the pool: it must
 * equal the remap between the pool and a copy without that server, for map-based tables and
 * consistent trees, with repeated addresses (paired in order) and backups.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { haproxyKeyRemap, haproxyRemovalRemap } from '../../server/src/traffic/haproxy/remap';
import { tableRemap, tableToOneRemap } from '../../server/src/traffic/haproxy/table-remap';

function pool(body: string): Pool {
  const { model } = analyzeHaproxy({ path: 'haproxy.cfg', text: `defaults\n  mode http\nbackend b\n${body}\n` }, noIncludes);
  return model.pools[0]!;
}

const BODIES = [
  '  balance source\n  server a 10.0.0.1:80 weight 3\n  server b 10.0.0.2:80 weight 5\n  server c 10.0.0.3:80 weight 2',
  '  balance uri\n  server a 10.0.0.1:80\n  server b 10.0.0.1:80\n  server c 10.0.0.2:80 weight 7\n  server d 10.0.0.1:80 backup',
  '  balance hdr(x-user)\n  hash-type consistent\n  server a 10.0.0.1:80 weight 9\n  server b 10.0.0.2:80\n  server c 10.0.0.3:80 id 40',
  '  balance url_param u\n  server a 10.0.0.1:80 weight 4\n  server b 10.0.0.2:80 weight 6 disabled\n  server c 10.0.0.3:80 weight 256',
];

describe('haproxyRemovalRemap', () => {
  it('equals the remap to a copy of the pool without the server, for every server of every pool', () => {
    let compared = 0;
    for (const body of BODIES) {
      const p = pool(body);
      for (const member of p.members) {
        const copy = { ...p, members: p.members.filter((m) => m !== member) };
        expect(haproxyRemovalRemap(p, member)).toEqual(haproxyKeyRemap(p, copy));
        compared++;
      }
    }
    expect(compared).toBe(13);
  });

  it('equals it on random map-based backends: two servers, weights with a common divisor, backups, disabled servers, large tables', () => {
    // A small deterministic generator, so a failure names its case.
    let seed = 12345;
    const next = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    let compared = 0;
    for (let c = 0; c < 60; c++) {
      const servers = 2 + next(6);
      const factor = 1 + next(3);
      const lines = [`  balance ${['source', 'uri', 'hdr(x-user)', 'url_param u'][next(4)]}`];
      for (let i = 0; i < servers; i++) {
        const weight = next(5) === 0 ? 256 - next(20) : factor * (1 + next(9));
        const extra = next(8) === 0 ? ' backup' : next(10) === 0 ? ' disabled' : '';
        lines.push(`  server s${i} 10.0.${c}.${i}:80 weight ${weight}${extra}`);
      }
      const p = pool(lines.join('\n'));
      for (const member of p.members) {
        const copy = { ...p, members: p.members.filter((m) => m !== member) };
        expect(haproxyRemovalRemap(p, member), `case ${c}: ${lines.join(' | ')} without ${member.name}`).toEqual(haproxyKeyRemap(p, copy));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});

/** The remaps of two tables counted hash class by hash class, as written before they were counted by residue. */
function referenceTableRemap(a: Int32Array, b: Int32Array): number {
  const gcd = (x: number, y: number): number => (y ? gcd(y, x % y) : x);
  const lcm = (a.length / gcd(a.length, b.length)) * b.length;
  let moved = 0;
  for (let r = 0; r < lcm; r++) if (a[r % a.length] !== b[r % b.length]) moved += Math.floor((2 ** 32 - 1 - r) / lcm) + 1;
  return moved / 2 ** 32;
}

/** The sampled remap of a table against one server, sample by sample. */
function referenceToOne(table: Int32Array, only: number): number {
  let moved = 0;
  for (let i = 0; i < 1 << 20; i++) if (table[(i * 4096 + 2048) % table.length] !== only) moved++;
  return moved / (1 << 20);
}

describe('table remaps', () => {
  const table = (size: number, salt: number) => Int32Array.from({ length: size }, (_, i) => ((i * 7 + salt) % 5) % 3);

  it('count each residue of the two sizes as often as it occurs below 2^32', () => {
    for (const [x, y] of [[7, 5], [12, 9], [256, 255], [1000, 999], [3, 3], [1, 6], [4096, 3]] as const) {
      expect(tableRemap(table(x, 1), table(y, 2)), `${x} against ${y}`).toBe(referenceTableRemap(table(x, 1), table(y, 2)));
    }
  });

  it('sample a table against one server as the 2^20-point grid does, for sizes that do and do not divide the grid step', () => {
    for (const size of [1, 2, 3, 7, 64, 100, 4096, 5000, 12289]) expect(tableToOneRemap(table(size, 3), 1), `size ${size}`).toBe(referenceToOne(table(size, 3), 1));
  });
});
