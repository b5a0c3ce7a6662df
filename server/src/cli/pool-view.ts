/**
 * A pool of the output model read from the analysis when it is printed (`OutputNeeds.inPlace`).
 *
 * The output model of a 10 MB haproxy.cfg held 21,000 pools and 137,000 member objects, some
 * 30 MB that lived beside the analysis until the whole report was written, and its shares were
 * all computed before the first byte went out. A view keeps only what the collector's repeat
 * check reads (name and line); `--format json` asks each pool for its shares and members as it
 * writes it, so they die young. Only a caller in the analysis' own thread can use views: the
 * analysis does not cross to another thread (the workers of parallel.ts send plain pools).
 *
 * Shares a rule already asked for are the analysis' own (a root-file pool keeps them in its
 * results). A root-file pool without them gets them computed for the print and not kept: the
 * analysis would keep them in its results for an edit that a CLI run never makes (two thirds of
 * the pools of that file, 19 MB). Shares depend on the pool alone, so either way they are the
 * same; a pool of an included file asks the analysis, which keeps what it computes.
 */
import type { Pool } from '../core/model';
import type { PoolShares } from '../core/shares';
import { predictShares } from '../traffic';
import type { OutMember, OutPool } from './output-model';
import type { Positions } from './positions';

/** What the pools of one analysis share: its shares and its line numbers. */
export interface PoolSource {
  readonly shares: (pool: Pool) => PoolShares;
  readonly positions: Positions;
}

export class PoolView implements OutPool {
  private predicted: PoolShares | undefined;

  /**
   * `kept`: the shares a root-file pool's results hold (a CLI run computes none into them after
   * the analysis). The results themselves are not kept: their deferred findings reach the rules'
   * contexts and through them the whole analysis, which the print does not need.
   */
  constructor(
    private readonly pool: Pool,
    private readonly source: PoolSource,
    readonly line: number,
    private readonly kept?: PoolShares,
  ) {}

  get name(): string {
    return this.pool.name;
  }

  get algorithm(): string {
    return this.pool.algorithm;
  }

  get estimated(): string | undefined {
    return this.shares().estimated || undefined;
  }

  /**
   * A new list on every read: read it once per use. Read after `estimated`, as the output model's
   * key order has it; it lets go of the shares (the analysis keeps them when it keeps them at all).
   */
  get members(): OutMember[] {
    const shares = this.shares().members;
    this.predicted = undefined;
    const { positions } = this.source;
    return this.pool.members.map((member, i) => ({
      address: member.address,
      weight: member.weight,
      role: member.role,
      state: member.state,
      share: roundShare(shares[i]?.share ?? 0),
      line: positions.line(member.loc),
    }));
  }

  /** The plain pool, with the keys in the order the output model's pools have them. */
  toJSON(): OutPool {
    const estimated = this.estimated;
    return { name: this.name, algorithm: this.algorithm, line: this.line, ...(estimated ? { estimated } : {}), members: this.members };
  }

  /** Asked once for `estimated` and `members`: a second ask would make the analysis look the pool up again. */
  private shares(): PoolShares {
    return (this.predicted ??= this.kept ?? this.source.shares(this.pool));
  }
}

/**
 * The source of a root-file pool's views: shares its results do not hold are computed for the
 * print and not kept, which is what the analysis would compute (they depend on the pool alone).
 */
export function rootPoolSource(positions: Positions): PoolSource {
  return { shares: predictShares, positions };
}

/** Shares are exact fractions; nine decimals keep JSON readable without losing meaning. */
export function roundShare(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
