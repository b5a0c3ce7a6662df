/**
 * One `server` line inside an nginx `upstream` block, lowered to a model member. Parameter values
 * are validated the way nginx validates them at start-up; what nginx rejects is a problem.
 *
 * This runs once per upstream server, tens of thousands of times for a large config, so it keeps
 * allocation to what the model needs: no closures, no locations until someone asks (see
 * upstream-member.ts).
 */
import type { ParseProblem } from '../../core/finding';
import type { Member } from '../../core/model';
import { resolvesByName } from './addresses';
import { LimitsReader, NO_LIMITS } from './limits-table';
import { NginxMember, type MemberFields, type MemberSite } from './upstream-member';
import { editDistance } from '../../core/text';

const FLAGS = ['backup', 'down', 'resolve', 'drain'];
const VALUED = ['weight', 'max_conns', 'max_fails', 'fail_timeout', 'slow_start', 'route', 'service'];
/**
 * nginx's largest integer (NGX_MAX_INT_T_VALUE of a 64-bit build), 2^63 - 1: ngx_atoi and
 * ngx_parse_time refuse anything larger, and so does `nginx -t`.
 */
export const NGX_MAX_INT = 9223372036854775807n;
const NGX_MAX_INT_TEXT = NGX_MAX_INT.toString();

/**
 * `site` is the tree and file the `server` directive `d` is read from, shared by the members read there.
 * A server shares its limits object with every server that writes the same limits (limits-table.ts).
 *
 * Parameters are read where they are written, by offsets into the text (a quoted or escaped one
 * from its value): a `server` line makes the address string and, when its limits were not seen
 * before, the time strings it keeps, and no string per parameter.
 */
export function lowerUpstreamServer(site: MemberSite, d: number, problems: ParseProblem[]): Member | undefined {
  const { tree, file } = site;
  const count = tree.argCount(d);
  if (count === 0) return undefined;
  const address = tree.argValue(d, 0);
  const limits = limitsReader;
  limits.reset();
  // One scratch object for every server: the member copies the fields it keeps.
  const fields = scratch;
  fields.weight = 1;
  fields.weightArg = -1;
  fields.role = 'primary';
  fields.state = 'up';
  fields.limits = NO_LIMITS;
  fields.paramMask = 0;
  fields.resolvesByName = resolvesByName(address);
  fields.resolveParam = false;

  // Parameters past the 30th cannot be recorded in the mask; nginx has fewer than ten kinds.
  for (let i = 1; i < count && i < 31; i++) {
    // The parameter is `s[from, to)`: the file text itself for a bare word, else its value.
    const plain = tree.argPlain(d, i);
    const s = plain ? tree.text : tree.argValue(d, i);
    const from = plain ? tree.argStart(d, i) : 0;
    const to = plain ? tree.argEnd(d, i) : s.length;
    const eq = indexOfEquals(s, from, to);
    const valued = eq >= 0;
    const kind = valued ? valuedKind(s, from, eq) : flagKind(s, from, to);
    const valueFrom = valued ? eq + 1 : to;
    let number: number | undefined;
    let problem: string | undefined;
    switch (kind) {
      case WEIGHT:
        number = ngxAtoi(s, valueFrom, to);
        if (number === undefined || allZeros(s, valueFrom, to)) problem = `the weight must be a whole number from 1 to ${NGX_MAX_INT_TEXT}`;
        break;
      case MAX_CONNS:
      case MAX_FAILS:
        number = ngxAtoi(s, valueFrom, to);
        if (number === undefined) problem = `${VALUED[kind]} must be a whole number from 0 to ${NGX_MAX_INT_TEXT}`;
        break;
      case FAIL_TIMEOUT:
      case SLOW_START:
        if (!isNgxSeconds(s, valueFrom, to)) {
          problem = `${VALUED[kind]} must be a time such as 10s or 1m30s, each unit at most once and from the largest down, adding up to at most ${NGX_MAX_INT_TEXT} seconds`;
        }
        break;
      case UNKNOWN:
        problem = unknownParameter(s.slice(from, valued ? eq : to));
        break;
    }
    if (problem) {
      const text = plain ? s.slice(from, to) : s;
      problems.push({
        kind: 'syntax',
        message: `invalid parameter "${text}" in upstream server ${address}: ${problem}; nginx -t rejects it`,
        loc: { file, start: tree.argStart(d, i), end: tree.argEnd(d, i) },
      });
      continue;
    }
    fields.paramMask |= 1 << i;
    switch (kind) {
      case WEIGHT:
        fields.weight = number!;
        fields.weightArg = i;
        break;
      case MAX_CONNS:
        limits.maxConns = number;
        break;
      case MAX_FAILS:
        limits.maxFails = number;
        break;
      case FAIL_TIMEOUT:
        limits.failTimeout(s, valueFrom, to);
        break;
      case SLOW_START:
        limits.slowStart(s, valueFrom, to);
        break;
      case BACKUP:
        fields.role = 'backup';
        break;
      case DOWN:
        fields.state = 'down';
        break;
      case DRAIN:
        fields.state = 'drained';
        break;
      case RESOLVE:
        fields.resolveParam = true;
        break;
    }
  }
  fields.limits = limits.limits();
  return new NginxMember(site, d, address, fields);
}

// Parameter kinds: the valued ones are their index in VALUED, the flags follow.
const WEIGHT = 0;
const MAX_CONNS = 1;
const MAX_FAILS = 2;
const FAIL_TIMEOUT = 3;
const SLOW_START = 4;
const BACKUP = VALUED.length;
const DOWN = BACKUP + 1;
const RESOLVE = BACKUP + 2;
const DRAIN = BACKUP + 3;
const UNKNOWN = -1;
const VALUED_BY_LENGTH = kindsByLength(VALUED, 0);
const FLAG_BY_LENGTH = kindsByLength(FLAGS, BACKUP);

/** The offset of the first `=` in `s[from, to)`, or -1 (`indexOf` would search on past `to`). */
function indexOfEquals(s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 61) return i;
  return -1;
}

/**
 * The kinds of the known names by their length (UNKNOWN for a length no name has), first name
 * first: `max_conns` stands for both nine-letter names. A parameter's name is compared with the
 * one known name of its length, not with the names in turn: the loop over the names was the
 * hottest line of reading a dense configuration's server lines (three parameters a server).
 */
function kindsByLength(names: readonly string[], first: number): readonly number[] {
  const kinds: number[] = new Array<number>(13).fill(UNKNOWN);
  names.forEach((name, k) => {
    if (kinds[name.length] === UNKNOWN) kinds[name.length] = first + k;
  });
  return kinds;
}

/** The kind of the `name=` in `s[from, eq)`: the index of a known name in VALUED, or UNKNOWN. */
function valuedKind(s: string, from: number, eq: number): number {
  const length = eq - from;
  let k = length < VALUED_BY_LENGTH.length ? VALUED_BY_LENGTH[length]! : UNKNOWN;
  // max_conns and max_fails: the fifth letter tells them apart (`c` is 99).
  if (k === MAX_CONNS && s.charCodeAt(from + 4) !== 99) k = MAX_FAILS;
  return k !== UNKNOWN && sameAt(s, from, VALUED[k]!) ? k : UNKNOWN;
}

/** The kind of the flag `s[from, to)`, or UNKNOWN. */
function flagKind(s: string, from: number, to: number): number {
  const length = to - from;
  const k = length < FLAG_BY_LENGTH.length ? FLAG_BY_LENGTH[length]! : UNKNOWN;
  return k !== UNKNOWN && sameAt(s, from, FLAGS[k - BACKUP]!) ? k : UNKNOWN;
}

/** Whether `s` holds `known` at `from` (the caller knows there is room for it). */
function sameAt(s: string, from: number, known: string): boolean {
  for (let i = 0; i < known.length; i++) if (s.charCodeAt(from + i) !== known.charCodeAt(i)) return false;
  return true;
}

/** One reader for every server: the member keeps only the shared limits object it answers. */
const limitsReader = new LimitsReader();
const scratch: MemberFields = { weight: 1, weightArg: -1, role: 'primary', state: 'up', limits: NO_LIMITS, paramMask: 0, resolvesByName: false, resolveParam: false };

/** Names the closest parameter nginx knows, for a typo such as `max_fail=3`. */
function unknownParameter(name: string): string {
  const close = [...VALUED, ...FLAGS].find((k) => editDistance(k, name) <= 2);
  if (close) return `not a parameter nginx knows; did you mean ${VALUED.includes(close) ? `${close}=` : close}?`;
  return 'not a parameter nginx knows (weight=, max_conns=, max_fails=, fail_timeout=, backup, down, resolve, slow_start=)';
}

/**
 * ngx_atoi of `text[from, to)` (all of `text` by default): decimal digits only (leading zeros
 * allowed), at most NGX_MAX_INT; what nginx parses to NGX_ERROR is undefined. A weight is then a
 * double: above 2^53 it is rounded, which moves no share by a measurable amount.
 */
export function ngxAtoi(text: string, from = 0, to = text.length): number | undefined {
  if (to === from) return undefined;
  let first = from;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    if (c === 48 && first === i) first++;
    value = value * 10 + (c - 48);
  }
  const digits = to - first;
  // Up to 15 digits the sum above is exact; longer numbers are read as a whole, as they were.
  if (digits <= 15) return value;
  if (digits > NGX_MAX_INT_TEXT.length) return undefined;
  const significant = text.slice(first, to);
  // Equal lengths compare as numbers when compared as strings.
  if (digits === NGX_MAX_INT_TEXT.length && significant > NGX_MAX_INT_TEXT) return undefined;
  return Number(significant);
}

function allZeros(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 48) return false;
  return true;
}

/** Seconds per unit, in the order nginx requires them (largest first). */
const TIME_UNITS: readonly (readonly [string, bigint])[] = [
  ['y', 31536000n],
  ['M', 2592000n],
  ['w', 604800n],
  ['d', 86400n],
  ['h', 3600n],
  ['m', 60n],
  ['s', 1n],
];

/**
 * ngx_parse_time for seconds (is_sec = 1), as `fail_timeout` is read: numbers each followed by a
 * unit, units from the largest down and each at most once, spaces between parts, a bare number
 * last meaning seconds; `ms` is refused, and so is any part or total past NGX_MAX_INT seconds.
 * Returns the seconds, or undefined when nginx returns NGX_ERROR.
 */
export function ngxParseSeconds(text: string): bigint | undefined {
  const simple = simpleSeconds(text, 0, text.length);
  if (simple !== undefined) return BigInt(simple);
  return parseSecondsFully(text);
}

/**
 * Whether `text` is valid for nginx as a time in seconds, the check made on every `fail_timeout`
 * of a large config: the usual forms (`10s`, `30`) without allocating, the rest by the full parser.
 */
export function isNgxSeconds(text: string, from = 0, to = text.length): boolean {
  return simpleSeconds(text, from, to) !== undefined || parseSecondsFully(from === 0 && to === text.length ? text : text.slice(from, to)) !== undefined;
}

/**
 * The seconds of `text[from, to)` when it is one number of at most 10 digits with an optional
 * unit letter (so the result is far below NGX_MAX_INT), else undefined (which does not mean invalid).
 */
function simpleSeconds(text: string, from: number, to: number): number | undefined {
  let at = from;
  let value = 0;
  while (at < to) {
    const c = text.charCodeAt(at);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    at++;
  }
  const digits = at - from;
  if (digits === 0 || digits > 10) return undefined;
  const rest = to - at;
  if (rest > 1) return undefined;
  const scale = rest === 0 ? 1 : SECONDS_BY_UNIT_CODE.get(text.charCodeAt(at));
  return scale === undefined ? undefined : value * scale;
}

/** Seconds per unit letter (its char code), for the common form; the same table as TIME_UNITS. */
const SECONDS_BY_UNIT_CODE: ReadonlyMap<number, number> = new Map(TIME_UNITS.map(([unit, seconds]) => [unit.charCodeAt(0), Number(seconds)]));

function parseSecondsFully(text: string): bigint | undefined {
  const part = /(\d+)(ms|[yMwdhms ]?)( *)/y;
  let total = 0n;
  let step = -1;
  let valid = false;
  let at = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const match = part.exec(text);
    if (!match || match[0].length === 0) return undefined;
    at = part.lastIndex;
    valid = true;
    const value = BigInt(match[1]!);
    if (value > NGX_MAX_INT) return undefined;
    const unit = match[2]!;
    if (unit === '') {
      if (at < text.length) return undefined;
      total += value;
      break;
    }
    if (unit === 'ms') return undefined;
    // A space ends a number as seconds and allows nothing but seconds-free parts after it.
    const index = unit === ' ' ? TIME_UNITS.length : TIME_UNITS.findIndex(([name]) => name === unit);
    if (index <= step) return undefined;
    step = index;
    const scale = unit === ' ' ? 1n : TIME_UNITS[index]![1];
    if (value > NGX_MAX_INT / scale) return undefined;
    total += value * scale;
  }
  return valid && total <= NGX_MAX_INT ? total : undefined;
}
