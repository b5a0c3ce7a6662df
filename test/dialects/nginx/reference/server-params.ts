/**
 * TEST ORACLE: how an upstream `server` line's parameters and a `*_pass` target were read before
 * upstream-server.ts and addresses.ts switched to reading them by offsets (one string per
 * parameter, regular expressions for addresses and schemes), kept so that property tests can
 * check the faster code gives the same members, problems and targets. Not used by the product.
 */
import { editDistance } from '../../../../server/src/core/text';
import { NGX_MAX_INT } from '../../../../server/src/dialects/nginx/upstream-server';

const FLAGS = ['backup', 'down', 'resolve', 'drain'];
const VALUED = ['weight', 'max_conns', 'max_fails', 'fail_timeout', 'slow_start', 'route', 'service'];
const NGX_MAX_INT_TEXT = NGX_MAX_INT.toString();

export interface ReferenceServer {
  weight: number;
  weightArg: number;
  role: 'primary' | 'backup';
  state: 'up' | 'down' | 'drained';
  limits: { maxConns?: number; maxFails?: number; failTimeout?: string; slowStart?: string };
  /** The argument indexes of the valid parameters. */
  valid: number[];
  resolvesByName: boolean;
  resolveParam: boolean;
  /** The problem message of each invalid parameter, by argument index. */
  problems: [number, string][];
}

/** The server line whose argument values are `args` (the address first), read as before. */
export function referenceServer(args: readonly string[]): ReferenceServer {
  const address = args[0]!;
  const out: ReferenceServer = { weight: 1, weightArg: -1, role: 'primary', state: 'up', limits: {}, valid: [], resolvesByName: resolvesByName(address), resolveParam: false, problems: [] };
  for (let i = 1; i < args.length && i < 31; i++) {
    const text = args[i]!;
    const eq = text.indexOf('=');
    const name = eq >= 0 ? text.slice(0, eq) : text;
    const value = eq >= 0 ? text.slice(eq + 1) : '';
    const problem = eq < 0 ? (FLAGS.includes(name) ? undefined : unknownParameter(name)) : checkValue(name, value);
    if (problem) {
      out.problems.push([i, `invalid parameter "${text}" in upstream server ${address}: ${problem}; nginx -t rejects it`]);
      continue;
    }
    out.valid.push(i);
    switch (name) {
      case 'weight':
        out.weight = Number(value);
        out.weightArg = i;
        break;
      case 'max_conns':
        out.limits.maxConns = Number(value);
        break;
      case 'max_fails':
        out.limits.maxFails = Number(value);
        break;
      case 'fail_timeout':
        out.limits.failTimeout = value;
        break;
      case 'slow_start':
        out.limits.slowStart = value;
        break;
      case 'backup':
        out.role = 'backup';
        break;
      case 'down':
        out.state = 'down';
        break;
      case 'drain':
        out.state = 'drained';
        break;
      case 'resolve':
        out.resolveParam = true;
        break;
    }
  }
  return out;
}

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

function unknownParameter(name: string): string {
  const close = [...VALUED, ...FLAGS].find((k) => editDistance(k, name) <= 2);
  if (close) return `not a parameter nginx knows; did you mean ${VALUED.includes(close) ? `${close}=` : close}?`;
  return 'not a parameter nginx knows (weight=, max_conns=, max_fails=, fail_timeout=, backup, down, resolve, slow_start=)';
}

function ngxAtoi(text: string): number | undefined {
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

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?$/;
const IPV6_BRACKETED = /^\[[0-9a-fA-F:.]+(?:%[\w.]+)?\](?::\d+)?$/;

export function resolvesByName(address: string): boolean {
  const first = address.charCodeAt(0);
  if (first >= 48 && first <= 57) return !IPV4.test(address);
  if (first === 91) return !IPV6_BRACKETED.test(address);
  return !address.startsWith('unix:');
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

export function passTarget(value: string): { host: string; hasPort: boolean; hostOffset: number; dynamic: boolean } | undefined {
  let rest = value;
  let offset = 0;
  const scheme = SCHEME.exec(rest);
  if (scheme) {
    offset = scheme[0].length;
    rest = rest.slice(offset);
  }
  if (rest.startsWith('unix:')) return undefined;
  let end = rest.length;
  for (const stop of ['/', '?']) {
    const at = rest.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  let hostPort = rest.slice(0, end);
  let hasPort = false;
  if (hostPort.startsWith('[')) {
    hasPort = /\]:\d+$/.test(hostPort);
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      hasPort = true;
      hostPort = hostPort.slice(0, colon);
    }
  }
  if (hostPort === '') return undefined;
  return { host: hostPort, hasPort, hostOffset: offset, dynamic: hostPort.includes('$') };
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
 * Whether `text` is valid for nginx as a time in seconds, the check made on every `fail_timeout`
 * of a large config: the usual forms (`10s`, `30`) without allocating, the rest by the full parser.
 */
function isNgxSeconds(text: string): boolean {
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
