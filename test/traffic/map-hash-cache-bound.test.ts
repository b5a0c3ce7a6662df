/**
 * Map-based `hash` shares are cached by the peers' weights and states (traffic/nginx/hash-map.ts)
 * with a bound that holds every such pool of a large configuration, so that analysing the file
 * again computes none of them. The 10 MB ring-heavy bench file has 433 map-hash pools over some
 * 380 weight lists; with the earlier bound of 64 entries a second analysis computed 378 again.
 */
import { describe, expect, it } from 'vitest';
import { mapHashShares } from '../../server/src/traffic/nginx/hash-map';
import type { Peer } from '../../server/src/traffic/nginx/peers';

/** Peer list number `n`: weights that differ from every other list's. */
function peersOf(n: number): Peer[] {
  const weights = [1 + (n % 7), 1 + Math.floor(n / 7) % 9, 1 + Math.floor(n / 63)];
  return weights.map((weight, member) => ({ member, weight, up: true, server: `10.0.${n >> 8}.${n & 255}:${8000 + member}` }));
}

describe('map-based hash share cache', () => {
  it('keeps the shares of 600 different weight lists between two passes', () => {
    const lists = Array.from({ length: 600 }, (_, n) => peersOf(n));
    const first = lists.map((peers) => mapHashShares(peers));
    // Fresh but equal peer lists, as the next analysis' lowering makes them: the same cached objects.
    const again = lists.map((_, n) => mapHashShares(peersOf(n)));
    let recomputed = 0;
    for (let n = 0; n < lists.length; n++) if (again[n] !== first[n]) recomputed++;
    expect(recomputed).toBe(0);
    // And the cached answer is the one for its own weights.
    expect([...again[599]!.firstValues].reduce((a, b) => a + b, 0)).toBe(32768);
  });
});
