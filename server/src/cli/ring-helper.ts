/**
 * Ring building on a second core for one large nginx configuration. Consistent-hash rings are
 * most of the cost of checking a ring-heavy file (160 points per unit of weight, tens of
 * millions of points), and the rings of different pools are independent, so while the main
 * thread parses and checks the file, a helper thread reads the same file, picks out its
 * consistent-hash upstreams and builds their rings from the last pool backwards, as the main
 * thread's rules ask for them from the first pool forwards.
 *
 * The helper only ever saves time. Each pool is claimed once, by whichever thread gets to it
 * first, through a shared array of states; the main thread asks the helper
 * (`setChashShareSource`) only for peer lists it knows by their `peerListKey`, and otherwise
 * builds the ring itself. Shares are the same function of the same peers on both threads, so
 * the report is the same as a single-threaded run (test/cli/ring-helper.test.ts). The main thread
 * is busy in a synchronous analysis while the helper works, so it reads the helper's messages with
 * `receiveMessageOnPort` and waits for a pool the helper is building with `Atomics.wait`.
 *
 * The helper does not parse the whole configuration (that would double the memory of the run):
 * it parses only the `upstream` blocks that mention `consistent`, cut out of the text. A block it
 * cuts wrongly only yields a peer list the main thread never asks for.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, isMainThread, parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { noIncludes } from '../core/dialect';
import { analyzeNginx } from '../dialects/nginx/lower';
import { readText } from '../host/read-text';
import { chashShares, peerListKey, setChashShareSource, type ChashShares, type ChashShareSource } from '../traffic/nginx/chash';
import { expandPeers, type Peer } from '../traffic/nginx/peers';

/** Below this size a file's rings take less time than starting a thread. */
export const RING_HELPER_MIN_BYTES = 1 << 20;
/** Pools the shared state covers; pools past it are built by the main thread. */
const SLOTS = 1 << 16;
/** The state slot after the pools' that the helper sets once it has posted its list of pools. */
const LISTED = SLOTS;
const FREE = 0;
const MAIN = 1;
const HELPER = 2;
const DONE = 3;
/** The longest the main thread waits for one pool the helper claimed before building it itself. */
const WAIT_MS = 10_000;

interface HelperInput {
  readonly lbDriftRingHelper: true;
  readonly path: string;
  readonly state: SharedArrayBuffer;
  readonly port: MessagePort;
}

type HelperMessage = { readonly kind: 'pools'; readonly keys: readonly string[] } | { readonly kind: 'shares'; readonly index: number; readonly shares: ChashShares };

/** Whether a helper is worth starting for a file of this size on this machine. */
export function wantsRingHelper(bytes: number): boolean {
  return bytes >= RING_HELPER_MIN_BYTES && availableParallelism() >= 2;
}

/** The main thread's side: the running helper, answering as the traffic engine's share source. */
export class RingHelper implements ChashShareSource {
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * (SLOTS + 1)));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private index: Map<string, number> | undefined;
  private readonly results = new Map<number, ChashShares>();
  private ended = false;

  /** Starts the helper on `path` and makes it the share source until `stop`. */
  constructor(bundle: string, path: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const input: HelperInput = { lbDriftRingHelper: true, path, state: this.state.buffer as SharedArrayBuffer, port: port2 };
    // A small young generation: the helper allocates little per ring, and its memory counts in the run's peak.
    this.worker = new Worker(bundle, { workerData: input, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    // A helper that fails only means the main thread builds every ring itself.
    this.worker.on('error', () => undefined);
    this.worker.once('exit', () => (this.ended = true));
    this.worker.unref();
    setChashShareSource(this);
  }

  sharesOf(primary: readonly Peer[]): ChashShares | undefined {
    this.receive();
    const index = this.index?.get(peerListKey(primary));
    if (index === undefined) return undefined;
    const previous = Atomics.compareExchange(this.state, index, FREE, MAIN);
    if (previous === FREE || previous === MAIN) return undefined;
    // The helper claimed it: wait until it is built, then take the message it posted before.
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      if (Atomics.load(this.state, index) === DONE) {
        // The helper posts the shares before it marks the pool done (a helper that failed on
        // the pool marks it done without them).
        this.receive();
        return this.results.get(index);
      }
      Atomics.wait(this.state, index, HELPER, 50);
    }
    return undefined;
  }

  /** Takes every message the helper has posted so far, without waiting. */
  private receive(): void {
    for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
      const body = message.message as HelperMessage;
      if (body.kind === 'pools') this.index = new Map(body.keys.map((key, i) => [key, i]));
      else this.results.set(body.index, body.shares);
    }
  }

  /** Resolves when the helper has listed its pools (or has ended without listing them). */
  listed(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ended || Atomics.load(this.state, LISTED) === 1) resolve();
      else {
        this.worker.once('message', () => resolve());
        this.worker.once('exit', () => resolve());
      }
    });
  }

  /** Resolves when the helper thread has ended (it ends by itself once every pool is claimed). */
  finished(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ended) resolve();
      else this.worker.once('exit', () => resolve());
    });
  }

  /** Stops the helper and the main thread's use of it (the thread ends in the background). */
  stop(): void {
    setChashShareSource(undefined);
    this.port.close();
    void this.worker.terminate();
  }
}

/** Cuts out the `upstream NAME { ... }` blocks that mention `consistent`, inside an http block. */
export function consistentUpstreams(text: string): string {
  const blocks: string[] = [];
  const start = /(^|[\s;{}])upstream\s+[^\s{;]+\s*\{/g;
  for (let match = start.exec(text); match; match = start.exec(text)) {
    const open = match.index + match[0].length;
    const close = text.indexOf('}', open);
    if (close < 0) break;
    const block = text.slice(match.index + match[1]!.length, close + 1);
    if (block.includes('consistent')) blocks.push(block);
    start.lastIndex = close + 1;
  }
  return `http {\n${blocks.join('\n')}\n}\n`;
}

/** The primary peer lists of the consistent-hash pools of `text` whose rings the main thread builds. */
export function ringPeerLists(text: string): Peer[][] {
  const { model } = analyzeNginx({ path: '/lb-drift/ring-helper.conf', text: consistentUpstreams(text) }, noIncludes);
  const lists: Peer[][] = [];
  for (const pool of model.pools) {
    if (pool.algorithm !== 'consistent-hash') continue;
    const { primary, backup } = expandPeers(pool);
    // A single peer without backups never reaches the ring (round-robin takes it).
    if (primary.length === 1 && backup.length === 0) continue;
    lists.push([...primary]);
  }
  return lists.slice(0, SLOTS);
}

/** In a helper started by `RingHelper`: build rings until every pool is claimed. Returns false elsewhere. */
export function runAsRingHelper(): boolean {
  if (isMainThread || !(workerData as Partial<HelperInput> | undefined)?.lbDriftRingHelper) return false;
  const { path, state, port } = workerData as HelperInput;
  const read = readText(path);
  const lists = read.ok && read.text.includes('consistent') ? ringPeerLists(read.text) : [];
  const post = (message: HelperMessage) => port.postMessage(message);
  post({ kind: 'pools', keys: lists.map(peerListKey) });
  const claims = new Int32Array(state);
  Atomics.store(claims, LISTED, 1);
  // For a caller that waits on events rather than on the shared state (tests).
  parentPort?.postMessage('listed');
  for (let index = lists.length - 1; index >= 0; index--) {
    if (Atomics.compareExchange(claims, index, FREE, HELPER) !== FREE) continue;
    try {
      post({ kind: 'shares', index, shares: chashShares(lists[index]!) });
    } finally {
      Atomics.store(claims, index, DONE);
    }
    Atomics.notify(claims, index);
  }
  port.close();
  return true;
}
