/**
 * The ring helper thread's side (see ring-helper.ts): it reads the file, lists its consistent-hash
 * pools and builds their rings from the last pool backwards, claiming each through the shared
 * state, then the tenfold rings unbalanced-ring may ask for (ring-helper-order.ts). It runs from
 * its own small bundle (server/out/ring-helper.js, entry ring-helper-bin.ts), so that starting the thread does
 * not load and initialise the whole CLI; the CLI's bundle can run it too.
 */
import { isMainThread, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { MAX_FILE_BYTES } from '../host/read-text';
import { readRegularFile } from '../host/safe-read';
import { SCALE } from '../traffic/nginx/ring-scale';
import { chashShares, peerListKey } from '../traffic/nginx/chash';
import type { Peer } from '../traffic/nginx/peers';
import { DONE, FREE, HELPER, LISTED, likelyUnbalanced, SLOTS, type HelperInput, type HelperMessage, type ScaleRequest } from './ring-helper-protocol';
import { runHelperOrder } from './ring-helper-order';
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
  const scaledRings: Peer[][] = [];
  /**
   * Lists the tenfold ring of these peers, unclaimed (see ring-helper.ts): a token for
   * `buildScaled`, undefined when the slots are used up.
   */
  const listScaled = (peers: readonly Peer[]): number | undefined => {
    if (nextSlot >= SLOTS) return undefined;
    const slot = nextSlot++;
    const scaled = peers.map((peer) => ({ ...peer, weight: peer.weight * SCALE }));
    post({ kind: 'pools', first: slot, keys: [peerListKey(scaled)] });
    scaledRings.push(scaled);
    return scaledRings.length - 1;
  };
  runHelperOrder({
    pools: lists.length,
    claim: (index) => Atomics.compareExchange(claims, index, FREE, HELPER) === FREE,
    build: (index) => {
      let token: number | undefined;
      try {
        const shares = chashShares(lists[index]!);
        if (likelyUnbalanced(lists[index]!, shares)) token = listScaled(lists[index]!);
        post({ kind: 'shares', index, shares });
      } finally {
        done(index);
      }
      return token;
    },
    // The tenfold rings the main thread asks for, of pools it built itself (`RingHelper.computed`).
    takeRequests: () => {
      const tokens: number[] = [];
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const request = message.message as ScaleRequest;
        const token = request.kind === 'scale' ? listScaled(request.peers) : undefined;
        if (token !== undefined) tokens.push(token);
      }
      return tokens;
    },
    buildScaled: (token) => {
      const slot = lists.length + token;
      // The main thread read it first and builds it itself.
      if (Atomics.compareExchange(claims, slot, FREE, HELPER) !== FREE) return;
      try {
        post({ kind: 'shares', index: slot, shares: chashShares(scaledRings[token]!) });
      } finally {
        done(slot);
      }
    },
  });
  port.close();
  return true;
}
