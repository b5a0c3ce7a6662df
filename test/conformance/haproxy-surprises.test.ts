/**
 * Conformance for the balancing surprises HAProxy's own issues keep reporting, measured on the
 * real HAProxy (one thread, 127.0.0.1, a stats socket in a temporary folder):
 * - static algorithms refuse run-time weights (issue #1910 and the "static LB algorithm" answer
 *   users meet): `set weight` is refused exactly where lb-drift calls the algorithm static, which
 *   the weight-change-refused rule relies on;
 * - a hashing balance does not move a key off a server at its maxconn (issue #2893): the second
 *   request for a busy key waits in that server's queue, where round-robin moves on to the next
 *   server, and only hash-balance-factor sends it elsewhere (the shares' maxconn note).
 * Stub backends hold each response until the test releases it, so "in flight" is exact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { createRouter, predictShares } from '../../server/src/traffic';
import { isStaticAlgorithm } from '../../server/src/traffic/haproxy/balancer';
import { findProgram, requireProgram } from '../helpers/ci';
import { stopProcess } from '../helpers/stop-process';

const HAPROXY = findProgram('haproxy') ?? '/usr/sbin/haproxy';
const enabled = requireProgram(HAPROXY, 'HAProxy balancing-surprise conformance');

const WEIGHT_BACKENDS: Record<string, string> = {
  weights_static_rr: 'balance static-rr',
  weights_map: 'balance uri',
  weights_chash: 'balance uri\n hash-type consistent',
  weights_rr: 'balance roundrobin',
  weights_first: 'balance first',
  weights_random: 'balance random',
};
const QUEUE_BACKENDS: Record<string, string> = {
  maxconn_hash: 'balance uri\n hash-type consistent\n default-server maxconn 1',
  maxconn_rr: 'balance roundrobin\n default-server maxconn 1',
  factor_hash: 'balance uri\n hash-type consistent\n hash-balance-factor 125',
};

/** Stubs that keep every response until `release`, announcing each arrival. */
class HoldingStubs extends EventEmitter {
  readonly servers: http.Server[] = [];
  readonly ports: number[] = [];
  private held: http.ServerResponse[][] = [];

  async start(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      this.held.push([]);
      const server = http.createServer((req, res) => {
        req.resume();
        this.held[i]!.push(res);
        this.emit('arrival', i);
      });
      this.servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      this.ports.push((server.address() as AddressInfo).port);
    }
  }

  nextArrival(): Promise<number> {
    return once(this, 'arrival').then(([stub]) => stub as number);
  }

  release(): void {
    for (const list of this.held) for (const res of list.splice(0)) res.end('ok');
  }

  async stop(): Promise<void> {
    this.release();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

let dir = '';
let haproxy: ChildProcess | undefined;
let stderr = '';
let front = 0;
let pools: readonly Pool[] = [];
const stubs = new HoldingStubs();

function send(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: front, path, agent: false, headers: { connection: 'close' }, timeout: 20000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout on ${path}`)));
    req.on('error', reject);
  });
}

/** One command on HAProxy's stats socket; resolves with its answer. */
function stats(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(join(dir, 'admin.sock'), () => socket.end(`${command}\n`));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer.trim()));
    socket.on('error', reject);
  });
}

/** Waits (polling the stats socket, bounded) until a server of `backend` has a request queued. */
async function queuedServer(backend: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const rows = (await stats('show stat')).split('\n').map((line) => line.split(','));
    const row = rows.find((r) => r[0] === backend && r[1] !== 'BACKEND' && r[1] !== 'FRONTEND' && Number(r[2]) > 0);
    if (row) return row[1]!;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`no server of ${backend} ever had a request queued`);
}

function pool(name: string): Pool {
  const found = pools.find((p) => p.name === name);
  if (!found) throw new Error(`lb-drift found no backend ${name}`);
  return found;
}

/** The stub a member of a queue backend answers from: members are a, b, c on stubs 0, 1, 2. */
const stubOf = (name: string): number => ['a', 'b', 'c'].indexOf(name);

describe.skipIf(!enabled)('HAProxy balancing surprises', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lb-drift-haproxy-surprises-'));
    await stubs.start(3);
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    front = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const servers = ` server a 127.0.0.1:${stubs.ports[0]} weight 2\n server b 127.0.0.1:${stubs.ports[1]}\n server c 127.0.0.1:${stubs.ports[2]}`;
    const backends = Object.entries({ ...WEIGHT_BACKENDS, ...QUEUE_BACKENDS }).map(([name, body]) => `backend ${name}\n ${body}\n${servers}\n`);
    const text = `global\n  nbthread 1\n  stats socket ${join(dir, 'admin.sock')} level admin\n\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n  timeout queue 20s\n\nfrontend main\n  bind 127.0.0.1:${front}\n  http-request return status 200 content-type text/plain string ok if { path /ping }\n  use_backend %[path,field(2,/)]\n\n${backends.join('\n')}`;
    writeFileSync(join(dir, 'haproxy.cfg'), text);
    pools = analyzeHaproxy({ path: join(dir, 'haproxy.cfg'), text }, noIncludes).model.pools;
    haproxy = spawn(HAPROXY, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: ['ignore', 'ignore', 'pipe'] });
    haproxy.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    for (let attempt = 0; ; attempt++) {
      if (haproxy.exitCode !== null || attempt === 100) {
        await stopProcess(haproxy, 'SIGTERM');
        throw new Error(`haproxy did not come up: ${stderr}`);
      }
      if ((await send('/ping').catch(() => 0)) === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await stopProcess(haproxy, 'SIGTERM');
    await stubs.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses run-time weights exactly for the algorithms lb-drift calls static', async () => {
    const measured: Record<string, boolean> = {};
    const predicted: Record<string, boolean> = {};
    for (const name of Object.keys(WEIGHT_BACKENDS)) {
      const answer = await stats(`set weight ${name}/a 5`);
      measured[name] = answer.includes("static LB algorithm and only accepts weights '0%' and '100%'");
      predicted[name] = isStaticAlgorithm(pool(name));
      // 0% and 100% are always accepted: draining works everywhere.
      expect(await stats(`set weight ${name}/a 0%`)).toBe('');
    }
    console.log(`HAProxy refuses set weight 5 on: ${Object.keys(measured).filter((n) => measured[n]).join(', ')}`);
    expect(measured).toEqual(predicted);
    expect(measured).toMatchObject({ weights_static_rr: true, weights_map: true, weights_chash: false, weights_rr: false });
  });

  it('queues a second request for a busy key on its server when hashing with maxconn', async () => {
    const routed = createRouter(pool('maxconn_hash'));
    if (!routed.ok) throw new Error(routed.reason);
    const result = routed.router.route({ uri: '/maxconn_hash/key' });
    const expected = result.ok ? pool('maxconn_hash').members[result.member]!.name! : result.reason;
    const firstArrival = stubs.nextArrival();
    const first = send('/maxconn_hash/key');
    expect(await firstArrival).toBe(stubOf(expected));
    let movedTo: number | undefined;
    const spy = (stub: number) => (movedTo = stub);
    stubs.once('arrival', spy);
    const second = send('/maxconn_hash/key');
    expect(await queuedServer('maxconn_hash')).toBe(expected);
    expect(movedTo).toBeUndefined();
    stubs.off('arrival', spy);
    const secondArrival = stubs.nextArrival();
    stubs.release();
    expect(await secondArrival).toBe(stubOf(expected));
    stubs.release();
    expect([await first, await second]).toEqual([200, 200]);
    expect(predictShares(pool('maxconn_hash')).caveat).toContain('maxconn 1 on a does not send its keys elsewhere');
  });

  it('moves the second request to another server with round-robin and maxconn, and with hash-balance-factor', async () => {
    for (const name of ['maxconn_rr', 'factor_hash']) {
      const firstArrival = stubs.nextArrival();
      const first = send(`/${name}/key`);
      const busy = await firstArrival;
      const secondArrival = stubs.nextArrival();
      const second = send(`/${name}/key`);
      expect(await secondArrival, name).not.toBe(busy);
      stubs.release();
      expect([await first, await second]).toEqual([200, 200]);
    }
  });
});
