/**
 * Runs document analyses one at a time, latest version only. A change marks its document dirty;
 * nothing queues per change. Before each analysis the scheduler yields to the event loop until
 * the connection has handled every message that arrived meanwhile (an analysis blocks the loop,
 * so a burst of typing piles up as unread messages), and only then analyses the document's
 * newest version. So a burst of 500 edits costs a handful of analyses, and requests handled
 * between them answer from the newest finished analysis at once.
 */
import type { MessageActivity } from './message-activity';

/** Consecutive event-loop turns without a handled message that count as "all read". */
const QUIET_TURNS = 2;
/**
 * A client that never stops sending still gets diagnostics: after this long spent draining
 * messages, the newest version so far is analysed anyway.
 */
const MAX_DRAIN_MS = 500;

export class AnalysisScheduler {
  private readonly dirty = new Set<string>();
  private running = false;

  constructor(
    private readonly run: (uri: string) => Promise<void>,
    private readonly activity?: MessageActivity,
  ) {}

  schedule(uri: string): void {
    this.dirty.add(uri);
    if (!this.running) void this.loop();
  }

  cancel(uri: string): void {
    this.dirty.delete(uri);
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.dirty.size > 0) {
        await this.drain();
        const uri = this.dirty.values().next().value;
        if (uri === undefined) break;
        this.dirty.delete(uri);
        await this.run(uri);
      }
    } finally {
      this.running = false;
    }
  }

  /** Yields until the connection has handled the messages that were waiting, or MAX_DRAIN_MS. */
  private async drain(): Promise<void> {
    const started = Date.now();
    let seen = this.activity?.handled ?? 0;
    let quiet = 0;
    while (quiet < QUIET_TURNS && Date.now() - started < MAX_DRAIN_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const handled = this.activity?.handled ?? 0;
      if (handled === seen) quiet++;
      else {
        seen = handled;
        quiet = 0;
      }
    }
  }
}
