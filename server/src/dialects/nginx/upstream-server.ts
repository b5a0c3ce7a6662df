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

export function lowerUpstreamServer(tree: NginxTree, d: number, file: string, problems: ParseProblem[]): Member | undefined {
  const count = tree.argCount(d);
  if (count === 0) return undefined;
  const address = tree.argValue(d, 0);
  const fields: MemberFields = {
    weight: 1,
    weightArg: -1,
    role: 'primary',
    state: 'up',
    maxConns: undefined,
    maxFails: undefined,
    failTimeout: undefined,
    slowStart: undefined,
    paramMask: 0,
    resolvesByName: resolvesByName(address),
  };

  // Parameters past the 30th cannot be recorded in the mask; nginx has fewer than ten kinds.
  for (let i = 1; i < count && i < 31; i++) {
    const text = tree.argValue(d, i);
    const eq = text.indexOf('=');
    const name = eq >= 0 ? text.slice(0, eq) : text;
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
        fields.maxConns = Number(value);
        break;
      case 'max_fails':
        fields.maxFails = Number(value);
        break;
      case 'fail_timeout':
        fields.failTimeout = value;
        break;
      case 'slow_start':
        fields.slowStart = value;
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
    }
  }
  return new NginxMember(tree, d, file, address, fields);
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
      return ngxParseSeconds(value) !== undefined
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
