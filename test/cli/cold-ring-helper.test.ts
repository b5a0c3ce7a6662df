/**
 * What the ring helper does to start sooner and take more of a cold check (issue 12): it reads
 * the common shape of consistent-hash upstreams without the parser (cli/ring-lists.ts), and it
 * builds the tenfold ring the unbalanced-ring rule asks for next, for the pools it builds. Both
 * may only save time: the lists are the parser's, and the report is that of a single-threaded run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ringHeavyNginx, syntheticNginx } from '../../bench/generate';
import { RingHelper } from '../../server/src/cli/ring-helper';
import { consistentBlocks, NOT_A_RING, parsedPeerLists, readSimpleUpstream, ringPeerLists } from '../../server/src/cli/ring-lists';
import { clearTrafficCaches } from '../../server/src/traffic';
import { chashShares } from '../../server/src/traffic/nginx/chash';
import type { Peer } from '../../server/src/traffic/nginx/peers';
import { CLI, runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lb-drift-cold-ring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Blocks around the common shape: each is read directly only if the parser reads it the same. */
const BLOCKS = [
  'upstream a {\n    hash $request_uri consistent;\n    server 10.0.0.1:80 weight=3 max_fails=2 fail_timeout=10s;\n    server 10.0.0.2:80 down;\n}',
  'upstream b { server 10.0.0.1:80; server 10.0.0.2:80 weight=7; hash $uri consistent; keepalive 8; zone b 64k; }',
  'upstream c {\n    hash $uri consistent;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80 backup;\n}',
  'upstream d {\n    hash $uri consistent;\n    server 10.0.0.1:80 down backup;\n    server unix:/run/app.sock weight=2;\n    server app.internal:8080 max_conns=10 slow_start=30s;\n}',
  'upstream single { hash $uri consistent; server 10.0.0.1:80; }',
  'upstream single_backup { hash $uri consistent; server 10.0.0.1:80; server 10.0.0.9:80 backup; }',
  'upstream plain { hash $uri; server 10.0.0.1:80; server 10.0.0.2:80; }',
  'upstream both { hash $uri consistent; hash $args consistent; server 10.0.0.1:80; server 10.0.0.2:80; }',
  'upstream invalid_limits { hash $uri consistent; server 10.0.0.1:80 max_fails=x fail_timeout=1q; server 10.0.0.2:80; }',
  'upstream zero { hash $uri consistent; server 10.0.0.1:80 weight=0; server 10.0.0.2:80 weight=05; }',
  'upstream drained { hash $uri consistent; server 10.0.0.1:80 drain; server 10.0.0.2:80; }',
  'upstream resolved { hash $uri consistent; server app.internal:80 resolve; server 10.0.0.2:80; }',
  'upstream quoted { hash $uri consistent; server "10.0.0.1:80"; server 10.0.0.2:80; }',
  'upstream commented { hash $uri consistent; # server 10.0.0.3:80;\n server 10.0.0.1:80; server 10.0.0.2:80; }',
  'upstream least { least_conn; hash $uri consistent; server 10.0.0.1:80; server 10.0.0.2:80; }',
  'upstream empty_statement { hash $uri consistent;; server 10.0.0.1:80; server 10.0.0.2:80; }',
  'upstream variable { hash $uri consistent; server $backend; server 10.0.0.2:80; }',
  'upstream ipv6 { hash $uri consistent; server [::1]:8080 weight=2; server [2001:db8::1]; }',
  'upstream weighted_twice { hash $uri consistent; server 10.0.0.1:80 weight=2 weight=9; server 10.0.0.2:80; }',
];

const parsedList = (block: string): Peer[] => parsedPeerLists(`http {\n${block}\n}\n`)[0] ?? NOT_A_RING;

describe('reading consistent-hash upstreams without the parser', () => {
  it('reads a block only when it reads it as the parser and expandPeers do', () => {
    let read = 0;
    for (const block of BLOCKS) {
      const direct = readSimpleUpstream(block);
      if (direct === undefined) continue;
      read++;
      expect(direct, block).toEqual(parsedList(block));
    }
    // The common shapes are read directly; the others go to the parser.
    expect(read).toBeGreaterThanOrEqual(8);
    expect(readSimpleUpstream(BLOCKS[12]!)).toBeUndefined();
    expect(readSimpleUpstream(BLOCKS[13]!)).toBeUndefined();
  });

  it('lists what the parser lists on generated configurations, reading every block directly', () => {
    for (const text of [ringHeavyNginx(400_000, 3), ringHeavyNginx(400_000, 12), syntheticNginx(300_000)]) {
      expect(consistentBlocks(text).every((block) => readSimpleUpstream(block) !== undefined)).toBe(true);
      expect(ringPeerLists(text)).toEqual(parsedPeerLists(`http {\n${consistentBlocks(text).join('\n')}\n}\n`));
    }
  });

  it('lists blocks it cannot read directly from the parser', () => {
    const lists = ringPeerLists(`http {\n${BLOCKS.join('\n')}\n}\n`);
    const expected = BLOCKS.map(parsedList).filter((list) => list.length > 0);
    expect(new Set(lists.map((l) => JSON.stringify(l)))).toEqual(new Set(expected.map((l) => JSON.stringify(l))));
  });
});

/** Two equal members whose ring gives one of them clearly more than half (unbalanced-ring fires). */
function unbalancedPair(): [string, string] {
  for (let i = 1; ; i++) {
    const pair: [string, string] = [`10.9.${i}.1:8080`, `10.9.${i}.2:8080`];
    const shares = chashShares(pair.map((server, member) => ({ member, server, weight: 1, up: true })));
    if (Math.max(...shares.byPeer) > 0.6) return pair;
  }
}

describe('the helper builds the tenfold ring of an unbalanced pool', () => {
  const [first, second] = unbalancedPair();
  const pool = `    upstream uneven {\n        hash $request_uri consistent;\n        server ${first};\n        server ${second};\n    }\n`;

  it('lists and builds it, with the shares the main thread would compute', async () => {
    const path = join(dir, 'uneven.conf');
    writeFileSync(path, `http {\n${pool}}\n`);
    const scaled: Peer[] = [first, second].map((server, member) => ({ member, server, weight: 10, up: true }));
    clearTrafficCaches();
    const expected = chashShares(scaled);
    const helper = new RingHelper(CLI, path);
    await helper.finished();
    const shares = helper.sharesOf(scaled);
    helper.stop();
    expect(shares).toEqual(expected);
  });

  it('leaves the report of a large file as a single-threaded run gives it, json and sarif', () => {
    const path = join(dir, 'large.conf');
    const text = ringHeavyNginx(1.2 * 1024 * 1024, 4);
    writeFileSync(path, text.replace(/\n}\n$/, `\n${pool}}\n`));
    for (const format of ['json', 'sarif']) {
      const helped = runCli(['check', '--format', format, path]);
      const alone = runCli(['check', '--format', format, '--threads', '1', path]);
      expect(helped.stderr).toBe('');
      expect(helped.status).toBe(alone.status);
      expect(helped.stdout).toBe(alone.stdout);
      expect(helped.stdout).toContain('upstream uneven');
    }
  }, 120_000);
});
