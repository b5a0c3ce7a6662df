/**
 * What the CLI's ring helper thread and the main thread share (ring-helper.ts is the main
 * thread's side, ring-helper-thread.ts the helper's): the claim states of the shared array, the
 * messages, and the test that decides which tenfold rings to build ahead. Kept apart from both
 * sides so that the helper's own bundle (server/out/ring-helper.js) takes in only ring code.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ChashShares } from '../traffic/nginx/chash';
import type { Peer } from '../traffic/nginx/peers';
import { DEFAULT_TOLERANCE } from '../traffic/nginx/ring-scale';

/** Pools the shared state covers; pools past it are built by the main thread. */
export const SLOTS = 1 << 16;
/** The state slot after the pools' that the helper sets once it has posted its list of pools. */
export const LISTED = SLOTS;
export const FREE = 0;
export const MAIN = 1;
export const HELPER = 2;
export const DONE = 3;

export interface HelperInput {
  readonly lbDriftRingHelper: true;
  readonly path: string;
  readonly state: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** `pools` lists peer lists by key, the first one at slot `first`; `shares` answers one slot. */
export type HelperMessage =
  | { readonly kind: 'pools'; readonly first: number; readonly keys: readonly string[] }
  | { readonly kind: 'shares'; readonly index: number; readonly shares: ChashShares };

/** From the main thread: build the tenfold ring of these peers (a pool it built itself). */
export interface ScaleRequest {
  readonly kind: 'scale';
  readonly peers: readonly Peer[];
}

/**
 * Whether the unbalanced-ring rule, with its default tolerance, may report a member of a pool with
 * these shares (and so ask for the pool with every weight scaled). Errs towards yes: a peer's ring
 * share plus everything that falls back to round-robin bounds its member's share from above.
 */
export function likelyUnbalanced(primary: readonly Peer[], shares: ChashShares): boolean {
  let total = 0;
  let serving = 0;
  for (const peer of primary) {
    if (!peer.up) continue;
    total += peer.weight;
    serving++;
  }
  if (serving < 2) return false;
  for (let i = 0; i < primary.length; i++) {
    const peer = primary[i]!;
    if (peer.up && shares.byPeer[i]! + shares.fallback > (peer.weight / total) * (1 + DEFAULT_TOLERANCE)) return true;
  }
  return false;
}
