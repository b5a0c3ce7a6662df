/**
 * Invariant 12 through the real server over stdio: a burst of 500 edits to a 1 MB config is
 * analysed a few times, latest version only; the final version is always published; a hover in
 * the middle of the burst answers from the newest finished analysis without waiting for a
 * re-check; and the server's memory comes back down after the burst.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { syntheticNginx } from '../../bench/generate';
import { LspTestClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-load-test/big.nginx';
const EDITS = 500;

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

/** The server's resident memory in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)![1]) / 1024;
}

it('analyses only the latest version of a burst of edits and answers a hover in the middle at once', { timeout: 120_000 }, async () => {
  client = new LspTestClient();
  await client.initialize();
  const text = syntheticNginx(1 << 20);
  // Every publish and the hover's answer, in the order the client received them.
  const events: (number | 'hover')[] = [];
  void client.diagnosticsMatching(URI, (p: PublishedDiagnostics) => {
    events.push(p.version!);
    return false;
  });
  await client.open(URI, text);
  await client.diagnostics(URI, 1);
  const baseline = rssMb(client.pid);
  let peak = baseline;

  // Line 6 is the comment "    # pool 0": typing "#" in front of it never changes a finding.
  const typeAt = { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } };
  const hoverAfter = EDITS / 2;
  let hover: Promise<unknown> | undefined;
  const sent: Promise<void>[] = [];
  for (let version = 2; version <= EDITS + 1; version++) {
    sent.push(client.change(URI, version, [{ range: typeAt, text: '#' }]));
    if (version === hoverAfter) {
      // The first server of upstream pool_0 (line 9), at its address.
      hover = client.connection
        .sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 9, character: 18 } })
        .then((result) => {
          events.push('hover');
          return result;
        });
    }
    if (version % 50 === 0) peak = Math.max(peak, rssMb(client.pid));
  }
  await Promise.all(sent);
  const final = await client.diagnostics(URI, EDITS + 1);
  peak = Math.max(peak, rssMb(client.pid));

  // The final version is published, with the findings of the final text.
  expect(final.version).toBe(EDITS + 1);
  const hovered = (await hover) as { contents: { value: string } } | null;
  expect(hovered?.contents.value).toContain('10.0.0.0:8000');

  const publishes = events.filter((e): e is number => e !== 'hover');
  // Versions only go forward, each is published once, and far fewer analyses than edits ran.
  expect(publishes).toEqual([...new Set(publishes)].sort((a, b) => a - b));
  expect(publishes.length).toBeLessThan(EDITS / 10);
  // The hover was answered before any analysis of a version from after it was sent: it did not
  // wait for a re-check of the document as it was when it arrived. Version `hoverAfter` itself
  // was sent just before the hover, so a busy server may publish it first.
  const hoverAt = events.indexOf('hover');
  expect(events.slice(0, hoverAt).every((v) => typeof v === 'number' && v <= hoverAfter)).toBe(true);

  const after = rssMb(client.pid);
  console.log(
    `burst of ${EDITS} edits on a ${(text.length / 1048576).toFixed(1)} MB file: ${publishes.length - 1} publishes ` +
      `(versions ${publishes.join(', ')}); RSS baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${after.toFixed(0)} MB`,
  );
  // Nothing queued up: memory stays within a generous bound of where it started.
  expect(after).toBeLessThan(3 * baseline + 200);
  expect(client.stderr).toBe('');
});
