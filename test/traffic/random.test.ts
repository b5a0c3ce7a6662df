import { describe, expect, it } from 'vitest';
import { createRouter, predictShares } from '../../server/src/traffic';
import { buildPool, type MemberSpec } from '../helpers/pool-builder';
import { seededRandom } from './reference';

/**
 * A Monte Carlo run of ngx_http_upstream_get_random2_peer at zero load, written from the C code:
 * draws by weight over all peers (down ones included), the first acceptable draw becomes `prev`,
 * the next acceptable and different one wins; every draw counts as an attempt and after 21 the
 * request goes to round-robin (whose long-run split is by weight over up peers).
 */
function simulateRandomTwo(weights: number[], up: boolean[], runs: number, seed: number): number[] {
  const random = seededRandom(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  const upTotal = weights.reduce((a, w, i) => a + (up[i] ? w : 0), 0);
  const counts = weights.map(() => 0);
  const draw = (): number => {
    let x = Math.floor(random() * total);
    for (let i = 0; ; i++) {
      if (x < weights[i]!) return i;
      x -= weights[i]!;
    }
  };
  for (let run = 0; run < runs; run++) {
    let prev = -1;
    let chosen = -1;
    for (let tries = 0; tries <= 20 && chosen < 0; tries++) {
      const peer = draw();
      if (peer === prev || !up[peer]) continue;
      if (prev >= 0) chosen = peer;
      else prev = peer;
    }
    if (chosen >= 0) counts[chosen]!++;
    else weights.forEach((w, i) => (counts[i]! += up[i] ? w / upTotal : 0));
  }
  return counts.map((c) => c / runs);
}

describe('random two', () => {
  it('gives 23.8 / 38.1 / 38.1 % for weights 5/1/1 (the heavier member is picked less)', () => {
    const pool = buildPool({ algorithm: 'random-two', members: [{ address: 'a', weight: 5 }, 'b', 'c'] });
    const shares = predictShares(pool);
    const pct = shares.members.map((m) => m.share * 100);
    expect(Math.abs(pct[0]! - 23.8)).toBeLessThan(0.1);
    expect(pct[1]!.toFixed(1)).toBe('38.1');
    expect(pct[2]!.toFixed(1)).toBe('38.1');
    expect(shares.members[0]!.why).toMatch(/^random two: picks the lighter of two random members; at low load/);
    expect(shares.caveat).toMatch(/low load/);
  });

  it('is exact: 5/1/1 is 10/42 before the attempt limit, and the limit adds (5/7)^21 of round-robin', () => {
    const pool = buildPool({ algorithm: 'random-two', members: [{ address: 'a', weight: 5 }, 'b', 'c'] });
    const [a, b, c] = predictShares(pool).members.map((m) => m.share);
    // P(first = a) * P(20 more draws all hit a) sends (5/7)^21 of requests to round-robin.
    const fallback = (5 / 7) ** 21;
    const cFromB = (1 / 7) * (1 / 6) * (1 - (1 / 7) ** 20);
    expect(b).toBeCloseTo(c!, 12);
    expect(a! + b! + c!).toBeCloseTo(1, 12);
    expect(a).toBeCloseTo((1 / 7) * (5 / 6) * 2 * (1 - (1 / 7) ** 20) + fallback * (5 / 7), 10);
    expect(b).toBeCloseTo((5 / 7) * (1 / 2) * (1 - (5 / 7) ** 20) + cFromB + fallback / 7, 10);
  });

  it('agrees with a Monte Carlo run of the nginx loop, with a down member', () => {
    const weights = [3, 1, 2, 1];
    const up = [true, true, false, true];
    const members: MemberSpec[] = weights.map((weight, i) => ({ address: `m${i}`, weight, down: !up[i] }));
    const shares = predictShares(buildPool({ algorithm: 'random-two', members })).members.map((m) => m.share);
    const simulated = simulateRandomTwo(weights, up, 400000, 7);
    shares.forEach((share, i) => expect(Math.abs(share - simulated[i]!)).toBeLessThan(0.004));
    expect(shares[2]).toBe(0);
  });

  it('plain random shares by weight over the members that can serve', () => {
    const pool = buildPool({ algorithm: 'random', members: [{ address: 'a', weight: 3 }, { address: 'b', down: true }, 'c'] });
    expect(predictShares(pool).members.map((m) => m.share)).toEqual([0.75, 0, 0.25]);
  });

  it('is refused by the router, for both random methods', () => {
    for (const algorithm of ['random', 'random-two'] as const) {
      const created = createRouter(buildPool({ name: 'x', algorithm, members: ['a', 'b'] }));
      expect(created.ok).toBe(false);
      if (!created.ok) {
        expect(created.reason).toBe(
          'pool "x" uses random balancing, which cannot be replayed request by request; use "lb-drift shares" for its expected shares',
        );
      }
    }
  });
});
