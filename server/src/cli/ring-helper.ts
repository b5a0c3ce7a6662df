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
 * It also builds the tenfold rings unbalanced-ring reads for the words of its listed findings, of
 * the pools of its own the rule may report and of those the main thread built itself, which the
 * main thread names when it has their shares (`computed`): once every pool is claimed, while the
 * main thread runs the rest of the rules (ring-helper-order.ts). It lists each as soon as it knows
 * it, and claims it only when it starts building it: the main thread, when it reads one the helper
 * has not started, builds it itself instead of waiting for the helper to get to it.
 *
 * The helper does not parse the whole configuration (that would double the memory of the run):
 * it reads only the `upstream` blocks that mention `consistent`, cut out of the text
 * (ring-lists.ts). A block it cuts or reads wrongly only yields a peer list the main thread never
 * asks for.
 */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { chashShares, peerListKey, peersOfKey, setChashShareSource, type ChashShares, type ChashShareSource } from '../traffic/nginx/chash';
import type { Peer } from '../traffic/nginx/peers';
import { DONE, FREE, HELPER, LISTED, likelyUnbalanced, MAIN, SLOTS, type HelperInput, type HelperMessage, type ScaleRequest } from './ring-helper-protocol';

export { consistentUpstreams, ringPeerLists } from './ring-lists';
export { runAsRingHelper } from './ring-helper-thread';

/** Below this size a file's rings take less time than starting a thread. */
export const RING_HELPER_MIN_BYTES = 1 << 20;
/** The longest the main thread waits for one pool the helper claimed before building it itself. */
const WAIT_MS = 10_000;

/**
 * The helper's own bundle, built beside the CLI's (esbuild.mjs): about a fifth of the CLI's size,
 * so the thread starts without compiling and initialising the whole CLI. The CLI's bundle can run
 * the helper too (bin.ts), which the tests use.
 */
export function ringHelperBundleBeside(cliBundle: string): string {
  return join(dirname(cliBundle), 'ring-helper.js');
}

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
  /** The peer-list key of each slot the helper listed. */
  private readonly keys: string[] = [];
  private ended = false;
  /** Set by `stopKeepingShares` (and `stop`): only shares already received are answered. */
  private stopped = false;
  /** The key of the pool `sharesOf` last let the main thread claim, for `computed`. */
  private claimedKey: string | undefined;
  /** The pools of the file the helper listed; the slots after them are tenfold rings. */
  private pools = 0;

  /** Starts the helper on `path` and makes it the share source until `stop` (or, for the shares it posted, another source). */
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
    const key = peerListKey(primary);
    const index = this.index?.get(key);
    if (index === undefined) return undefined;
    if (this.stopped) return this.results.get(index);
    const previous = Atomics.compareExchange(this.state, index, FREE, MAIN);
    // A tenfold ring the helper listed but has not started is built here rather than waited for;
    // it is no pool of the file, so `computed` asks for no tenfold ring of it.
    if (previous === FREE && index < this.pools) this.claimedKey = key;
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
      // Rather than wait, build a tenfold ring the helper has not started: waiting for one (the
      // words of unbalanced-ring read them one after the other, and the helper builds them in
      // that order), or for the pool where the two threads meet (tenfold rings come after every
      // pool on the helper's side).
      if (this.buildAhead()) continue;
      Atomics.wait(this.state, index, HELPER, 50);
    }
    return undefined;
  }

  /**
   * Claims the first tenfold ring the helper has listed and not started, and builds it into the
   * traffic engine's cache, where the rule finds it when it reads it. Returns false when there is
   * none. Before, the main thread waited for each tenfold ring in turn while the helper built it
   * (on the 10 MB ring-heavy bench file, 13-17 of its 17-18 tenfold rings), and for the pool
   * where the two threads met.
   */
  private buildAhead(): boolean {
    for (let slot = this.pools; slot < this.keys.length; slot++) {
      if (Atomics.load(this.state, slot) !== FREE) continue;
      const peers = peersOfKey(this.keys[slot]!);
      if (!peers || Atomics.compareExchange(this.state, slot, FREE, MAIN) !== FREE) continue;
      // Inside the cache's lookup of the ring waited for; asked again, this source answers
      // undefined for the slot just claimed, so the ring is built here.
      chashShares(peers);
      return true;
    }
    return false;
  }

  /**
   * The shares of a pool the main thread has just claimed and built. When unbalanced-ring may
   * report the pool, the helper is asked for its tenfold ring, which the rule reads only for the
   * words of the findings it lists, after every pool's rules: the helper then builds it in the
   * meantime instead of the main thread at the end. The pools the main thread claims are the
   * first of the file, and the listed findings are the first by location.
   */
  computed(primary: readonly Peer[], shares: ChashShares): void {
    const key = this.claimedKey;
    this.claimedKey = undefined;
    if (this.ended || key === undefined || key !== peerListKey(primary) || !likelyUnbalanced(primary, shares)) return;
    const request: ScaleRequest = { kind: 'scale', peers: primary.map(({ member, weight, up, server }) => ({ member, weight, up, server })) };
    this.port.postMessage(request);
  }

  /** Whether the helper has listed this peer list (a pool of the file or a tenfold ring), so far. */
  lists(primary: readonly Peer[]): boolean {
    this.receive();
    return this.index?.has(peerListKey(primary)) ?? false;
  }

  /** Whether the helper is building this peer list at this moment (for tests). */
  building(primary: readonly Peer[]): boolean {
    this.receive();
    const index = this.index?.get(peerListKey(primary));
    return index !== undefined && Atomics.load(this.state, index) === HELPER;
  }

  /** Takes every message the helper has posted so far, without waiting. */
  private receive(): void {
    for (let message = receiveMessageOnPort(this.port); message; message = receiveMessageOnPort(this.port)) {
      const body = message.message as HelperMessage;
      if (body.kind === 'pools') {
        this.index ??= new Map();
        if (body.first === 0) this.pools = body.keys.length;
        for (let i = 0; i < body.keys.length; i++) {
          this.index.set(body.keys[i]!, body.first + i);
          this.keys[body.first + i] = body.keys[i]!;
        }
      } else this.results.set(body.index, body.shares);
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

  /**
   * Stops the helper thread (it ends in the background) and leaves the shares it has posted the
   * answer for their pools, without claiming or waiting for any other, until another source is
   * set: a check's output prints the shares of pools no rule asked about (a pool with one serving
   * member, which unbalanced-ring passes over), which the helper has usually built. On the 10 MB
   * ring-heavy bench file the main thread built 12 such pools a second time (184,480 points)
   * while it alone was writing the report.
   */
  stopKeepingShares(): void {
    this.receive();
    this.stopped = true;
    this.ended = true;
    this.port.close();
    void this.worker.terminate();
  }

  /** Stops the helper and the main thread's use of it (the thread ends in the background). */
  stop(): void {
    this.stopKeepingShares();
    setChashShareSource(undefined);
  }
}
