import { describe, expect, it } from 'vitest';
import { createRouter, murmurHash2, predictShares, splitParts } from '../../server/src/traffic';
import { buildSplitPool } from '../helpers/pool-builder';
import { bytesOf, referenceMurmur2 } from './reference';

describe('MurmurHash2', () => {
  it('agrees with a BigInt reference for every tail length', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'user-42', '\u00e9t\u00e9', 'x'.repeat(101)]) {
      expect(murmurHash2(Buffer.from(text))).toBe(referenceMurmur2(bytesOf(text)));
    }
  });

  it('hashes high bytes without sign trouble', () => {
    const bytes = [0xff, 0xfe, 0x80, 0x81, 0xc3];
    expect(murmurHash2(Uint8Array.from(bytes))).toBe(referenceMurmur2(bytes));
  });
});

describe('split_clients', () => {
  const pool = buildSplitPool('variant', '${arg_k}', [['0.5%', 'a'], ['20%', 'b'], ['*', 'c']]);

  it('computes thresholds as percent * 0xffffffff / 10000, accumulated and truncated', () => {
    const parts = splitParts(pool);
    const first = Math.floor((50 * 4294967295) / 10000);
    const second = first + Math.floor((2000 * 4294967295) / 10000);
    expect(parts.map((p) => [p.from, p.threshold, p.wildcard])).toEqual([
      [0, 21474836, false],
      [21474836, 880468295, false],
      [880468295, 2 ** 32, true],
    ]);
    expect(parts[0]!.threshold).toBe(first);
    expect(parts[1]!.threshold).toBe(second);
  });

  it('predicts exact fractions of the hash space', () => {
    const shares = predictShares(pool);
    expect(shares.members.map((m) => m.share)).toEqual([21474836 / 2 ** 32, (880468295 - 21474836) / 2 ** 32, 1 - 880468295 / 2 ** 32]);
    expect(shares.members[0]!.why).toBe('split_clients: 0.50% of key hashes (MurmurHash2 from 0 up to 21474836)');
    expect(shares.members[2]!.why).toBe('split_clients "*": the remaining 79.50% of key hashes');
    expect(shares.caveat).toBeUndefined();
  });

  it('routes each key by its MurmurHash2, consistent with the shares', () => {
    const created = createRouter(pool);
    if (!created.ok) throw new Error(created.reason);
    const counts = [0, 0, 0];
    const n = 100000;
    for (let i = 0; i < n; i++) {
      const key = `client-${i}`;
      const result = created.router.route({ uri: `/?k=${key}` });
      if (!result.ok) throw new Error(result.reason);
      const hash = referenceMurmur2(bytesOf(key));
      const expected = hash < 21474836 ? 0 : hash < 880468295 ? 1 : 2;
      expect(result.member).toBe(expected);
      counts[result.member]!++;
    }
    const shares = predictShares(pool).members.map((m) => m.share);
    counts.forEach((c, i) => expect(Math.abs(c / n - shares[i]!)).toBeLessThan(0.005));
  });

  it('leaves the remainder unassigned without "*", and says so', () => {
    const partial = buildSplitPool('variant', '$remote_addr', [['10%', 'a'], ['40%', 'b']]);
    const shares = predictShares(partial);
    expect(shares.members.reduce((a, m) => a + m.share, 0)).toBeCloseTo(0.5, 6);
    expect(shares.caveat).toMatch(/^No "\*" part: 50\.00% of key hashes match no part and leave \$variant empty/);
    const created = createRouter(partial);
    if (!created.ok) throw new Error(created.reason);
    let empty = 0;
    for (let i = 0; i < 2000; i++) {
      const result = created.router.route({ uri: '/', clientIp: `10.1.${i >> 8}.${i & 255}` });
      if (!result.ok) {
        empty++;
        expect(result.reason).toMatch(/leaves \$variant empty/);
      }
    }
    expect(empty / 2000).toBeGreaterThan(0.45);
    expect(empty / 2000).toBeLessThan(0.55);
  });

  it('gives 100% without "*" a last sliver of unassigned hashes, as nginx does', () => {
    const full = buildSplitPool('v', '$arg_k', [['33.33%', 'a'], ['66.67%', 'b']]);
    const parts = splitParts(full);
    expect(parts[1]!.threshold).toBeLessThan(0xffffffff + 1);
    // 33.33% and 66.67% truncate to 0xffffffff - 1: the top two of 2^32 hashes match no part.
    expect(parts[1]!.threshold).toBe(0xffffffff - 1);
    expect(predictShares(full).caveat).toMatch(/^No "\*" part: 4\.7e-8% of key hashes/);
  });
});
