/**
 * The CLI's ring helper (server/src/cli/ring-helper.ts) builds consistent-hash rings of a large
 * nginx file on a second thread. It may only save time: every share it hands the main thread is
 * the one the main thread would compute, a pool is built by one thread only, and a check report
 * is byte for byte the report of a single-threaded run (`--threads 1`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ringHeavyNginx } from '../../bench/generate';
import { consistentUpstreams, RingHelper, ringPeerLists } from '../../server/src/cli/ring-helper';
import { clearTrafficCaches } from '../../server/src/traffic';
import { chashShares } from '../../server/src/traffic/nginx/chash';
import { CLI, runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lb-drift-ring-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = `http {
    # a comment that says upstream fake { consistent }
    upstream a {
        hash $request_uri consistent;
        server 10.0.0.1:80 weight=3;
        server 10.0.0.2:80 down;
        server 10.0.0.3:80;
    }
    upstream b { hash $remote_addr; server 10.0.1.1:80; server 10.0.1.2:80; }
    upstream c {
        hash $cookie_user consistent;
        server backend.example:8080 weight=40;
        server unix:/run/app.sock;
    }
    upstream single { hash $uri consistent; server 10.0.2.1:80; }
}
`;

describe('ring helper', () => {
  it('cuts out only the consistent-hash upstreams and lists the pools that reach a ring', () => {
    expect(consistentUpstreams(SMALL)).not.toContain('upstream b');
    const lists = ringPeerLists(SMALL);
    expect(lists.map((peers) => peers.map((p) => p.server))).toEqual([
      ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'],
      ['backend.example:8080', 'unix:/run/app.sock'],
    ]);
  });

  it('hands the main thread exactly the shares it would compute, each pool built once', async () => {
    const path = join(dir, 'rings.conf');
    const text = ringHeavyNginx(200_000, 5);
    writeFileSync(path, text);
    const lists = ringPeerLists(text);
    expect(lists.length).toBeGreaterThan(20);
    const expected = (i: number) => {
      clearTrafficCaches();
      return chashShares(lists[i]!);
    };

    // Left alone, the helper builds every pool.
    const helper = new RingHelper(CLI, path);
    await helper.listed();
    await helper.finished();
    const built = lists.map((peers) => helper.sharesOf(peers));
    helper.stop();
    built.forEach((shares, i) => expect(shares).toEqual(expected(i)));

    // Asked for every pool at once, the main thread claims the pools still free (it answers
    // undefined: build them yourself) and waits for those the helper claimed; the helper then
    // leaves the main thread's pools alone.
    const racing = new RingHelper(CLI, path);
    await racing.listed();
    const first = lists.map((peers) => racing.sharesOf(peers));
    await racing.finished();
    const again = lists.map((peers) => racing.sharesOf(peers));
    racing.stop();
    expect(again.map((s) => s === undefined)).toEqual(first.map((s) => s === undefined));
    first.forEach((shares, i) => {
      if (shares) expect(shares).toEqual(expected(i));
    });

    // A peer list the helper never saw is the main thread's to build.
    const missing = new RingHelper(CLI, join(dir, 'missing.conf'));
    await missing.finished();
    expect(missing.sharesOf(lists[0]!)).toBeUndefined();
    missing.stop();
  });

  it('keeps answering with the shares it built once stopped, and claims or waits for nothing more', async () => {
    // The CLI stops the helper when the analysis ends, before the report is written, and the
    // report prints the shares of pools no rule asked about: those the helper built are not
    // built again.
    const path = join(dir, 'stopped.conf');
    const text = ringHeavyNginx(200_000, 7);
    writeFileSync(path, text);
    const lists = ringPeerLists(text);
    const helper = new RingHelper(CLI, path);
    await helper.listed();
    await helper.finished();
    helper.stopKeepingShares();
    try {
      clearTrafficCaches();
      for (const peers of lists) {
        const built = helper.sharesOf(peers);
        expect(built).toBeDefined();
        // The traffic engine takes the helper's shares rather than computing its own.
        expect(chashShares(peers)).toBe(built);
      }
    } finally {
      helper.stop();
    }
    clearTrafficCaches();
    // Stopped for good, the main thread computes the same shares itself.
    expect(helper.sharesOf(lists[0]!)).toBeDefined();
    expect(chashShares(lists[0]!)).not.toBe(helper.sharesOf(lists[0]!));
    expect(chashShares(lists[0]!)).toEqual(helper.sharesOf(lists[0]!));

    // Stopped while still building, it answers undefined for a pool it has not posted, without
    // waiting for it (which would take the test past its timeout).
    const early = new RingHelper(CLI, path);
    await early.listed();
    early.stopKeepingShares();
    try {
      const answers = lists.map((peers) => early.sharesOf(peers));
      answers.forEach((shares, i) => {
        if (shares) expect(shares).toEqual(chashShares(lists[i]!));
      });
    } finally {
      early.stop();
    }
  });

  it('gives the report of a single-threaded run on a file large enough to start it', () => {
    const path = join(dir, 'large.conf');
    writeFileSync(path, ringHeavyNginx(1.2 * 1024 * 1024, 9));
    const helped = runCli(['check', '--format', 'json', path]);
    const alone = runCli(['check', '--format', 'json', '--threads', '1', path]);
    expect(helped.stderr).toBe('');
    expect(helped.status).toBe(alone.status);
    expect(helped.stdout).toBe(alone.stdout);
    expect(JSON.parse(helped.stdout).files[0].pools.some((p: { algorithm: string }) => p.algorithm === 'consistent-hash')).toBe(true);
  }, 120_000);
});
