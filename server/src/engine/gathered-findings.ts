/**
 * The findings of one analysis before they are sorted and capped. Findings a pool carried from an
 * earlier version sit where the pool was when they were made, with the distance it has moved
 * since: they are sorted by where they are now and moved (a new object) only when listed. A
 * capped rule's findings past the cap are never moved, and a finding before the edit keeps its
 * object from the previous version. Sorting is stable and each pool's findings arrive sorted, so
 * the sort merges a few long runs.
 */
import { plainFinding } from '../core/deferred-report';
import type { Finding } from '../core/finding';
import { capListed } from './finding-cap';
import { shiftFinding, type PoolResults } from './incremental';

export class GatheredFindings {
  private readonly findings: Finding[] = [];
  /**
   * Carried findings' bookkeeping, in parallel with `findings`: how far each finding's pool moved
   * in the root file since the finding was made, and the pool results it belongs to with its index
   * there (to keep the moved object). Made at the first carried pool: a first analysis, or any
   * analysis without a previous version, has none, and three lists as long as its findings (tens
   * of thousands on a large file) were made only to hold zeros.
   */
  private carried: CarriedFindings | undefined;

  constructor(private readonly root: string) {}

  add(finding: Finding): void {
    this.findings.push(finding);
    this.carried?.add(0, undefined, 0);
  }

  addAll(findings: readonly Finding[]): void {
    for (const finding of findings) this.add(finding);
  }

  /** A pool's findings, as kept in its results (moved by `results.moved` when listed). */
  addPool(results: PoolResults): void {
    const findings = results.findings ?? [];
    if (findings.length === 0) return;
    const carried = (this.carried ??= new CarriedFindings(this.findings.length));
    for (let i = 0; i < findings.length; i++) {
      this.findings.push(findings[i]!);
      carried.add(results.moved, results, i);
    }
  }

  /** Every finding where it is now, in no particular order (for suppressions, which need them all). */
  all(): Finding[] {
    return this.findings.map((_, i) => this.made(i));
  }

  /** Sorted by location (file, start, end, rule; stable), capped per rule and file, moved where listed. */
  listed(): Finding[] {
    const { findings, root } = this;
    const moves = this.carried?.moves;
    const count = findings.length;
    // Where each finding is now, read once: the comparator runs a dozen times per finding.
    const files: string[] = new Array<string>(count);
    const starts = new Float64Array(count);
    const ends = new Float64Array(count);
    const order: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      const loc = findings[i]!.loc;
      const move = moves !== undefined && loc.file === root ? moves[i]! : 0;
      files[i] = loc.file;
      starts[i] = loc.start + move;
      ends[i] = loc.end + move;
      order[i] = i;
    }
    order.sort((a, b) => {
      const fa = files[a]!;
      const fb = files[b]!;
      if (fa !== fb) return fa < fb ? -1 : 1;
      const ra = findings[a]!.rule;
      const rb = findings[b]!.rule;
      return starts[a]! - starts[b]! || ends[a]! - ends[b]! || (ra < rb ? -1 : ra > rb ? 1 : 0);
    });
    return capListed(
      order.length,
      (i) => findings[order[i]!]!,
      (i) => this.made(order[i]!),
      (i) => files[order[i]!]!,
    );
  }

  /** Finding `i` moved to where its pool is now; the object is kept in the pool's results for the next version. */
  private made(i: number): Finding {
    // A deferred finding's words are made here, when it is listed (core/deferred-report.ts).
    const finding = plainFinding(this.findings[i]!);
    const carried = this.carried;
    const move = carried ? carried.moves[i]! : 0;
    if (move === 0) return finding;
    const owner = carried!.owners[i];
    if (!owner) return shiftFinding(finding, this.root, move);
    const listed = (owner.listed ??= []);
    return (listed[carried!.indexes[i]!] ??= shiftFinding(finding, this.root, move));
  }
}

/** Where carried findings came from, one entry per finding gathered (fresh ones hold zeros). */
class CarriedFindings {
  readonly moves: number[] = [];
  readonly owners: (PoolResults | undefined)[] = [];
  readonly indexes: number[] = [];

  /** Starts with `fresh` findings gathered before the first carried one. */
  constructor(fresh: number) {
    for (let i = 0; i < fresh; i++) this.add(0, undefined, 0);
  }

  add(move: number, owner: PoolResults | undefined, index: number): void {
    this.moves.push(move);
    this.owners.push(owner);
    this.indexes.push(index);
  }
}
