/**
 * Young-generation collections between edits rather than inside them. Every edit of a large
 * document makes a new string of the whole text (the editor's document applies the change to the
 * old text, and the first read of the result copies it flat: 1 MB per keystroke of a 1 MB
 * config), which V8 allocates in the young generation's large-object space; with the small
 * objects of the analysis, that space is full every 15 or so keystrokes, and the scavenge then
 * runs inside whichever analysis allocates next: on the bench's 1 MB ring-heavy and HAProxy
 * files, 12-13 of 200 edits carried one (1-45 ms of pause on a loaded 2-core machine, where the
 * collector's helper threads wait for a core), more than the 5% a p95 leaves out. After the
 * first analysis of a large file the young generation also holds the end of its model, copied
 * once and promoted at the next scavenge, 25-37 ms each inside the first edits.
 *
 * So as soon as a publish is written (the client is reading it, the user is between keystrokes;
 * an edit that arrived meanwhile waits for the collection as it would have inside its analysis),
 * the server looks at how much room the young generation has left. When the next
 * edit would not fit, judged by what the last one allocated, it collects the young generation
 * now; when that collection kept a lot (the model of a first analysis), it collects again after
 * the next publish, which promotes what survived. The answer is the same either way: this
 * only moves when the collector runs.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The young generation's two parts: small objects, and large ones (a version's text). */
export interface YoungRoom {
  /** Bytes in use and still free in the space of small young objects. */
  readonly smallUsed: number;
  readonly smallFree: number;
  /** Bytes in use and still free in the space of large young objects. */
  readonly largeUsed: number;
  readonly largeFree: number;
}

/** What the collector reads and does: V8's own in the server, stand-ins in tests. */
export interface YoungHeap {
  room(): YoungRoom;
  /** Collects the young generation now (a scavenge), on the calling thread. */
  collect(): void;
}

/** Room left over beyond twice the last edit's allocation, so that a larger edit still fits. */
const MARGIN = 256 * 1024;
/** A collection that kept more than this in the young generation is followed by another. */
const KEPT_AFTER = 1024 * 1024;

export class YoungCollections {
  /**
   * What the young generation held after the previous check, to measure what an edit allocates;
   * nothing at first, so the first publish (of a whole analysis) measures all it holds.
   */
  private last: YoungRoom = { smallUsed: 0, smallFree: 0, largeUsed: 0, largeFree: 0 };
  /** The previous collection kept a lot: the next publish promotes it. */
  private again = false;
  /** Collections made so far (for tests and measurement). */
  collections = 0;

  constructor(private readonly heap: YoungHeap) {}

  /**
   * Called when a publish is written: collects the young generation if the next edit's
   * allocation, taken to be the last one's, would not fit in what is left of it.
   */
  written(): void {
    const room = this.heap.room();
    const last = this.last;
    let collect = this.again;
    if (!collect) {
      // Growth since the last check; after a collection in between (used fell) the use itself.
      const small = room.smallUsed >= last.smallUsed ? room.smallUsed - last.smallUsed : room.smallUsed;
      const large = room.largeUsed >= last.largeUsed ? room.largeUsed - last.largeUsed : room.largeUsed;
      collect = room.smallFree < 2 * small + MARGIN || (large > 0 && room.largeFree < 2 * large + MARGIN);
    }
    if (!collect) {
      this.last = room;
      return;
    }
    this.heap.collect();
    this.collections++;
    this.last = this.heap.room();
    // A collection that kept a lot (the end of a first analysis' model) copied it once; the next
    // one promotes it, and is better made after the next publish than inside an edit.
    this.again = !this.again && this.last.smallUsed > KEPT_AFTER;
  }
}

/** The server's own young generation, collected through V8's `gc` (exposed for this process). */
export function v8YoungHeap(): YoungHeap {
  let gc: ((options: { type: 'minor' }) => void) | null | undefined;
  return {
    room(): YoungRoom {
      let smallUsed = 0;
      let smallFree = 0;
      let largeUsed = 0;
      let largeFree = 0;
      for (const space of getHeapSpaceStatistics()) {
        if (space.space_name === 'new_space') {
          smallUsed = space.space_used_size;
          smallFree = space.space_available_size;
        } else if (space.space_name === 'new_large_object_space') {
          largeUsed = space.space_used_size;
          largeFree = space.space_available_size;
        }
      }
      return { smallUsed, smallFree, largeUsed, largeFree };
    },
    collect(): void {
      if (gc === undefined) {
        // The flag makes V8 install `gc` in contexts made from now on; this one context is made
        // once. A runtime without it (null) leaves collections to V8, as before.
        setFlagsFromString('--expose-gc');
        const exposed: unknown = runInNewContext('typeof gc === "function" ? gc : null');
        gc = typeof exposed === 'function' ? (exposed as (options: { type: 'minor' }) => void) : null;
      }
      gc?.({ type: 'minor' });
    },
  };
}
