/**
 * Predicted shares, computed once per pool and analysis. A root-file pool keeps them in its
 * results (`results[i]` for `pools[i]`), so the next version of the file reuses them while the
 * pool is unchanged. Rules run one pool at a time ask for the shares of the pool being checked:
 * `focus` names it, and a walk over the pools in model order is followed by position, so the
 * pool-to-results map is built only when shares of other pools are asked for out of order (a
 * whole-model rule), not on every edit nor for the CLI's output.
 */
import type { Pool } from '../core/model';
import type { PoolShares } from '../core/shares';
import { predictShares } from '../traffic';
import type { PoolResults } from './incremental';

export class SharesMemo {
  private readonly others = new Map<Pool, PoolShares>();
  private focused: PoolResults | undefined;
  private byPool: Map<Pool, PoolResults> | undefined;
  /** Where the next pool of a walk in model order is expected. */
  private next = 0;

  constructor(
    private readonly pools: readonly Pool[] = [],
    private readonly results: readonly (PoolResults | undefined)[] = [],
  ) {}

  /** The pool whose rules run next. */
  focus(results: PoolResults): void {
    this.focused = results;
  }

  of(pool: Pool): PoolShares {
    const own = this.resultsOf(pool);
    if (own) return (own.shares ??= predictShares(pool));
    let shares = this.others.get(pool);
    if (!shares) {
      shares = predictShares(pool);
      this.others.set(pool, shares);
    }
    return shares;
  }

  private resultsOf(pool: Pool): PoolResults | undefined {
    if (this.focused?.pool === pool) return this.focused;
    // A caller that walks the model's pools in order (the CLI's output asks for every pool's
    // shares) finds each one where the last was found, without the pool-to-results map.
    const at = this.next;
    if (at < this.pools.length && this.pools[at] === pool) {
      this.next = at + 1;
      return this.results[at];
    }
    if (!this.byPool) {
      this.byPool = new Map();
      for (let i = 0; i < this.pools.length; i++) {
        const results = this.results[i];
        if (results) this.byPool.set(this.pools[i]!, results);
      }
    }
    return this.byPool.get(pool);
  }
}

/**
 * The memo as the function a report or rule context holds. Made here, not inside the analysis:
 * a closure made there would keep the analysis' whole scope alive, the previous report with it,
 * and so every version before it.
 */
export function sharesLookup(memo: SharesMemo): (pool: Pool) => PoolShares {
  return (pool) => memo.of(pool);
}

/** Shares memoised per pool, for a model whose pools carry no results (the stable side, a file not read). */
export function unreadShares(): (pool: Pool) => PoolShares {
  return sharesLookup(new SharesMemo());
}
