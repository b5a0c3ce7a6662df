/**
 * A report whose words are made only when someone reads them. A rule that reports on most pools
 * of a large file (uneven-failure-limits on 6,819 of 7,401 upstreams) built thousands of messages
 * that the per-rule cap then dropped: 100 are listed per rule and file. The engine needs only a
 * finding's rule, severity and location to sort, cap and suppress; the message, related
 * locations and fixes are made when the finding is listed (`plainFinding`) and kept.
 *
 * A deferred report promises what the engine would otherwise check by reading the words: its
 * related and fix locations lie in the pool it reports on (or in another file), and its message
 * never names a line number, so the finding can be carried to the next version of the file
 * unread (engine/incremental.ts).
 */
import type { Finding, Related, Severity } from './finding';
import type { Fix } from './fix';
import type { Report } from './rule';
import type { Loc } from './span';

/** What a deferred report makes on first read. */
export interface ReportWords {
  readonly message: string;
  readonly related?: readonly Related[];
  readonly fixes?: readonly Fix[];
}

/** Which optional fields the finding has, known without making the words. */
export interface DeferredShape {
  readonly related?: boolean;
  readonly fixes?: boolean;
}

/**
 * The words live behind getters on the prototype, so a report or finding costs one small object
 * until read (own accessors cost a hidden class per object, several microseconds each).
 */
abstract class Deferred {
  constructor(
    readonly loc: Loc,
    readonly shape: DeferredShape,
  ) {}

  /** The words, made on first read and kept. */
  abstract words(): ReportWords;

  get related(): readonly Related[] | undefined {
    return this.shape.related ? this.words().related : undefined;
  }

  get fixes(): readonly Fix[] | undefined {
    return this.shape.fixes ? this.words().fixes : undefined;
  }
}

/**
 * A report whose words its subclass makes on first read. A rule that reports on most pools of a
 * large file can extend it with the few fields its words need, one object per report, instead of
 * a closure and the context it captures (`deferredReport` wraps a closure in the same way).
 */
export abstract class ReportOnRead extends Deferred implements Report {
  #words: ReportWords | undefined;

  constructor(
    loc: Loc,
    shape: DeferredShape,
    /** The report's own severity (a rule with graded findings), which a configured one overrides. */
    readonly severity: Severity | undefined,
  ) {
    super(loc, shape);
  }

  /** Makes the words; called once, when they are first read. */
  protected abstract makeWords(): ReportWords;

  words(): ReportWords {
    return (this.#words ??= this.makeWords());
  }

  get message(): string {
    return this.words().message;
  }

  finding(rule: string, severity: Severity, sentence: (message: string) => string, configured: boolean): DeferredFinding {
    const own = configured ? severity : (this.severity ?? severity);
    return new DeferredFinding(rule, own, this, sentence);
  }
}

/** A deferred report whose words a function makes. */
class DeferredReport extends ReportOnRead {
  constructor(
    loc: Loc,
    shape: DeferredShape,
    private readonly make: () => ReportWords,
    severity: Severity | undefined,
  ) {
    super(loc, shape, severity);
  }

  protected makeWords(): ReportWords {
    return this.make();
  }
}

/**
 * A finding whose words are made on first read, by its report (which keeps them: one function per
 * report, none per finding). It is never listed as it is: `plainFinding` turns it into the plain
 * object a written-out report gives, which copies and JSON read as usual.
 */
class DeferredFinding extends Deferred implements Finding {
  #message: string | undefined;
  #plain: Finding | undefined;

  constructor(
    readonly rule: string,
    readonly severity: Severity,
    private readonly report: ReportOnRead,
    private readonly sentence: (message: string) => string,
  ) {
    super(report.loc, report.shape);
  }

  words(): ReportWords {
    return this.report.words();
  }

  get message(): string {
    return (this.#message ??= this.sentence(this.words().message));
  }

  /** The plain finding, made once: its fields in the order `{ rule, severity, ...report }` gives. */
  plain(): Finding {
    if (this.#plain) return this.#plain;
    const { rule, severity, message, loc, related, fixes } = this;
    this.#plain = { rule, severity, message, loc, ...(this.shape.related ? { related } : {}), ...(this.shape.fixes ? { fixes } : {}) };
    return this.#plain;
  }

  toJSON(): Finding {
    return this.plain();
  }
}

/**
 * A report at `loc` whose message, related locations and fixes `words` makes when first read.
 * `shape` says which of `related` and `fixes` the words have, so the listed finding has the same
 * fields, in the same order, as `{ message, loc, related, fixes }` written out. `severity`, when
 * given, is the report's own, as a written-out report's `severity` field: a severity the user
 * configured for the rule still wins.
 */
export function deferredReport(loc: Loc, shape: DeferredShape, words: () => ReportWords, severity?: Severity): Report {
  return new DeferredReport(loc, shape, words, severity);
}

/**
 * The same report with its words made now, its fields in the same order: for a rule whose
 * locations may lie outside the pool on some dialects (an inherited HAProxy `default-server`).
 */
export function immediateReport(loc: Loc, words: () => ReportWords): Report {
  const { message, related, fixes } = words();
  return { message, loc, ...(related ? { related } : {}), ...(fixes ? { fixes } : {}) };
}

/**
 * The finding for a deferred report, with `rule` and `severity` in front and the message made a
 * sentence by `sentence`; undefined when the report is not deferred. `severity` is the rule's
 * effective one: the report's own severity replaces it unless the user `configured` the rule's.
 */
export function deferredFinding(report: Report, rule: string, severity: Severity, sentence: (message: string) => string, configured = false): Finding | undefined {
  return report instanceof ReportOnRead ? report.finding(rule, severity, sentence, configured) : undefined;
}

/** Whether a finding's words are made on read: its locations lie in its pool and its message names no line. */
export function isDeferredFinding(finding: Finding): boolean {
  return finding instanceof DeferredFinding;
}

/** The finding as it is listed: a deferred one as the plain object its words make (the same object each time). */
export function plainFinding(finding: Finding): Finding {
  return finding instanceof DeferredFinding ? finding.plain() : finding;
}
