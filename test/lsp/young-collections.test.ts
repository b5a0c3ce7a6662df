/**
 * The server collects its young generation right after a publish is written when the next edit
 * would not fit in it (young-collections.ts), so that no scavenge runs inside an analysis. A
 * simulated heap stands for V8's: each edit allocates a version's text (a large object) and some
 * small objects, and the young generation is collected "inside the edit" when they do not fit, as
 * V8 does.
 */
import { describe, expect, it } from 'vitest';
import { Publisher, type PublisherParts } from '../../server/src/lsp/publisher';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';
import { v8YoungHeap, YoungCollections, type YoungHeap, type YoungRoom } from '../../server/src/lsp/young-collections';

const MB = 1024 * 1024;

/** A young generation of `capacity` bytes for small objects and as many for large ones. */
class SimulatedHeap implements YoungHeap {
  small = 0;
  large = 0;
  /** Small bytes that survive a collection (the newest analysis' objects). */
  survivors = 0.4 * MB;
  /** Collections V8 would have made inside an edit, and those the server asked for. */
  insideEdits = 0;
  asked = 0;

  constructor(private readonly capacity: number) {}

  room(): YoungRoom {
    return { smallUsed: this.small, smallFree: this.capacity - this.small, largeUsed: this.large, largeFree: this.capacity - this.large };
  }

  collect(): void {
    this.asked++;
    this.scavenge();
  }

  /** An edit's allocation: a collection first when it does not fit, as V8 makes it. */
  edit(small: number, large: number): void {
    if (this.small + small > this.capacity || (this.large > 0 && this.large + large > this.capacity)) {
      this.insideEdits++;
      this.scavenge();
    }
    this.small += small;
    this.large += large;
  }

  private scavenge(): void {
    this.small = Math.min(this.small, this.survivors);
    this.large = 0;
  }
}

describe('young collections after a publish', () => {
  it('leave no collection inside an edit of a 1 MB document', () => {
    for (const [small, large] of [
      [0.55 * MB, 1 * MB],
      [0.9 * MB, 1 * MB],
      [3 * MB, 0.1 * MB],
    ] as const) {
      const heap = new SimulatedHeap(16 * MB);
      const young = new YoungCollections(heap);
      for (let i = 0; i < 200; i++) {
        heap.edit(small, large);
        young.written();
      }
      expect(heap.insideEdits).toBe(0);
      // Not one collection per edit either: at most twice as many as V8 makes by itself.
      const alone = new SimulatedHeap(16 * MB);
      for (let i = 0; i < 200; i++) alone.edit(small, large);
      expect(heap.asked).toBeGreaterThan(0);
      expect(heap.asked).toBeLessThanOrEqual(2 * alone.insideEdits);
    }
  });

  it('without them, edits carry the collections (what the test above guards against)', () => {
    const heap = new SimulatedHeap(16 * MB);
    for (let i = 0; i < 200; i++) heap.edit(0.55 * MB, 1 * MB);
    expect(heap.insideEdits).toBeGreaterThanOrEqual(12);
  });

  it('collect twice after a first analysis that leaves a large model young, promoting it before the edits', () => {
    const heap = new SimulatedHeap(16 * MB);
    heap.survivors = 6 * MB;
    const young = new YoungCollections(heap);
    heap.edit(12 * MB, 1 * MB);
    young.written();
    expect(heap.asked).toBe(1);
    // What survived (6 MB) is still young: the next publish collects again, which promotes it.
    heap.survivors = 0.4 * MB;
    heap.edit(0.5 * MB, 1 * MB);
    young.written();
    expect(heap.asked).toBe(2);
    expect(heap.small).toBeLessThanOrEqual(0.4 * MB);
    // Then only when the room runs out.
    heap.edit(0.5 * MB, 1 * MB);
    young.written();
    expect(heap.asked).toBe(2);
  });

  it("collect V8's young generation through the exposed gc", () => {
    const heap = v8YoungHeap();
    // A string of 2 MB made flat lands in the young generation's large-object space.
    const text = ('x'.repeat(1024) + String(Math.random())).repeat(2048);
    expect(text.charCodeAt(text.length - 1)).toBeGreaterThan(0);
    expect(heap.room().largeUsed).toBeGreaterThan(0);
    heap.collect();
    expect(heap.room().largeUsed).toBe(0);
    expect(text.length).toBeGreaterThan(2 * MB);
  });

  it('are asked for once the status of a publish is written, not before', async () => {
    let release: () => void = () => undefined;
    const statusWritten = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    const document = new DocumentSnapshot('file:///etc/nginx/nginx.conf', 'nginx', 3, 'events {}\n');
    const analysis = {
      document,
      version: 3,
      path: '/etc/nginx/nginx.conf',
      settings: { enable: true },
      report: { path: '/etc/nginx/nginx.conf', problems: [], findings: [] },
      generation: 0,
      contexts: [],
      findings: [],
      sources: new Map(),
      workspaceVersion: 0,
    };
    const parts = {
      connection: {
        sendDiagnostics: () => {
          calls.push('diagnostics');
          return Promise.resolve();
        },
        sendNotification: () => {
          calls.push('status');
          return statusWritten;
        },
        console: { error: () => undefined, info: () => undefined },
      },
      analyses: { refresh: () => Promise.resolve(analysis) },
      settings: { project: () => undefined },
      configDiagnostics: { publish: () => undefined },
      docsLink: (rule: string) => rule,
      written: () => calls.push('written'),
    } as unknown as PublisherParts;
    await new Publisher(parts).publish(document.uri);
    expect(calls).toEqual(['diagnostics', 'status']);
    release();
    await statusWritten;
    await Promise.resolve();
    expect(calls).toEqual(['diagnostics', 'status', 'written']);
  });
});
