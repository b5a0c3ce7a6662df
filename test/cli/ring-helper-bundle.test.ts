/**
 * The ring helper thread runs from a bundle of its own (server/out/ring-helper.js, built beside
 * the CLI's), which holds the ring code and the reading of consistent-hash upstreams but not the
 * rest of the CLI, so the thread starts without compiling and initialising about a megabyte of
 * code it never runs. From that bundle it must hand the main thread exactly the shares the main
 * thread would compute.
 */
import { mkdtempSync, rmSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ringHeavyNginx } from '../../bench/generate';
import { RingHelper, ringHelperBundleBeside, ringPeerLists } from '../../server/src/cli/ring-helper';
import { clearTrafficCaches } from '../../server/src/traffic';
import { chashShares } from '../../server/src/traffic/nginx/chash';
import { CLI } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lb-drift-ring-helper-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ring helper bundle', () => {
  const bundle = ringHelperBundleBeside(CLI);

  it('is built beside the CLI and leaves the rules and the output out', () => {
    expect(bundle).toBe(join(CLI, '..', 'ring-helper.js'));
    expect(statSync(bundle).size).toBeLessThan(statSync(CLI).size / 4);
    const code = readFileSync(bundle, 'utf8');
    // Rule ids and SARIF are in every CLI bundle; a helper that took them in would load the CLI.
    for (const word of ['unused-pool', 'weight-skew', 'sarif']) expect(code).not.toContain(word);
  });

  it('builds every pool from its own bundle with the shares the main thread would compute', async () => {
    const path = join(dir, 'rings.conf');
    const text = ringHeavyNginx(200_000, 7);
    writeFileSync(path, text);
    const lists = ringPeerLists(text);
    expect(lists.length).toBeGreaterThan(20);
    const helper = new RingHelper(bundle, path);
    await helper.listed();
    await helper.finished();
    const built = lists.map((peers) => helper.sharesOf(peers));
    helper.stop();
    built.forEach((shares, i) => {
      clearTrafficCaches();
      expect(shares).toEqual(chashShares(lists[i]!));
    });
  });
});
