/**
 * One `server` line inside an nginx `upstream` block, lowered to a model member. Parameter values
 * are validated the way nginx validates them at start-up; what nginx rejects is a problem.
 *
 * This runs once per upstream server, tens of thousands of times for a large config, so it keeps
 * allocation to what the model needs: no closures, no locations until someone asks (see
 * upstream-member.ts).
 */
import type { ParseProblem } from '../../core/finding';
import type { Member, MemberLimits } from '../../core/model';
import { resolvesByName } from './addresses';
import type { NginxTree } from './tree';
import { NginxMember, type MemberFields } from './upstream-member';
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
 * `previous` is the limits of the server lowered before this one in the same upstream: when this
 * server's limits are the same, it shares that object.
 */
export function lowerUpstreamServer(tree: NginxTree, d: number, file: string, problems: ParseProblem[], previous: MemberLimits = NO_LIMITS): Member | undefined {
  const count = tree.argCount(d);
  if (count === 0) return undefined;
  const address = tree.argValue(d, 0);
  let maxConns: number | undefined;
  let maxFails: number | undefined;
  let failTimeout: string | undefined;
  let slowStart: string | undefined;
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
    const text = tree.argValue(d, i);
    const eq = text.indexOf('=');
    const name = eq >= 0 ? parameterName(text, eq) : text;
    const value = eq >= 0 ? text.slice(eq + 1) : '';
    const problem = eq < 0 ? (FLAGS.includes(name) ? undefined : unknownParameter(name)) : checkValue(name, value);
    if (problem) {
      problems.push({
        kind: 'syntax',
        message: `invalid parameter "${text}" in upstream server ${address}: ${problem}; nginx -t rejects it`,
        loc: { file, start: tree.argStart(d, i), end: tree.argEnd(d, i) },
      });
      continue;
    }
    fields.paramMask |= 1 << i;
    switch (name) {
      case 'weight':
        fields.weight = Number(value);
        fields.weightArg = i;
        break;
      case 'max_conns':
        maxConns = Number(value);
        break;
      case 'max_fails':
        maxFails = Number(value);
        break;
      case 'fail_timeout':
        failTimeout = value;
        break;
      case 'slow_start':
        slowStart = value;
        break;
      case 'backup':
        fields.role = 'backup';
        break;
      case 'down':
        fields.state = 'down';
        break;
      case 'drain':
        fields.state = 'drained';
        break;
      case 'resolve':
        fields.resolveParam = true;
        break;
    }
  }
  fields.limits = sharedLimits(previous, maxConns, maxFails, failTimeout, slowStart);
  return new NginxMember(tree, d, file, address, fields);
}

const NO_LIMITS: MemberLimits = Object.freeze({});
const scratch: MemberFields = { weight: 1, weightArg: -1, role: 'primary', state: 'up', limits: NO_LIMITS, paramMask: 0, resolvesByName: false, resolveParam: false };

/**
 * A frozen limits object with these values: `last` when its values are the same (the servers of
 * one upstream usually repeat their limits), so that a pool of servers with equal limits holds one
 * object, not one each.
 */
function sharedLimits(
  last: MemberLimits,
  maxConns: number | undefined,
  maxFails: number | undefined,
  failTimeout: string | undefined,
  slowStart: string | undefined,
): MemberLimits {
  if (maxConns === undefined && maxFails === undefined && failTimeout === undefined && slowStart === undefined) return NO_LIMITS;
  if (last.maxConns === maxConns && last.maxFails === maxFails && last.failTimeout === failTimeout && last.slowStart === slowStart) return last;
  const limits: { -readonly [K in keyof MemberLimits]: MemberLimits[K] } = {};
  if (maxConns !== undefined) limits.maxConns = maxConns;
  if (maxFails !== undefined) limits.maxFails = maxFails;
  if (failTimeout !== undefined) limits.failTimeout = failTimeout;
  if (slowStart !== undefined) limits.slowStart = slowStart;
  return Object.freeze(limits);
}

/** The text before `=`: one of the known names (no new string) or a slice for an unknown one. */
function parameterName(text: string, eq: number): string {
  for (const known of VALUED) if (known.length === eq && text.startsWith(known)) return known;
  return text.slice(0, eq);
}

/** Why nginx rejects `name=value`, or undefined when it accepts it. */
function checkValue(name: string, value: string): string | undefined {
  switch (name) {
    case 'weight':
      return ngxAtoi(value) !== undefined && !allZeros(value) ? undefined : `the weight must be a whole number from 1 to ${NGX_MAX_INT_TEXT}`;
    case 'max_conns':
    case 'max_fails':
      return ngxAtoi(value) !== undefined ? undefined : `${name} must be a whole number from 0 to ${NGX_MAX_INT_TEXT}`;
    case 'fail_timeout':
    case 'slow_start':
      return isNgxSeconds(value)
        ? undefined
        : `${name} must be a time such as 10s or 1m30s, each unit at most once and from the largest down, adding up to at most ${NGX_MAX_INT_TEXT} seconds`;
    case 'route':
    case 'service':
      return undefined;
    default:
      return unknownParameter(name);
  }
}

/** Names the closest parameter nginx knows, for a typo such as `max_fail=3`. */
function unknownParameter(name: string): string {
  const close = [...VALUED, ...FLAGS].find((k) => editDistance(k, name) <= 2);
  if (close) return `not a parameter nginx knows; did you mean ${VALUED.includes(close) ? `${close}=` : close}?`;
  return 'not a parameter nginx knows (weight=, max_conns=, max_fails=, fail_timeout=, backup, down, resolve, slow_start=)';
}

/**
 * ngx_atoi: decimal digits only (leading zeros allowed), at most NGX_MAX_INT; what nginx parses to
 * NGX_ERROR is undefined. A weight is then a double: above 2^53 it is rounded, which moves no
 * share by a measurable amount.
 */
export function ngxAtoi(text: string): number | undefined {
  if (text.length === 0) return undefined;
  let first = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    if (c === 48 && first === i) first++;
  }
  const digits = text.length - first;
  if (digits > NGX_MAX_INT_TEXT.length) return undefined;
  // Equal lengths compare as numbers when compared as strings.
  if (digits === NGX_MAX_INT_TEXT.length && text.slice(first) > NGX_MAX_INT_TEXT) return undefined;
  return Number(text);
}

function allZeros(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 48) return false;
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
  const simple = simpleSeconds(text);
  if (simple !== undefined) return BigInt(simple);
  return parseSecondsFully(text);
}

/**
 * Whether `text` is valid for nginx as a time in seconds, the check made on every `fail_timeout`
 * of a large config: the usual forms (`10s`, `30`) without allocating, the rest by the full parser.
 */
export function isNgxSeconds(text: string): boolean {
  return simpleSeconds(text) !== undefined || parseSecondsFully(text) !== undefined;
}

/** Seconds per unit letter, for the common form: up to 10 digits and at most one unit. */
const SIMPLE_UNITS: Readonly<Record<string, number>> = { y: 31536000, M: 2592000, w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/**
 * The seconds of `text` when it is one number of at most 10 digits with an optional unit letter
 * (so the result is far below NGX_MAX_INT), else undefined (which does not mean invalid).
 */
function simpleSeconds(text: string): number | undefined {
  let digits = 0;
  let value = 0;
  while (digits < text.length) {
    const c = text.charCodeAt(digits);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    digits++;
  }
  if (digits === 0 || digits > 10) return undefined;
  const rest = text.length - digits;
  if (rest > 1) return undefined;
  const scale = rest === 0 ? 1 : SIMPLE_UNITS[text[digits]!];
  return scale === undefined ? undefined : value * scale;
}

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
