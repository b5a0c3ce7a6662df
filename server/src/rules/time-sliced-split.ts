import { percent, percents } from '../core/format';
import type { Pool } from '../core/model';
import { defineRule } from '../core/rule';
import { createRouter } from '../traffic';
import { BoundedCache } from '../traffic/lru';

/** How a variable that says nothing about the client varies. */
type Variation = { kind: 'clock'; period: string } | { kind: 'request'; what: string } | { kind: 'fixed'; what: string };

/**
 * Variables that change with the clock, per request or connection, or never: none tells clients apart.
 * A map, not an object literal: a key is user text, and `$constructor` or `${__proto__}` looked up
 * in an object finds Object's prototype members instead of no entry.
 */
const VARIABLES: ReadonlyMap<string, Variation> = new Map(Object.entries<Variation>({
  time_local: { kind: 'clock', period: 'second' },
  time_iso8601: { kind: 'clock', period: 'second' },
  date_local: { kind: 'clock', period: 'second' },
  date_gmt: { kind: 'clock', period: 'second' },
  msec: { kind: 'clock', period: 'millisecond' },
  request_id: { kind: 'request', what: 'a random id per request' },
  request_time: { kind: 'request', what: 'the time spent on the request so far' },
  connection: { kind: 'request', what: 'the connection serial number' },
  connection_requests: { kind: 'request', what: 'the request count on the connection' },
  remote_port: { kind: 'request', what: 'the client port, new on every connection' },
  pid: { kind: 'fixed', what: 'the worker process id' },
  hostname: { kind: 'fixed', what: 'the host name of the nginx machine' },
  nginx_version: { kind: 'fixed', what: 'the nginx version' },
}));

/**
 * The variable names in a complex value, read as ngx_http_script_compile reads them: after `$`,
 * an optional `{`, then ASCII letters, digits and `_` (a `{` must close). Undefined when nginx -t
 * rejects the value (`$` before anything else, an unclosed `{`) or it uses a regex capture
 * (`$1`..`$9`), which says nothing this rule can judge.
 */
export function keyVariables(key: string): string[] | undefined {
  const names: string[] = [];
  for (let i = key.indexOf('$'); i >= 0; i = key.indexOf('$', i)) {
    i++;
    if (key[i]! >= '1' && key[i]! <= '9') return undefined;
    const bracket = key[i] === '{';
    if (bracket) i++;
    const start = i;
    while (i < key.length && isNameChar(key.charCodeAt(i))) i++;
    if (i === start) return undefined;
    if (bracket) {
      if (key[i] !== '}') return undefined;
      i++;
    }
    names.push(key.slice(start, bracket ? i - 1 : i).toLowerCase());
  }
  return names;
}

/**
 * How each variable of a key varies, when every one is in VARIABLES; null when one is not or nginx
 * rejects the key. Kept per key text: a generated file's thousands of hash upstreams share a
 * handful of keys, and reading each anew made two lists and a string per variable per pool.
 */
const variationsByKey = new BoundedCache<readonly Variation[] | null>(1024);

/** Consecutive pools of a generated file mostly share their key: a repeated key costs one map lookup and no closure. */
function keyVariations(key: string): readonly Variation[] | null {
  return variationsByKey.get(key, variationsOf);
}

function variationsOf(key: string): readonly Variation[] | null {
  const variations = keyVariables(key)?.map((name) => VARIABLES.get(name));
  return !variations || variations.some((v) => v === undefined) ? null : (variations as Variation[]);
}

function isNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

const rule = defineRule({
  meta: {
    id: 'time-sliced-split',
    scope: 'pool',
    title: 'A split or hash key does not tell clients apart',
    severity: 'warning',
    dialects: ['nginx'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports a `split_clients` key or an upstream `hash` key made only of variables that say nothing about the client: the clock (`$time_local`, `$time_iso8601`, `$msec`, `$date_local`, `$date_gmt`), values that change with every request or connection (`$request_id`, `$request_time`, `$connection`, `$connection_requests`, `$remote_port`), values fixed per worker or machine (`$pid`, `$hostname`, `$nginx_version`), and literal text. A key with any other variable (`$remote_addr`, `$cookie_*`, `$arg_*`, `$http_*`, `$uri`, ...) is left alone. The message says what the split becomes, with the configured percentages.',
      whyItMatters:
        '`split_clients "${time_local}AAA" $variant { 99% a; 1% b; }` looks like a 1% canary, but the key is the same for every request in a given second: for about 1% of seconds, `b` receives all traffic, and every client flips between variants from one second to the next. A `hash $time_local` upstream likewise sends every request of a second to one member, which then carries the whole load. A per-request key splits the traffic but not the clients, so no user stays on one variant; a fixed key sends everything to one variant.',
      example: 'split_clients "${time_local}AAA" $variant {\n    99% a;\n    1%  b;\n}',
      fix: 'Key the split on the client: `"${remote_addr}AAA"`, `$binary_remote_addr`, a session cookie (`$cookie_session`) or a user id header, and the hash on what should stick together (`$request_uri` for caches, the client for sessions).',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_split_clients_module.html',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#hash',
        'https://nginx.org/en/docs/http/ngx_http_core_module.html#variables',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      // A pool without a key is not read further, and only a split's algorithm text is read: an
      // upstream's is made on first read.
      if (!pool.hash) continue;
      const split = pool.kind === 'split' && pool.algorithmText === 'split_clients';
      if (!split && pool.algorithm !== 'hash' && pool.algorithm !== 'consistent-hash') continue;
      // A key nginx rejects, or with a variable that may tell clients apart, is not this rule's.
      const kinds = keyVariations(pool.hash.key);
      if (!kinds) continue;
      const clock = kinds.find((v) => v.kind === 'clock');
      const request = kinds.find((v) => v.kind === 'request');
      const fixed = kinds.find((v) => v.kind === 'fixed');
      const key = pool.hash.key;
      const target = split ? 'variant' : 'member';
      // What each member is meant to get: the engine's shares, or for a key without variables
      // (which the engine rightly sends to one member) the configured weights.
      const meant = intended(pool, !clock && !request && !fixed ? undefined : context.shares(pool).members.map((m) => m.share));
      // No member is meant to get traffic (no members, or all down): there is no split to speak of.
      if (meant.length === 0) continue;
      const subject = split ? `split_clients ${pool.name} does not split clients: its key "${key}"` : `upstream ${pool.name} hashes on "${key}", which`;
      let meaning: string;
      if (request) {
        meaning = `changes with ${request.what}, so each ${request.what.includes('connection') || request.what.includes('port') ? 'connection' : 'request'} draws its ${target} anew: the shares hold for the traffic, but no client stays on one ${target}`;
      } else if (clock) {
        const shown = meant.slice(0, 3);
        const texts = percents(...shown.map((m) => m.share));
        const others = shown.slice(1).map((m, i) => `, ${m.name} for about ${texts[i + 1]}`).join('');
        const more = meant.length > 3 ? ', and so on' : '';
        meaning = `changes only with the clock, once a ${clock.period}, so every request in the same ${clock.period} goes to the same ${target}: ${shown[0]!.name} gets all traffic for about ${texts[0]} of ${clock.period}s${others}${more}, and clients flip between ${target}s`;
      } else if (fixed) {
        meaning = `changes only with ${fixed.what}, so all the requests one nginx process handles go to the same ${target}, whatever the ${split ? 'percentages' : 'weights'} say`;
      } else {
        const smallest = meant.at(-1)!;
        meaning = `has no variable, so every request goes to ${constantTarget(pool) ?? `the same ${target}`}, whatever the ${split ? 'percentages' : 'weights'} say (${smallest.name} is meant to get ${percent(smallest.share)})`;
      }
      const advice = split ? 'Key it on the client (${remote_addr}, a session cookie or a user header).' : 'Hash on what should stick together (the client, a session cookie, $request_uri for a cache), or drop the hash.';
      context.report({
        message: `${subject} ${meaning}. ${advice}`,
        loc: pool.hash.keyLoc ?? pool.nameLoc,
        ...(request ? { severity: 'info' as const } : {}),
      });
    }
  },
});

/** Members that are meant to get traffic, largest first: by `shares` when given, else by weight. */
function intended(pool: Pool, shares: readonly number[] | undefined): { name: string; share: number }[] {
  const total = pool.members.reduce((sum, m) => sum + (m.state === 'up' && m.role === 'primary' ? m.weight * m.peers : 0), 0);
  return pool.members
    .map((m, i) => ({ name: m.address, share: shares ? (shares[i] ?? 0) : m.state === 'up' && m.role === 'primary' && total > 0 ? (m.weight * m.peers) / total : 0 }))
    .filter((m) => m.share > 0)
    .sort((a, b) => b.share - a.share);
}

/** Where a key without variables sends every request, as the traffic engine routes it. */
function constantTarget(pool: Pool): string | undefined {
  const router = createRouter(pool);
  if (!router.ok) return undefined;
  const routed = router.router.route({ uri: '/' });
  return routed.ok ? pool.members[routed.member]?.address : undefined;
}

export default rule;
