/**
 * The order in which the ring helper thread (ring-helper-thread.ts) builds rings, apart from the
 * thread's messages and shared state so that it can be tested without a thread.
 *
 * The pools' own rings come first, from the last pool backwards, while the main thread claims and
 * builds them from the first pool forwards: each ring the helper builds before they meet is one
 * the main thread does not build. The tenfold rings unbalanced-ring reads come after every pool is
 * claimed: the rule reads them only for the words of its listed findings, after every pool's
 * rules, so building them earlier took the helper away from the pools while the main thread still
 * built pools itself, and left it idle while the main thread ran the rules after the meeting
 * point. They are built in the order the rule reads them: by the position of their pool in the
 * file (the main thread's pools, asked for in its order, come first).
 */
/** What the schedule needs from the thread: claims in the shared state, building and answering. */
export interface HelperWork {
  /** How many consistent-hash pools the helper listed, in file order. */
  readonly pools: number;
  /** Claims pool `index` for the helper; false when the main thread claimed it first. */
  claim(index: number): boolean;
  /**
   * Builds and answers pool `index`. When unbalanced-ring may ask for its tenfold ring, lists that
   * ring before answering and returns a token for `buildScaled`.
   */
  build(index: number): number | undefined;
  /** Lists the tenfold rings of the pools the main thread built and asked about since the last call (`RingHelper.computed`). */
  takeRequests(): readonly number[];
  /** Builds and answers a listed tenfold ring, unless the main thread has claimed it to build it itself. */
  buildScaled(token: number): void;
}

/** Runs the helper's work in the order described at the top. */
export function runHelperOrder(work: HelperWork): void {
  // The tenfold rings of the main thread's pools, in the order it asked, then the helper's own,
  // in file order: the main thread's pools are the first of the file.
  const requested: number[] = [];
  const own: number[] = [];
  const take = () => requested.push(...work.takeRequests());
  for (let index = work.pools - 1; index >= 0; index--) {
    take();
    if (!work.claim(index)) continue;
    const token = work.build(index);
    if (token !== undefined) own.unshift(token);
  }
  let nextRequested = 0;
  let nextOwn = 0;
  for (;;) {
    take();
    if (nextRequested < requested.length) work.buildScaled(requested[nextRequested++]!);
    else if (nextOwn < own.length) work.buildScaled(own[nextOwn++]!);
    else break;
  }
}
