/**
 * Conformance: real nginx routes sequential requests, and lb-drift's router must pick the same
 * backend for every one of them. One table drives both sides: it renders the nginx config and
 * builds the model pools the router sees. Backends are tiny nginx servers on loopback answering
 * with their own port, so each answer names the member that served it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Algorithm, Pool } from '../../server/src/core/model';
import { createRouter, evaluateNginxKey, predictShares, type RouteRequest } from '../../server/src/traffic';
import { findProgram, requireProgram } from '../helpers/ci';
import { stopProcess } from '../helpers/stop-process';
import { runCli } from '../helpers/cli';
import { buildPool, buildSplitPool } from '../helpers/pool-builder';
import { seededRandom } from '../traffic/reference';

const NGINX = findProgram('nginx') ?? '/usr/sbin/nginx';
const enabled = requireProgram(NGINX, 'nginx routing conformance');
const BACKENDS = 6;

interface ServerSpec {
  readonly backend: number;
  readonly weight?: number;
  readonly down?: boolean;
  readonly backup?: boolean;
}

interface UpstreamScenario {
  readonly name: string;
  /** The balancing directive as written in the upstream block ('' for round-robin). */
  readonly directive: string;
  readonly algorithm: Algorithm;
  readonly key?: string;
  readonly servers: readonly ServerSpec[];
  readonly requests: readonly RouteRequest[];
  /**
   * Write the method after the servers: nginx 1.22 rejects `backup` only in servers that follow
   * a method without backup support, so backups written first are accepted.
   */
  readonly methodLast?: boolean;
}

interface SplitScenario {
  readonly name: string;
  readonly key: string;
  /** `[percent as written, value]`; each value names upstream `<name>_<value>`. */
  readonly parts: readonly (readonly [string, string])[];
  readonly requests: readonly RouteRequest[];
}

const random = seededRandom(20261125);
const pick = (n: number): number => Math.floor(random() * n);
const plain = (count: number, path: string): RouteRequest[] => Array.from({ length: count }, (_, i) => ({ uri: `${path}${i}` }));
/** Keys with repeats, and every seventh request without a key (nginx then uses round-robin). */
const keyed = (count: number, path: string): RouteRequest[] =>
  Array.from({ length: count }, (_, i) => ({ uri: i % 7 === 3 ? `${path}?other=${i}` : `${path}?k=user${pick(120)}&i=${i}` }));
const clients = (count: number, path: string): RouteRequest[] =>
  Array.from({ length: count }, (_, i) => {
    if (i % 10 === 9) return { uri: path, clientIp: `2001:db8:${pick(65536).toString(16)}::${pick(65536).toString(16)}` };
    // A few networks come back often, so that stickiness per /24 is exercised too.
    const net24 = i % 3 === 0 ? `10.20.${pick(4)}` : `${1 + pick(223)}.${pick(256)}.${pick(256)}`;
    return { uri: path, clientIp: `${net24}.${pick(256)}` };
  });

const UPSTREAMS: UpstreamScenario[] = [
  { name: 'rr', directive: '', algorithm: 'round-robin', servers: [{ backend: 0, weight: 5 }, { backend: 1 }, { backend: 2 }], requests: plain(210, '/rr/') },
  { name: 'rrdown', directive: '', algorithm: 'round-robin', servers: [{ backend: 0, weight: 2 }, { backend: 1, down: true }, { backend: 2, weight: 3 }], requests: plain(150, '/rrdown/') },
  { name: 'rrbackup', directive: '', algorithm: 'round-robin', servers: [{ backend: 0 }, { backend: 1, weight: 2 }, { backend: 2, backup: true }], requests: plain(90, '/rrbackup/') },
  { name: 'failover', directive: '', algorithm: 'round-robin', servers: [{ backend: 0, down: true }, { backend: 1, backup: true, weight: 2 }, { backend: 2, backup: true }], requests: plain(90, '/failover/') },
  { name: 'lc', directive: 'least_conn;', algorithm: 'least-conn', servers: [{ backend: 0, weight: 3 }, { backend: 1, weight: 2 }, { backend: 2 }, { backend: 3, down: true }], requests: plain(180, '/lc/') },
  { name: 'iphash', directive: 'ip_hash;', algorithm: 'ip-hash', servers: [{ backend: 0 }, { backend: 1, weight: 2 }, { backend: 2 }, { backend: 3 }], requests: clients(400, '/iphash/') },
  { name: 'iphashdown', directive: 'ip_hash;', algorithm: 'ip-hash', servers: [{ backend: 0 }, { backend: 1, down: true }, { backend: 2, weight: 3 }, { backend: 3, down: true }], requests: clients(300, '/iphashdown/') },
  { name: 'hash', directive: 'hash $arg_k;', algorithm: 'hash', key: '$arg_k', servers: [{ backend: 0, weight: 2 }, { backend: 1 }, { backend: 2 }, { backend: 3 }], requests: keyed(400, '/hash/') },
  { name: 'hashdown', directive: 'hash $arg_k;', algorithm: 'hash', key: '$arg_k', servers: [{ backend: 0 }, { backend: 1, down: true, weight: 3 }, { backend: 2 }], requests: keyed(300, '/hashdown/') },
  { name: 'chash', directive: 'hash $arg_k consistent;', algorithm: 'consistent-hash', key: '$arg_k', servers: [{ backend: 0, weight: 3 }, { backend: 1 }, { backend: 2, weight: 2 }, { backend: 3 }], requests: keyed(400, '/chash/') },
  { name: 'chashdown', directive: 'hash $arg_k consistent;', algorithm: 'consistent-hash', key: '$arg_k', servers: [{ backend: 0 }, { backend: 1, down: true }, { backend: 2 }, { backend: 3, down: true }, { backend: 4 }], requests: keyed(300, '/chashdown/') },
  { name: 'hashbackup', directive: 'hash $arg_k;', methodLast: true, algorithm: 'hash', key: '$arg_k', servers: [{ backend: 0, down: true }, { backend: 1, backup: true }, { backend: 2, backup: true, weight: 2 }], requests: keyed(90, '/hashbackup/') },
  { name: 'churi', directive: 'hash $request_uri consistent;', algorithm: 'consistent-hash', key: '$request_uri', servers: [0, 1, 2, 3, 4, 5].map((backend) => ({ backend })), requests: Array.from({ length: 300 }, (_, i) => ({ uri: `/churi/item-${pick(500)}?page=${i % 4}` })) },
];

const splitKeys = (count: number, path: string): RouteRequest[] => Array.from({ length: count }, (_, i) => ({ uri: `${path}?k=${pick(100000)}-${i}` }));
const SPLITS: SplitScenario[] = [
  { name: 'split', key: '${arg_k}', parts: [['0.5%', 'a'], ['30%', 'b'], ['*', 'c']], requests: splitKeys(400, '/split/') },
  { name: 'partial', key: 'x$arg_k', parts: [['20%', 'a'], ['45.5%', 'b']], requests: splitKeys(300, '/partial/') },
];

function serverLine(port: number, s: ServerSpec): string {
  const params = [s.weight !== undefined ? `weight=${s.weight}` : '', s.down ? 'down' : '', s.backup ? 'backup' : ''].filter(Boolean);
  return `server 127.0.0.1:${port}${params.length ? ` ${params.join(' ')}` : ''};`;
}

/** The values a split scenario can produce, `''` standing for "no part matched". */
function splitValues(s: SplitScenario): string[] {
  return [...s.parts.map(([, value]) => value), ...(s.parts.some(([p]) => p === '*') ? [] : [''])];
}

function renderConfig(dir: string, front: number, echo: number, backends: readonly number[]): string {
  const upstreams = UPSTREAMS.map((u) => {
    const lines = u.servers.map((s) => serverLine(backends[s.backend]!, s));
    const body = u.methodLast ? [...lines, u.directive] : [u.directive, ...lines];
    return `  upstream ${u.name} {\n    ${body.join('\n    ')}\n  }`;
  });
  const splitBlocks = SPLITS.map((s) => {
    const parts = s.parts.map(([percent, value]) => `    ${percent} ${value};`).join('\n');
    const ups = splitValues(s).map((value, i) => `  upstream ${s.name}_${value} { server 127.0.0.1:${backends[i]}; }`).join('\n');
    return `  split_clients "${s.key}" $${s.name}_variant {\n${parts}\n  }\n${ups}`;
  });
  const locations = [
    ...UPSTREAMS.map((u) => `    location /${u.name}/ { proxy_pass http://${u.name}; }`),
    ...SPLITS.map((s) => `    location /${s.name}/ { proxy_pass http://${s.name}_$${s.name}_variant; }`),
  ];
  const backendServers = backends.map((port) => `  server { listen 127.0.0.1:${port}; location / { return 200 "$server_port"; } }`);
  return `worker_processes 1;
daemon off;
master_process off;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  set_real_ip_from 127.0.0.1;
  real_ip_header X-Real-IP;
${upstreams.join('\n')}
${splitBlocks.join('\n')}
  upstream rtwo {
    random two;
    server 127.0.0.1:${backends[0]} weight=5;
    server 127.0.0.1:${backends[1]};
    server 127.0.0.1:${backends[2]};
  }
  server {
    listen 127.0.0.1:${front};
    proxy_next_upstream off;
    location = /ping { return 200 "ok"; }
    location /rtwo/ { proxy_pass http://rtwo; }
${locations.join('\n')}
  }
  server {
    listen 127.0.0.1:${echo};
    location / { return 200 "$uri|$args|$is_args|$arg_id|$http_x_user|$cookie_session|$host|$remote_addr|$request_uri"; }
    location /bin/ { return 200 "$binary_remote_addr"; }
  }
${backendServers.join('\n')}
}
`;
}

async function freePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free port found on 127.0.0.1');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number, request: RouteRequest): Promise<{ status: number; body: Buffer }> {
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (request.clientIp) headers['X-Real-IP'] = request.clientIp;
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: request.uri, headers, agent, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout on ${request.uri}`)));
    req.on('error', reject);
  });
}

let dir = '';
let nginx: ChildProcess | undefined;
let stderr = '';
let front = 0;
let echo = 0;
let backends: number[] = [];
const summary: string[] = [];

async function waitUntilUp(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (nginx?.exitCode !== null) throw new Error(`nginx exited early: ${stderr}`);
    try {
      // Only /ping: a request through an upstream would advance its round-robin state.
      await get(front, { uri: '/ping' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nginx did not answer on 127.0.0.1:${front} within 10 s: ${stderr}`);
}

function stopNginx(): Promise<void> {
  const child = nginx;
  nginx = undefined;
  // nginx's own pid: a graceful quit for the single process started above.
  return stopProcess(child, 'SIGQUIT');
}

/**
 * Sends every request to nginx, then replays the same requests through `lb-drift route` on the
 * very config nginx runs (parser, lowering and router, end to end), and through the router on the
 * pool built from the table; returns the first mismatches, if any.
 */
async function compare(
  pool: Pool,
  poolName: string,
  path: string,
  requests: readonly RouteRequest[],
  memberPort: (member: number | undefined) => number,
): Promise<string[]> {
  const created = createRouter(pool);
  if (!created.ok) throw new Error(created.reason);
  const actual: number[] = [];
  for (const [i, request] of requests.entries()) {
    const answer = await get(front, request);
    expect(answer.status, `${path} request ${i} (${request.uri})`).toBe(200);
    actual.push(Number(answer.body.toString()));
  }
  const cli = runCli(['route', join(dir, 'nginx.conf'), '--pool', poolName], { input: requests.map((r) => JSON.stringify(r)).join('\n') });
  const printed = cli.stdout.split('\n').slice(0, requests.length);
  const mismatches: string[] = [];
  for (const [i, request] of requests.entries()) {
    const routed = created.router.route(request);
    const predicted = memberPort(routed.ok ? routed.member : undefined);
    const viaCli = printed[i] === '' ? memberPort(undefined) : portOfAddress(printed[i]!, pool);
    if (predicted !== actual[i] || viaCli !== actual[i]) {
      mismatches.push(`#${i} ${request.uri} ${request.clientIp ?? ''}: nginx ${actual[i]}, router ${predicted}, lb-drift route ${viaCli}`);
    }
  }
  summary.push(`${path}: ${requests.length - mismatches.length}/${requests.length} requests matched (router and lb-drift route)`);
  return mismatches.slice(0, 5);
}

/** The backend port a `route` output line stands for: an address, or a split value. */
function portOfAddress(line: string, pool: Pool): number {
  const index = pool.members.findIndex((m) => m.address === line);
  return index >= 0 && pool.kind === 'split' ? backends[index]! : Number(line.slice(line.lastIndexOf(':') + 1));
}

describe.skipIf(!enabled)('nginx routing conformance', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lb-drift-nginx-'));
    const taken = new Set<number>();
    front = await freePort(taken);
    echo = await freePort(taken);
    backends = [];
    for (let i = 0; i < BACKENDS; i++) backends.push(await freePort(taken));
    writeFileSync(join(dir, 'nginx.conf'), renderConfig(dir, front, echo, backends));
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    nginx.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await waitUntilUp();
    } catch (error) {
      await stopNginx();
      throw error;
    }
  });

  afterAll(async () => {
    await stopNginx();
    agent.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (summary.length) console.log(`nginx conformance (${summary.length} locations):\n  ${summary.join('\n  ')}`);
  });

  for (const scenario of UPSTREAMS) {
    it(`routes ${scenario.name} (${scenario.directive || 'round-robin'}) like nginx`, async () => {
      const pool = buildPool({
        name: scenario.name,
        algorithm: scenario.algorithm,
        ...(scenario.key ? { key: scenario.key } : {}),
        members: scenario.servers.map((s) => ({
          address: `127.0.0.1:${backends[s.backend]}`,
          ...(s.weight !== undefined ? { weight: s.weight } : {}),
          down: s.down ?? false,
          backup: s.backup ?? false,
        })),
      });
      const portOf = (member: number | undefined): number => (member === undefined ? -1 : backends[scenario.servers[member]!.backend]!);
      expect(await compare(pool, scenario.name, `/${scenario.name}/`, scenario.requests, portOf)).toEqual([]);
    });
  }

  for (const scenario of SPLITS) {
    it(`routes split_clients "${scenario.key}" (${scenario.name}) like nginx`, async () => {
      const pool = buildSplitPool(scenario.name, scenario.key, scenario.parts);
      const values = splitValues(scenario);
      // Member i is part i in order; "no part matched" is the empty value's upstream.
      const portOf = (member: number | undefined): number => backends[member === undefined ? values.indexOf('') : member]!;
      expect(await compare(pool, `${scenario.name}_variant`, `/${scenario.name}/`, scenario.requests, portOf)).toEqual([]);
    });
  }

  it('measures random two 5/1/1 near the predicted 23.9 / 38.1 / 38.1 %', async () => {
    const pool = buildPool({ name: 'rtwo', algorithm: 'random-two', members: [0, 1, 2].map((b) => ({ address: `127.0.0.1:${backends[b]}`, weight: b === 0 ? 5 : 1 })) });
    const predicted = predictShares(pool).members.map((m) => m.share);
    const counts = [0, 0, 0];
    const total = 2000;
    for (let i = 0; i < total; i++) {
      const answer = await get(front, { uri: `/rtwo/${i}` });
      counts[backends.indexOf(Number(answer.body.toString()))]!++;
    }
    const measured = counts.map((c) => c / total);
    // A binomial standard error here is about 1.1 points; 4 points is a loose, non-flaky bound
    // that still tells an inverted split (23.9%) from a by-weight one (71.4%).
    measured.forEach((m, i) => expect(Math.abs(m - predicted[i]!)).toBeLessThan(0.04));
    summary.push(`/rtwo/: ${total} requests, measured ${measured.map((m) => (m * 100).toFixed(1)).join(' / ')} %, predicted ${predicted.map((p) => (p * 100).toFixed(1)).join(' / ')} %`);
  });

  it('evaluates variables like nginx', async () => {
    const uris = ['/a//b/./c/../d?id=1', '/%41%2fb/%2e%2E/c?ID=x&id=y', '/a%3Fb?x', '/100%25/', '/p?', '/p/.', '/q/..?xid=1&id=2', '/caf%C3%A9/x', '/u?id=a%20b&id=c', '/a/.../b', '/..'];
    const headerSets: Record<string, string>[] = [
      { 'X-User': '42', Cookie: 'a=1; session=xyz; b=2', Host: 'Example.COM:8080' },
      { 'X-User': 'u', Cookie: 'Session = q1 ;x=2', Host: 'h.example.' },
      { Cookie: 'a;session=2', Host: '[::1]:80' },
      { X_User: 'dropped', Host: 'a.b' },
    ];
    const ips = ['192.168.7.9', '2001:db8::1', '::ffff:1.2.3.4', '1:0:0:1:0:0:0:1'];
    let compared = 0;
    for (const [i, uri] of uris.entries()) {
      const request: RouteRequest = { uri, headers: headerSets[i % headerSets.length]!, clientIp: ips[i % ips.length]! };
      const answer = await get(echo, request);
      const key = '$uri|$args|$is_args|$arg_id|$http_x_user|$cookie_session|$host|$remote_addr|$request_uri';
      const ours = evaluateNginxKey(key, request);
      if (answer.status === 400) expect(ours.ok, uri).toBe(false);
      else expect(ours.ok && Buffer.from(ours.bytes).toString('latin1'), uri).toBe(answer.body.toString('latin1'));
      compared++;
    }
    for (const ip of ips) {
      const answer = await get(echo, { uri: '/bin/', clientIp: ip });
      const ours = evaluateNginxKey('$binary_remote_addr', { uri: '/bin/', clientIp: ip });
      expect(ours.ok && Array.from(ours.bytes), ip).toEqual(Array.from(answer.body));
      compared++;
    }
    summary.push(`variables: ${compared} requests compared`);
  });
});
