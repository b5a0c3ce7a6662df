/**
 * The consistent tree's nodes are sorted by a radix sort into reused scratch arrays and its shares
 * are cached per (id, weight) list: both must give exactly what a plain comparison sort of the
 * nodes gives (ties in insertion order), on random server lists including repeated ids (whose
 * nodes tie), and a cached answer must not leak into another list or be changed by a later build.
 */
import { describe, expect, it } from 'vitest';
import { ChashTree, chashShares, NODES_PER_WEIGHT } from '../../server/src/traffic/haproxy/chash';
import { fullHash } from '../../server/src/traffic/haproxy/hash';
import type { HaServer, ServingGroup } from '../../server/src/traffic/haproxy/servers';

const SPACE = 2 ** 32;

/** The tree built the obvious way: every node, sorted by key then insertion order. */
function referenceTree(group: ServingGroup): { keys: number[]; owners: number[]; shares: number[] } {
  const nodes: { key: number; order: number; owner: number }[] = [];
  group.servers.forEach((server, owner) => {
    for (let j = 0; j < server.weight * NODES_PER_WEIGHT; j++) nodes.push({ key: fullHash((Math.imul(server.id, 4096) + j) >>> 0), order: nodes.length, owner });
  });
  nodes.sort((a, b) => a.key - b.key || a.order - b.order);
  const counts = new Array<number>(group.servers.length).fill(0);
  for (let i = 0; i < nodes.length; i++) {
    const next = (i + 1) % nodes.length;
    let gap = nodes[next]!.key - nodes[i]!.key;
    if (gap <= 0 && next === 0) gap += SPACE;
    const half = Math.floor(gap / 2);
    counts[nodes[i]!.owner]! += half;
    counts[nodes[next]!.owner]! += gap - half;
  }
  return { keys: nodes.map((n) => n.key), owners: nodes.map((n) => n.owner), shares: counts.map((c) => c / SPACE) };
}

function randomGroup(random: () => number): ServingGroup {
  const count = 1 + Math.floor(random() * 8);
  const servers: HaServer[] = Array.from({ length: count }, (_, member) => ({
    member,
    weight: 1 + Math.floor(random() * (random() < 0.2 ? 256 : 40)),
    backup: false,
    usable: true,
    // One list in four repeats an id, so that nodes of two servers share keys.
    id: random() < 0.25 && member > 0 ? 1 : 1 + Math.floor(random() * 5000),
    name: `s${member}`,
  }));
  return { servers, backups: false };
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('HAProxy consistent tree sort and shares cache', () => {
  it('equals a comparison sort of the nodes on 200 random server lists, cached or not', () => {
    const random = seeded(20261206);
    const groups = Array.from({ length: 200 }, () => randomGroup(random));
    const first = groups.map((group) => Array.from(chashShares(group)));
    groups.forEach((group, i) => {
      const reference = referenceTree(group);
      const tree = new ChashTree(group);
      expect(Array.from(tree.keys)).toEqual(reference.keys);
      expect(Array.from(tree.owners)).toEqual(reference.owners);
      expect(first[i]).toEqual(reference.shares);
      // Asked again after other trees reused the scratch arrays: the cached answer is unchanged.
      expect(Array.from(chashShares(group))).toEqual(reference.shares);
      expect(tree.shares()).toEqual(reference.shares);
    });
  });

  it('keeps a list apart from the same servers with other weights or ids', () => {
    const server = (member: number, id: number, weight: number): HaServer => ({ member, id, weight, backup: false, usable: true, name: `s${member}` });
    const a = { servers: [server(0, 1, 1), server(1, 2, 3)], backups: false };
    const b = { servers: [server(0, 1, 3), server(1, 2, 1)], backups: false };
    const c = { servers: [server(0, 2, 1), server(1, 1, 3)], backups: false };
    for (const group of [a, b, c, a]) expect(Array.from(chashShares(group))).toEqual(referenceTree(group).shares);
  });
});
