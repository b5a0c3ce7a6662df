/**
 * `balance` and `hash-type` lines -> the model's algorithm and hash spec.
 *
 * Mapping (so dialect-neutral rules can read HAProxy pools): roundrobin -> round-robin, static-rr,
 * leastconn -> least-conn, first, random[(draws)] -> random (draws in the `random-draws` fact),
 * source -> source-hash, uri -> uri-hash, hdr(name) -> header-hash, url_param / rdp-cookie /
 * hash <expr> -> hash or consistent-hash. Whether a hashing pool is consistent is always
 * `pool.hash.consistent`; `hash.key` is the balance arguments as written (`uri whole`,
 * `hdr(host) use_domain_only`, `url_param uid`, `source`), and `hash.function` the effective hash
 * function with its modifier (`sdbm`, `sdbm avalanche`, `crc32`).
 */
import type { Algorithm, HashSpec } from '../../core/model';
import type { Loc } from '../../core/span';
import { BALANCE_ALGORITHMS, HASH_FUNCTIONS } from './keywords';
import { joinedWordValues, wordCount, wordEnd, wordStart, wordValue, type HaLine } from './syntax';

export interface BalanceReading {
  readonly algorithm: Algorithm;
  readonly hash?: HashSpec;
  /** `random(3)`: 3; `random`: 2 (HAProxy's default). */
  readonly draws?: number;
  /** Whether the algorithm needs `mode http` (uri, url_param, hdr). */
  readonly needsHttp: boolean;
}

export interface BalanceProblem {
  readonly message: string;
  readonly at: 'line' | number;
}

/** The name of the algorithm in a `balance` argument: `hdr(host)` -> `hdr`, `random(3)` -> `random`. */
export function balanceName(arg: string): string {
  const paren = arg.indexOf('(');
  return paren > 0 ? arg.slice(0, paren) : arg;
}

export function checkBalance(line: HaLine): BalanceProblem | undefined {
  // Word i of the line is argument i - 1: the arguments are read in place, no list is made.
  const count = wordCount(line);
  const algorithm = wordValue(line, 1);
  if (algorithm === undefined) return undefined;
  const name = balanceName(algorithm);
  if (!BALANCE_ALGORITHMS.has(name) || (name !== algorithm && name !== 'hdr' && name !== 'random' && name !== 'rdp-cookie')) {
    return {
      message: `unknown balance algorithm "${algorithm}": HAProxy supports roundrobin, static-rr, leastconn, first, source, uri, url_param, hdr(name), random, rdp-cookie(name) and hash <expression>`,
      at: 1,
    };
  }
  if (name === 'hdr' && !/^hdr\([^)]+\)$/.test(algorithm)) return { message: 'hdr requires an http header field name: hdr(name)', at: 1 };
  if (name === 'random' && algorithm !== 'random') {
    const draws = /^random\((\d+)\)$/.exec(algorithm);
    if (!draws || Number(draws[1]) < 1) return { message: `${algorithm}: the number of draws must be an integer of at least 1`, at: 1 };
  }
  if ((name === 'url_param' || name === 'hash') && count < 3) {
    return { message: `balance ${name} requires ${name === 'hash' ? 'a sample expression' : 'a URL parameter name'}`, at: 'line' };
  }
  if (name === 'uri') {
    for (let i = 2; i < count; i++) {
      const option = wordValue(line, i)!;
      if (option === 'whole' || option === 'path-only') continue;
      if (option === 'len' || option === 'depth') {
        const length = wordValue(line, i + 1);
        if (!(Number(length) > 0)) return { message: `uri : '${option}' expects a positive integer (got '${length ?? ''}')`, at: i };
        i++;
        continue;
      }
      return { message: `uri only accepts parameters 'len', 'depth', 'path-only', and 'whole' (got '${option}')`, at: i };
    }
  }
  return undefined;
}

export function checkHashType(line: HaLine): BalanceProblem | undefined {
  const type = wordValue(line, 1);
  const fn = wordValue(line, 2);
  const modifier = wordValue(line, 3);
  if (type !== 'map-based' && type !== 'consistent') return { message: `hash-type only supports 'consistent' and 'map-based' (got '${type ?? ''}')`, at: 1 };
  if (fn !== undefined && !HASH_FUNCTIONS.has(fn)) {
    return { message: `hash-type only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions (got '${fn}')`, at: 2 };
  }
  if ((modifier !== undefined && modifier !== 'avalanche') || wordCount(line) > 4) {
    return { message: `hash-type only supports 'avalanche' as a modifier for hash functions (got '${modifier}')`, at: 3 };
  }
  return undefined;
}

/** Reads the effective balance line (undefined: roundrobin) and hash-type line. */
export function readBalance(balance: HaLine | undefined, hashType: HaLine | undefined, file: string): BalanceReading {
  // Read in place (every backend comes here): the arguments are the words after the keyword.
  const count = balance ? wordCount(balance) : 0;
  const first = (balance && wordValue(balance, 1)) ?? 'roundrobin';
  const name = balanceName(first);
  const consistent = hashType !== undefined && wordValue(hashType, 1) === 'consistent';
  const written = hashType && wordValue(hashType, 2);
  const fn = written ?? 'sdbm';
  const avalanche = written === undefined ? consistent : wordValue(hashType!, 3) === 'avalanche';
  const hashFunction = avalanche ? avalancheOf(fn) : fn;
  switch (name) {
    case 'static-rr':
      return { algorithm: 'static-rr', needsHttp: false };
    case 'leastconn':
      return { algorithm: 'least-conn', needsHttp: false };
    case 'first':
      return { algorithm: 'first', needsHttp: false };
    case 'random': {
      const draws = /^random\((\d+)\)$/.exec(first);
      return { algorithm: 'random', draws: draws ? Number(draws[1]) : 2, needsHttp: false };
    }
    case 'source':
      return { algorithm: 'source-hash', hash: hashSpec(balance, count, consistent, hashFunction, file), needsHttp: false };
    case 'uri':
      return { algorithm: 'uri-hash', hash: hashSpec(balance, count, consistent, hashFunction, file), needsHttp: true };
    case 'hdr':
      return { algorithm: 'header-hash', hash: hashSpec(balance, count, consistent, hashFunction, file), needsHttp: true };
    case 'url_param':
      return { algorithm: consistent ? 'consistent-hash' : 'hash', hash: hashSpec(balance, count, consistent, hashFunction, file), needsHttp: true };
    case 'rdp-cookie':
    case 'hash':
      return { algorithm: consistent ? 'consistent-hash' : 'hash', hash: hashSpec(balance, count, consistent, hashFunction, file), needsHttp: false };
    default:
      return { algorithm: 'round-robin', needsHttp: false };
  }
}

/**
 * The hash of a hashing `balance` line of `count` words: its key is the arguments as written, as
 * one flat string (the written text itself when the words are one space apart, as nearly always),
 * where adding word after word made a rope the model kept with its pieces.
 */
function hashSpec(balance: HaLine | undefined, count: number, consistent: boolean, hashFunction: string, file: string): HashSpec {
  if (count < 2) return { key: '', consistent, function: hashFunction };
  const key = joinedWordValues(balance!, 1, count);
  const keyLoc: Loc = { file, start: wordStart(balance!, 1), end: wordEnd(balance!, count - 1) };
  return { key, keyLoc, consistent, function: hashFunction };
}

/** `sdbm avalanche` and the like, one string per hash function for every pool (bounded: a file with many unknown functions starts over). */
const AVALANCHE = new Map<string, string>();

function avalancheOf(fn: string): string {
  let text = AVALANCHE.get(fn);
  if (text === undefined) {
    if (AVALANCHE.size >= 64) AVALANCHE.clear();
    AVALANCHE.set(fn, (text = `${fn} avalanche`));
  }
  return text;
}
