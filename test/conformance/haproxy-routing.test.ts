/**
 * Conformance: real HAProxy (one thread, on 127.0.0.1) routes sequential requests, and
 * `lb-drift route` on the very config HAProxy runs must name the server that answered, for every
 * request of every deterministic case; random balancing must land within a stated tolerance of
 * `lb-drift shares`. Stub backends are node HTTP servers in this process; HAProxy adds the name
 * of the server it picked (`x-server: %[srv_name]`), so servers that share an address
 * (server-template) are told apart too. Hashing cases send distinct URIs, headers and source
 * addresses from 127.0.0.0/8 (the client socket is bound to them).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { createRouter, type RouteRequest } from '../../server/src/traffic';
import { findProgram, requireProgram } from '../helpers/ci';
import { runCli } from '../helpers/cli';
import { stopProcess } from '../helpers/stop-process';
import { seededRandom } from '../traffic/reference';

const HAPROXY = findProgram('haproxy') ?? '/usr/sbin/haproxy';
const enabled = requireProgram(HAPROXY, 'HAProxy routing conformance');
const STUBS = 6;
const REQUESTS = 1000;

interface Scenario {
  readonly name: string;
  /** The backend body; `@N` stands for the address of stub N. */
  readonly body: string;
  readonly requests: readonly RouteRequest[];
  /** Random balancing: compare measured shares with `lb-drift shares` within this tolerance. */
  readonly tolerance?: number;
}

const random = seededRandom(20261206);
const pick = (n: number): number => Math.floor(random() * n);
const plain = (path: string): RouteRequest[] => Array.from({ length: REQUESTS }, (_, i) => ({ uri: `/${path}/r${i}` }));
const clients = (path: string): RouteRequest[] =>
  Array.from({ length: REQUESTS }, (_, i) => ({ uri: `/${path}/c${i}`, clientIp: `127.${pick(256)}.${pick(256)}.${1 + pick(254)}` }));
const uris = (path: string): RouteRequest[] =>
  Array.from({ length: REQUESTS }, (_, i) => ({ uri: `/${path}/item-${pick(400)}/sub${pick(5)}/leaf?page=${i % 7}&u=${pick(50)}` }));
/** A `uid` parameter on most requests; every ninth has none, so the round-robin fallback runs. */
const params = (path: string): RouteRequest[] =>
  Array.from({ length: REQUESTS }, (_, i) => ({ uri: i % 9 === 4 ? `/${path}/p?other=${i}` : `/${path}/p?x=${i}&uid=user${pick(300)}&z=1` }));
const headered = (path: string): RouteRequest[] =>
  Array.from({ length: REQUESTS }, (_, i): RouteRequest => {
    // Every eleventh request has no x-user header, so the round-robin fallback runs.
    const headers: Record<string, string> =
      i % 11 === 5 ? { host: `www.site${pick(200)}.example` } : { 'x-user': `u${pick(500)}`, host: `a${pick(9)}.shop${pick(200)}.example.com` };
    return { uri: `/${path}/h${i}`, headers };
  });

const SCENARIOS: Scenario[] = [
  { name: 'rr_equal', body: 'balance roundrobin\n server a @0\n server b @1\n server c @2', requests: plain('rr_equal') },
  { name: 'rr_511', body: 'balance roundrobin\n server a @0 weight 5\n server b @1\n server c @2', requests: plain('rr_511') },
  { name: 'rr_weights', body: 'balance roundrobin\n server a @0 weight 5\n server b @1\n server c @2\n server d @3 weight 3', requests: plain('rr_weights') },
  { name: 'rr_states', body: 'balance roundrobin\n server a @0 weight 2\n server b @1 disabled\n server c @2 weight 0\n server d @3 weight 7\n server e @4 weight 256', requests: plain('rr_states') },
  { name: 'static_rr', body: 'balance static-rr\n server a @0 weight 3\n server b @1 weight 2\n server c @2\n server d @3 weight 6', requests: plain('static_rr') },
  { name: 'leastconn', body: 'balance leastconn\n server a @0 weight 3\n server b @1\n server c @2\n server d @3 disabled', requests: plain('leastconn') },
  { name: 'first', body: 'balance first\n server a @0 id 3\n server b @1 id 7\n server c @2 id 2\n server d @3', requests: plain('first') },
  { name: 'source_map', body: 'balance source\n server a @0\n server b @1 weight 2\n server c @2\n server d @3 weight 3', requests: clients('source_map') },
  { name: 'source_chash', body: 'balance source\n hash-type consistent\n server a @0\n server b @1 weight 2\n server c @2\n server d @3', requests: clients('source_chash') },
  { name: 'source_chash_sdbm', body: 'balance source\n hash-type consistent sdbm\n server a @0\n server b @1\n server c @2', requests: clients('source_chash_sdbm') },
  { name: 'uri_map', body: 'balance uri\n server a @0\n server b @1 weight 3\n server c @2\n server d @3 weight 2', requests: uris('uri_map') },
  { name: 'uri_chash_id', body: 'balance uri\n hash-type consistent\n server a @0 id 12\n server b @1\n server c @2 id 1 weight 3\n server d @3', requests: uris('uri_chash_id') },
  { name: 'uri_whole', body: 'balance uri whole\n hash-type map-based djb2\n server a @0\n server b @1\n server c @2', requests: uris('uri_whole') },
  { name: 'uri_depth_len', body: 'balance uri depth 2 len 20\n hash-type consistent wt6\n server a @0\n server b @1\n server c @2 weight 2', requests: uris('uri_depth_len') },
  { name: 'uri_path_only', body: 'balance uri path-only whole\n hash-type map-based crc32 avalanche\n server a @0\n server b @1\n server c @2\n server d @3', requests: uris('uri_path_only') },
  { name: 'url_param_map', body: 'balance url_param uid\n server a @0 weight 2\n server b @1\n server c @2', requests: params('url_param_map') },
  { name: 'url_param_chash', body: 'balance url_param uid\n hash-type consistent\n server a @0\n server b @1 weight 2\n server c @2\n server d @3', requests: params('url_param_chash') },
  { name: 'hdr_map', body: 'balance hdr(X-User)\n server a @0\n server b @1\n server c @2 weight 4', requests: headered('hdr_map') },
  { name: 'hdr_domain', body: 'balance hdr(host) use_domain_only\n hash-type consistent\n server a @0\n server b @1\n server c @2', requests: headered('hdr_domain') },
  { name: 'hash_expr', body: 'balance hash req.hdr(x-user)\n hash-type consistent djb2 avalanche\n server a @0\n server b @1\n server c @2', requests: headered('hash_expr') },
  { name: 'hash_factor', body: 'balance uri\n hash-type consistent\n hash-balance-factor 150\n server a @0\n server b @1\n server c @2', requests: uris('hash_factor') },
  { name: 'backup_first', body: 'balance roundrobin\n server a @0 disabled\n server b @1 weight 0\n server c @2 backup\n server d @3 backup weight 4', requests: plain('backup_first') },
  { name: 'backup_all', body: 'balance roundrobin\n option allbackups\n server a @0 disabled\n server c @2 backup\n server d @3 backup weight 4\n server e @4 backup weight 2', requests: plain('backup_all') },
  { name: 'backup_hash', body: 'balance source\n option allbackups\n server a @0 weight 0\n server b @1 backup\n server c @2 backup weight 2\n server d @3 backup', requests: clients('backup_hash') },
  { name: 'backup_static', body: 'balance static-rr\n server a @0 disabled\n server b @1 backup weight 3\n server c @2 backup weight 2', requests: plain('backup_static') },
  { name: 'template', body: 'balance roundrobin\n default-server weight 2\n server x @5 weight 5\n server-template t 1-4 @1\n server y @2', requests: plain('template') },
  { name: 'template_hash', body: 'balance uri\n hash-type consistent\n server-template s 3 @0 weight 3\n server-template n 2-3 @1', requests: uris('template_hash') },
  { name: 'inherit', body: 'balance source\n default-server weight 3\n server a @0\n server b @1 weight 1\n default-server weight 5 backup\n server c @2 no-backup\n server d @3', requests: clients('inherit') },
  { name: 'inherit_named', body: 'server a @0\n server b @1\n server c @2 weight 4', requests: plain('inherit_named') },
  // use-server runs before balancing: a server with weight 0 still takes what a rule sends it; a disabled one does not.
  { name: 'use_server', body: 'balance roundrobin\n use-server c if FALSE\n use-server b if TRUE\n server a @0\n server b @1 weight 0\n server c @2', requests: plain('use_server') },
  { name: 'use_server_down', body: 'balance roundrobin\n use-server a if TRUE\n use-server c unless TRUE\n server a @0 disabled\n server b @1\n server c @2 weight 3', requests: plain('use_server_down') },
  // Written after a named defaults section that comes last: it inherits that one (balance source, weight 3) without saying from.
  { name: 'inherit_latest', body: 'server a @0 weight 1\n server b @1\n server c @2', requests: clients('inherit_latest') },
  // Issue 13 audit: the equal-weight or unequal-weight half each algorithm lacked above, and weights under `first`.
  { name: 'static_rr_equal', body: 'balance static-rr\n server a @0\n server b @1\n server c @2', requests: plain('static_rr_equal') },
  { name: 'first_weights', body: 'balance first\n server a @0 weight 1\n server b @1 weight 9 id 1\n server c @2 weight 256', requests: plain('first_weights') },
  { name: 'source_map_equal', body: 'balance source\n server a @0\n server b @1\n server c @2', requests: clients('source_map_equal') },
  { name: 'url_param_equal', body: 'balance url_param uid\n server a @0\n server b @1\n server c @2\n server d @3', requests: params('url_param_equal') },
  { name: 'hash_weights', body: 'balance hash req.hdr(x-user)\n server a @0 weight 4\n server b @1\n server c @2 weight 2', requests: headered('hash_weights') },
  // A server-template with an id: which ids its servers get decides the consistent tree.
  { name: 'template_id', body: 'balance uri\n hash-type consistent\n server-template s 3 @0 id 5\n server x @1\n server y @2', requests: uris('template_id') },
  // Weight 0 and disabled servers under hashing: out of the map-based table and of the consistent tree.
  { name: 'chash_states', body: 'balance source\n hash-type consistent\n server a @0 disabled\n server b @1 weight 0\n server c @2\n server d @3 weight 2', requests: clients('chash_states') },
  { name: 'map_states', body: 'balance uri\n server a @0 weight 0\n server b @1 disabled\n server c @2\n server d @3 weight 3', requests: uris('map_states') },
  { name: 'hdr_chash_weights', body: 'balance hdr(X-User)\n hash-type consistent\n server a @0 weight 3\n server b @1\n server c @2', requests: headered('hdr_chash_weights') },
  { name: 'random', body: 'balance random\n server a @0 weight 3\n server b @1\n server c @2 weight 2', requests: plain('random'), tolerance: 0.05 },
  { name: 'random_draws', body: 'balance random(3)\n server a @0\n server b @1\n server c @2\n server d @3', requests: plain('random_draws'), tolerance: 0.05 },
];

/** Backends whose balance comes from a named defaults section (`from`), to test inheritance. */
const FROM_NAMED = new Set(['inherit_named']);
/** Backends written after the last, named, defaults section, which they inherit without `from`. */
const AFTER_LATEST = 'inherit_latest';

function renderConfig(front: number, stubs: readonly number[]): string {
  const render = (s: Scenario) => {
    const body = s.body.replace(/@(\d)/g, (_, n: string) => `127.0.0.1:${stubs[Number(n)]}`);
    return `backend ${s.name}${FROM_NAMED.has(s.name) ? ' from tuned' : ''}\n ${body}\n http-response set-header x-server %[srv_name]\n`;
  };
  const backends = SCENARIOS.filter((s) => s.name !== AFTER_LATEST).map(render);
  const latest = render(SCENARIOS.find((s) => s.name === AFTER_LATEST)!);
  return `global
  nbthread 1
  maxconn 200

defaults tuned
  mode http
  balance static-rr
  default-server weight 2
  timeout connect 2s
  timeout client 10s
  timeout server 10s

defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  retries 0

frontend main from ${'tuned'}
  bind 127.0.0.1:${front}
  http-request return status 200 content-type text/plain string ok if { path /ping }
  use_backend %[path,field(2,/)]

${backends.join('\n')}
defaults latest
  mode http
  balance source
  default-server weight 3
  timeout connect 2s
  timeout client 10s
  timeout server 10s

${latest}`;
}

let dir = '';
let haproxy: ChildProcess | undefined;
let stderr = '';
let front = 0;
let stubPorts: number[] = [];
const stubs: http.Server[] = [];
const table: string[][] = [];
let model: readonly Pool[] = [];

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** One request on its own connection, from `clientIp` when given; resolves with the server name. */
function get(request: RouteRequest): Promise<{ status: number; server: string }> {
  const headers: Record<string, string> = { connection: 'close', ...(request.headers ?? {}) };
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port: front, path: request.uri, headers, agent: false, timeout: 5000, ...(request.clientIp ? { localAddress: request.clientIp } : {}) },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, server: String(res.headers['x-server'] ?? '') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout on ${request.uri}`)));
    req.on('error', reject);
  });
}

async function waitUntilUp(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (haproxy?.exitCode !== null) throw new Error(`haproxy exited early: ${stderr}`);
    try {
      if ((await get({ uri: '/ping' })).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`haproxy did not answer on 127.0.0.1:${front} within 10 s: ${stderr}`);
}

function stopHaproxy(): Promise<void> {
  const child = haproxy;
  haproxy = undefined;
  return stopProcess(child, 'SIGTERM');
}

function poolOf(name: string): Pool {
  const pool = model.find((p) => p.name === name);
  if (!pool) throw new Error(`lb-drift found no pool ${name}`);
  return pool;
}

describe.skipIf(!enabled)('HAProxy routing conformance', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lb-drift-haproxy-'));
    for (let i = 0; i < STUBS; i++) {
      const stub = http.createServer((_req, res) => res.end(`stub ${i}`));
      stubs.push(stub);
      stubPorts.push(await listen(stub));
    }
    front = await freePort();
    const text = renderConfig(front, stubPorts);
    writeFileSync(join(dir, 'haproxy.cfg'), text);
    model = analyzeHaproxy({ path: join(dir, 'haproxy.cfg'), text }, noIncludes).model.pools;
    haproxy = spawn(HAPROXY, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'pipe'] });
    haproxy.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await waitUntilUp();
    } catch (error) {
      await stopHaproxy();
      throw error;
    }
  });

  afterAll(async () => {
    await stopHaproxy();
    await Promise.all(stubs.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (table.length) {
      const rows = [['case', 'requests', 'matched'], ...table];
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
      console.log(`HAProxy conformance (${haproxyVersion()}):\n${rows.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}`).join('\n')}`);
    }
  });

  for (const scenario of SCENARIOS.filter((s) => s.tolerance === undefined)) {
    it(`routes ${scenario.name} like HAProxy`, async () => {
      const pool = poolOf(scenario.name);
      const answered: string[] = [];
      for (const [i, request] of scenario.requests.entries()) {
        const answer = await get(request);
        expect(answer.status, `${scenario.name} request ${i} (${request.uri})`).toBe(200);
        answered.push(answer.server);
      }
      const cli = runCli(['route', join(dir, 'haproxy.cfg'), '--pool', scenario.name], { input: scenario.requests.map((r) => JSON.stringify(r)).join('\n') });
      expect(cli.stderr).toBe('');
      const printed = cli.stdout.split('\n');
      // The router names the member itself, which tells apart servers that share an address.
      const created = createRouter(pool);
      if (!created.ok) throw new Error(created.reason);
      const mismatches: string[] = [];
      answered.forEach((name, i) => {
        const member = pool.members.find((m) => m.name === name);
        const routed = created.router.route(scenario.requests[i]!);
        const routedName = routed.ok ? pool.members[routed.member]!.name : routed.reason;
        if (!member || printed[i] !== member.address || routedName !== name) {
          mismatches.push(`#${i} ${JSON.stringify(scenario.requests[i])}: HAProxy ${name} (${member?.address ?? '?'}), lb-drift route ${printed[i]}, router ${routedName}`);
        }
      });
      const matched = answered.length - mismatches.length;
      table.push([scenario.name, String(answered.length), `${((100 * matched) / answered.length).toFixed(1)}%`]);
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  }

  for (const scenario of SCENARIOS.filter((s) => s.tolerance !== undefined)) {
    it(`spreads ${scenario.name} within ${scenario.tolerance! * 100} points of lb-drift shares`, async () => {
      const pool = poolOf(scenario.name);
      const counts = new Map<string, number>();
      for (const request of scenario.requests) {
        const answer = await get(request);
        counts.set(answer.server, (counts.get(answer.server) ?? 0) + 1);
      }
      const shares = JSON.parse(runCli(['shares', join(dir, 'haproxy.cfg'), '--format', 'json']).stdout) as {
        files: { pools: { name: string; members: { share: number }[] }[] }[];
      };
      const predicted = shares.files[0]!.pools.find((p) => p.name === scenario.name)!.members.map((m) => m.share);
      const measured = pool.members.map((m) => (counts.get(m.name!) ?? 0) / scenario.requests.length);
      const worst = Math.max(...measured.map((m, i) => Math.abs(m - predicted[i]!)));
      table.push([
        scenario.name,
        String(scenario.requests.length),
        `measured ${measured.map((m) => (m * 100).toFixed(1)).join('/')} % vs predicted ${predicted.map((p) => (p * 100).toFixed(1)).join('/')} % (max gap ${(worst * 100).toFixed(1)} points)`,
      ]);
      expect(worst).toBeLessThan(scenario.tolerance!);
    });
  }
});

function haproxyVersion(): string {
  const version = /HAProxy version (\S+)/.exec(spawnSync(HAPROXY, ['-v'], { encoding: 'utf8' }).stdout ?? '');
  return version ? `HAProxy ${version[1]}, nbthread 1` : 'HAProxy';
}
