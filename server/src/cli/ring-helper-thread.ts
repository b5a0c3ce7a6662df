/**
 * The ring helper thread's side (see ring-helper.ts): it reads the file, lists its consistent-hash
 * pools and builds their rings from the last pool backwards, claiming each through the shared
 * state, and builds the tenfold rings unbalanced-ring may ask for. It runs from its own small
 * bundle (server/out/ring-helper.js, entry ring-helper-bin.ts), so that starting the thread does
 * not load and initialise the whole CLI; the CLI's bundle can run it too.
 */
import { isMainThread, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { MAX_FILE_BYTES } from '../host/read-text';
import { readRegularFile } from '../host/safe-read';
import { SCALE } from '../traffic/nginx/ring-scale';
import { chashShares, peerListKey } from '../traffic/nginx/chash';
import type { Peer } from '../traffic/nginx/peers';
import { DONE, FREE, HELPER, LISTED, likelyUnbalanced, SLOTS, type HelperInput, type HelperMessage, type ScaleRequest } from './ring-helper-protocol';
import { consistentBlocksOfBytes, peerListsOfBlocks } from './ring-lists';

/** In a helper started by `RingHelper`: build rings until every pool is claimed. Returns false elsewhere. */
export function runAsRingHelper(): boolean {
  if (isMainThread || !(workerData as Partial<HelperInput> | undefined)?.lbDriftRingHelper) return false;
  const { path, state, port } = workerData as HelperInput;
  const read = readRegularFile(path, { maxBytes: MAX_FILE_BYTES });
  const lists = read.ok ? peerListsOfBlocks(consistentBlocksOfBytes(read.bytes)).slice(0, SLOTS) : [];
  const post = (message: HelperMessage) => port.postMessage(message);
  post({ kind: 'pools', first: 0, keys: lists.map(peerListKey) });
  const claims = new Int32Array(state);
  Atomics.store(claims, LISTED, 1);
  // For a caller that waits on events rather than on the shared state (tests).
  parentPort?.postMessage('listed');
  const done = (index: number) => {
    Atomics.store(claims, index, DONE);
    Atomics.notify(claims, index);
  };
  let nextSlot = lists.length;
  /** Lists and claims the tenfold ring of these peers; undefined when the slots are used up. */
  const claimScaled = (peers: readonly Peer[]): { scaled: Peer[]; slot: number } | undefined => {
    if (nextSlot >= SLOTS) return undefined;
    const scaled = peers.map((peer) => ({ ...peer, weight: peer.weight * SCALE }));
    const slot = nextSlot++;
    Atomics.store(claims, slot, HELPER);
    post({ kind: 'pools', first: slot, keys: [peerListKey(scaled)] });
    return { scaled, slot };
  };
  const buildScaled = ({ scaled, slot }: { scaled: Peer[]; slot: number }) => {
    try {
      post({ kind: 'shares', index: slot, shares: chashShares(scaled) });
    } finally {
      done(slot);
    }
  };
  // The tenfold rings the main thread asks for, of pools it built itself (`RingHelper.computed`).
  const serveRequests = () => {
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      const request = message.message as ScaleRequest;
      const claimed = request.kind === 'scale' ? claimScaled(request.peers) : undefined;
      if (claimed) buildScaled(claimed);
    }
  };
  for (let index = lists.length - 1; index >= 0; index--) {
    serveRequests();
    if (Atomics.compareExchange(claims, index, FREE, HELPER) !== FREE) continue;
    let scaled: { scaled: Peer[]; slot: number } | undefined;
    try {
      const shares = chashShares(lists[index]!);
      // The unbalanced-ring rule asks for the scaled ring right after this one's shares, so it
      // is listed and claimed before this pool is marked done: the main thread then waits for it
      // instead of building it too.
      if (likelyUnbalanced(lists[index]!, shares)) scaled = claimScaled(lists[index]!);
      post({ kind: 'shares', index, shares });
    } finally {
      done(index);
    }
    if (scaled) buildScaled(scaled);
  }
  serveRequests();
  port.close();
  return true;
}
