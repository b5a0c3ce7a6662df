/**
 * The ring helper (server/src/cli/ring-helper.ts) builds the tenfold ring unbalanced-ring asks
 * for, for the words of its listed findings, of a pool the main thread built itself: the main
 * thread claims the first pools of the file, and the rule reads those rings only after every
 * pool's rules, so the helper builds them in the meantime instead of the main thread at the end.
 * The helper claims one only when it starts building it, so the main thread, when it reads one the
 * helper has not started, builds it itself instead of waiting; while it waits for a ring the
 * helper is building, it builds a tenfold ring the helper has not started.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RingHelper, ringPeerLists } from '../../server/src/cli/ring-helper';
import { SCALE } from '../../server/src/traffic/nginx/ring-scale';
import { clearTrafficCaches } from '../../server/src/traffic';
import { chashShares, peerListKey, peersOfKey } from '../../server/src/traffic/nginx/chash';
import type { Peer } from '../../server/src/traffic/nginx/peers';
import { CLI } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lb-drift-ring-helper-scaled-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The first upstream's ring gives its second server 58.6% of the keys for half of the weight, more
 * than the rule's default tolerance allows. The heavy upstreams after it (four servers of `weight`
 * each, 640 points per unit of weight) keep the helper, which builds from the last pool backwards,
 * away from the first one while the main thread claims it.
 */
function config(heavy: number, weight: number): string {
  let text = 'http {\n    upstream front {\n        hash $request_uri consistent;\n        server 10.0.109.1:80;\n        server 10.0.109.2:80;\n    }\n';
  for (let n = 0; n < heavy; n++) {
    text += `    upstream heavy_${n} {\n        hash $request_uri consistent;\n`;
    for (let i = 1; i <= 4; i++) text += `        server 10.1.${n}.${i}:80 weight=${weight};\n`;
    text += '    }\n';
  }
  return `${text}}\n`;
}

/** Writes the configuration; the first pool's peers, its tenfold peers and their shares computed alone. */
function setUp(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const [front] = ringPeerLists(text);
  const scaled = front!.map((peer) => ({ ...peer, weight: peer.weight * SCALE }));
  // What the main thread computes alone, before the helper becomes the share source.
  clearTrafficCaches();
  const expected = chashShares(scaled);
  clearTrafficCaches();
  return { path, front: front!, scaled, expected };
}

describe('ring helper and the tenfold rings of the main thread’s pools', () => {
  it('builds the tenfold ring of an unbalanced pool the main thread built, with the shares it would compute', async () => {
    // Thirty heavy upstreams of 64,000 points each.
    const { path, front, scaled, expected } = setUp('nginx.conf', config(30, 100));
    const helper = new RingHelper(CLI, path);
    try {
      await helper.listed();
      // As the main thread's rules do: the helper is the share source, and the main thread
      // claims the free first pool, builds it and tells the helper.
      const own = chashShares(front);
      expect(own.byPeer[1]).toBeGreaterThan(0.575);
      expect(helper.sharesOf(front)).toBeUndefined();
      await helper.finished();
      expect(helper.sharesOf(scaled)).toEqual(expected);
    } finally {
      helper.stop();
    }
  });

  it('lets the main thread build a tenfold ring the helper has not started, instead of waiting, and then skips it', async () => {
    // Sixty heavy upstreams of 256,000 points each keep the helper building the file's pools for
    // a while; it builds the tenfold rings only after them.
    const { path, front, scaled, expected } = setUp('later.conf', config(60, 400));
    const helper = new RingHelper(CLI, path);
    try {
      await helper.listed();
      // The helper lists the tenfold ring the main thread asks for between two of its pools.
      chashShares(front);
      for (let waited = 0; !helper.lists(scaled) && waited < 20_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(helper.lists(scaled)).toBe(true);
      // The main thread claims it (no answer: build it here) rather than waiting for it.
      expect(helper.sharesOf(scaled)).toBeUndefined();
      expect(chashShares(scaled)).toEqual(expected);
      await helper.finished();
      // The helper skipped it: the main thread's claim stands, and no shares came for it.
      expect(helper.sharesOf(scaled)).toBeUndefined();
    } finally {
      helper.stop();
    }
  });

  /**
   * Writes `text` and, once the helper is building `awaited`, reads it on the main thread: while
   * it waits, the main thread claims and builds `ahead`, which the helper then leaves alone. Both
   * shares equal a single-threaded run's.
   */
  async function expectBuiltAhead(name: string, text: string, awaited: Peer[], ahead: Peer[]): Promise<void> {
    const path = join(dir, name);
    writeFileSync(path, text);
    clearTrafficCaches();
    const expected = [chashShares(awaited), chashShares(ahead)];
    clearTrafficCaches();
    const helper = new RingHelper(CLI, path);
    try {
      await helper.listed();
      for (const deadline = Date.now() + 60_000; !helper.building(awaited) && Date.now() < deadline; );
      expect(helper.building(awaited)).toBe(true);
      expect(helper.lists(ahead)).toBe(true);
      expect(chashShares(awaited)).toEqual(expected[0]);
      await helper.finished();
      expect(helper.sharesOf(ahead)).toBeUndefined();
      expect(chashShares(ahead)).toEqual(expected[1]);
    } finally {
      helper.stop();
    }
  }

  const tenfold = (peers: readonly Peer[]): Peer[] => peers.map((peer) => ({ ...peer, weight: peer.weight * SCALE }));

  it('builds another tenfold ring the helper has not started while it waits for the one the helper is building', async () => {
    // Two pools whose first two servers share an address: that address's one chain serves both,
    // so the third server owns half of the ring for a third of the weight (unbalanced at any
    // size), and their tenfold rings are large (1.6M points): the helper builds them after both
    // pools, the first pool's first.
    const pool = (name: string, net: number) =>
      `    upstream ${name} {\n        hash $request_uri consistent;\n        server 10.2.${net}.1:80 weight=500;\n        server 10.2.${net}.1:80 weight=500;\n        server 10.2.${net}.2:80 weight=500;\n    }\n`;
    const text = `http {\n${pool('first', 1)}${pool('second', 2)}}\n`;
    const [first, second] = ringPeerLists(text).map(tenfold);
    await expectBuiltAhead('two-tenfold.conf', text, first!, second!);
  });

  it('builds a tenfold ring the helper has not started while it waits for a pool the helper is building', async () => {
    // The last pool (built first by the helper, from the last pool backwards) is unbalanced at any
    // size, so its tenfold ring is listed and left for after every pool; the pool before it is heavy.
    const text =
      'http {\n    upstream heavy {\n        hash $request_uri consistent;\n' +
      [1, 2, 3, 4].map((i) => `        server 10.3.0.${i}:80 weight=2000;\n`).join('') +
      '    }\n    upstream last {\n        hash $request_uri consistent;\n        server 10.3.1.1:80 weight=50;\n        server 10.3.1.1:80 weight=50;\n        server 10.3.1.2:80 weight=50;\n    }\n}\n';
    const [heavy, last] = ringPeerLists(text);
    await expectBuiltAhead('pool-wait.conf', text, heavy!, tenfold(last!));
  });

  it('reads the peers of a tenfold ring back from its key, and refuses a key that does not read back', () => {
    const peers = [
      { member: 0, weight: 1000, up: true, server: '10.2.1.1:80' },
      { member: 1, weight: 10, up: false, server: 'unix:/run/app.sock' },
      { member: 2, weight: 2.5, up: true, server: '[::1]:8080' },
    ];
    expect(peersOfKey(peerListKey(peers))).toEqual(peers);
    expect(peersOfKey('')).toEqual([]);
    expect(peersOfKey(peerListKey([{ member: 0, weight: 1, up: true, server: 'a\u0000b' }]))).toBeUndefined();
  });
});
