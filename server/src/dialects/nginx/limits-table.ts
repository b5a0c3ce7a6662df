/**
 * The limits objects of upstream servers (`max_conns`, `max_fails`, `fail_timeout`, `slow_start`),
 * shared by every server that writes the same limits. A large configuration repeats a handful of
 * combinations across tens of thousands of servers, often alternating within one upstream (the
 * ring-heavy bench file mixes four `max_fails` and four `fail_timeout` values), so comparing with
 * the previous server's limits alone made one object and one or two strings for most servers.
 *
 * The limits are found by their values in a small hash table, the times compared where the line
 * writes them, so that a server whose limits were seen before makes no object and no string. The
 * table outlives an analysis, as the objects are frozen and never modified. A combination that
 * finds its slots taken replaces the first, which costs a new object, never a wrong answer.
 */
import type { MemberLimits } from '../../core/model';

export const NO_LIMITS: MemberLimits = Object.freeze({});

/** A power of two, ten times the combinations a configuration usually has. */
const SLOTS = 256;
/** How many slots from the hash's a lookup tries: combinations whose hashes meet still find room. */
const PROBES = 4;
const table: (MemberLimits | undefined)[] = new Array<MemberLimits | undefined>(SLOTS).fill(undefined);

/**
 * The limits one `server` line writes, read parameter by parameter (`reset` first): numbers as
 * numbers, times as the span `text[from, to)` where they are written (no `text`: not written).
 */
export class LimitsReader {
  maxConns: number | undefined = undefined;
  maxFails: number | undefined = undefined;
  private failText: string | undefined = undefined;
  private failFrom = 0;
  private failTo = 0;
  private slowText: string | undefined = undefined;
  private slowFrom = 0;
  private slowTo = 0;

  reset(): void {
    this.maxConns = undefined;
    this.maxFails = undefined;
    this.failText = undefined;
    this.slowText = undefined;
  }

  failTimeout(text: string, from: number, to: number): void {
    this.failText = text;
    this.failFrom = from;
    this.failTo = to;
  }

  slowStart(text: string, from: number, to: number): void {
    this.slowText = text;
    this.slowFrom = from;
    this.slowTo = to;
  }

  /** The shared, frozen limits object with the values read, made only when the table lacks it. */
  limits(): MemberLimits {
    const { maxConns, maxFails, failText, slowText } = this;
    if (maxConns === undefined && maxFails === undefined && failText === undefined && slowText === undefined) return NO_LIMITS;
    let hash = Math.imul(maxConns === undefined ? -1 : maxConns | 0, 0x9e3779b1);
    hash = Math.imul(hash ^ (maxFails === undefined ? -1 : maxFails | 0), 0x01000193);
    hash = spanHash(hash, failText, this.failFrom, this.failTo);
    hash = spanHash(hash, slowText, this.slowFrom, this.slowTo);
    const home = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    let free = home;
    for (let probe = 0; probe < PROBES; probe++) {
      const slot = (home + probe) & (SLOTS - 1);
      const kept = table[slot];
      if (kept === undefined) {
        free = slot;
        break;
      }
      if (
        kept.maxConns === maxConns &&
        kept.maxFails === maxFails &&
        sameText(kept.failTimeout, failText, this.failFrom, this.failTo) &&
        sameText(kept.slowStart, slowText, this.slowFrom, this.slowTo)
      ) {
        return kept;
      }
    }
    // The keys in the order JSON output has always shown them.
    const limits: { -readonly [K in keyof MemberLimits]: MemberLimits[K] } = {};
    if (maxConns !== undefined) limits.maxConns = maxConns;
    if (maxFails !== undefined) limits.maxFails = maxFails;
    if (failText !== undefined) limits.failTimeout = failText.slice(this.failFrom, this.failTo);
    if (slowText !== undefined) limits.slowStart = slowText.slice(this.slowFrom, this.slowTo);
    return (table[free] = Object.freeze(limits));
  }
}

/** `hash` mixed with the length and characters of `text[from, to)`, or with a marker when there is no text. */
function spanHash(hash: number, text: string | undefined, from: number, to: number): number {
  if (text === undefined) return Math.imul(hash ^ -1, 0x01000193);
  hash = Math.imul(hash ^ (to - from), 0x01000193);
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** Whether the kept value `kept` is what `text[from, to)` holds (both absent counts as the same). */
function sameText(kept: string | undefined, text: string | undefined, from: number, to: number): boolean {
  if (text === undefined) return kept === undefined;
  return kept !== undefined && kept.length === to - from && text.startsWith(kept, from);
}
