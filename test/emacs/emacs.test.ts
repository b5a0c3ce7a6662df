/**
 * Emacs, with eglot as its LSP client, runs the README's Emacs set-up snippet as written, in
 * batch: the snippet picks nginx-mode for a `.nginx` file and starts `lb-drift-language-server`
 * (first on PATH here), Flymake shows the weight-skew finding, and eglot gets the hover and the
 * code actions. Needs `emacs` with eglot and nginx-mode (Debian's emacs-nox, elpa-eglot and
 * elpa-nginx-mode); skips without them unless CI=true.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DUPLICATED_HAPROXY as HAPROXY_DUPLICATED, SKEWED_NGINX as SKEWED } from '../helpers/editor-client';
import { tmpTree } from '../helpers/tmp';
import { recordsOf } from './plan';
import { readmeEmacsSnippet } from './readme-snippet';
import { requireEmacs } from './require-emacs';
import { describeRun, runEmacs } from './run-emacs';
import { serverBinFolder } from '../helpers/server-on-path';

/** Every wait and request inside Emacs; the whole run gets more, so Emacs reports its own timeouts. */
const WAIT_MS = 20_000;
const RUN_MS = 60_000;

/** The 1-based line and column where `needle` first occurs. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the fixture`);
  return { line: index + 1, character: lines[index]!.indexOf(needle) + 1 };
}


const emacs = requireEmacs('the Emacs (eglot) client test');

describe.skipIf(emacs === undefined)('Emacs (eglot) as an lb-drift client', () => {
  it("runs the README's Emacs snippet as written: diagnostics, hover and code actions", async () => {
    const dir = tmpTree({ 'skewed.nginx': SKEWED });
    const file = join(dir, 'skewed.nginx');
    const weight = positionOf(SKEWED, 'weight=5');
    // The hover goes to the start of the member's `server` directive.
    const member = positionOf(SKEWED, 'server 127.0.0.1:8081');
    const run = await runEmacs(
      emacs!,
      readmeEmacsSnippet(),
      { file, hover: member, timeoutMs: WAIT_MS },
      { timeoutMs: RUN_MS, pathPrefix: [serverBinFolder()] },
    );
    const context = describeRun(run);
    expect(run.timedOut, context).toBe(false);
    expect(recordsOf(run.records, 'error'), context).toEqual([]);
    expect(run.status, context).toBe(0);
    expect(recordsOf(run.records, 'done'), context).toHaveLength(1);
    // A handler that threw on the server reports itself as a window/logMessage error.
    expect(recordsOf(run.records, 'serverError'), context).toEqual([]);

    // eglot was not loaded before the file opened, so the snippet's `with-eval-after-load' ran
    // when `eglot-ensure' loaded it; the snippet's own entries picked the mode and the command.
    expect(recordsOf(run.records, 'started')[0]?.eglotLoaded, context).toBe(false);
    expect(recordsOf(run.records, 'opened'), context).toEqual([{ kind: 'opened', file, mode: 'nginx-mode', modeByName: 'nginx-mode' }]);
    expect(recordsOf(run.records, 'connected')[0]?.command, context).toEqual(['lb-drift-language-server', '--stdio']);

    const diagnostics = recordsOf(run.records, 'diagnostic');
    expect(diagnostics.map(({ line, col, type, code, source }) => ({ line, col, type, code, source })), context).toEqual([
      { line: weight.line, col: weight.character, type: 'eglot-warning', code: 'weight-skew', source: 'lb-drift' },
    ]);
    // eglot writes the text Flymake shows as `source [code]: message`.
    expect(diagnostics[0]!.message).toMatch(/^lb-drift \[weight-skew\]: 127\.0\.0\.1:8081 gets 71% of requests in backend \(weight 5 of 7\)/);

    const [hover] = recordsOf(run.records, 'hover');
    expect(hover, context).toMatchObject({ line: member.line });
    expect(hover!.text).toContain('Predicted share:** 71.4% of requests');
    expect(hover!.text).toContain('smooth weighted round-robin');

    const actions = recordsOf(run.records, 'codeActions');
    expect(actions.map((a) => a.line), context).toEqual([weight.line]);
    expect(actions[0]!.titles).toContain('Disable weight-skew for this line');
    expect(actions[0]!.titles.some((t) => t.startsWith('Equalise the weights in backend'))).toBe(true);

    // eglot-shutdown stopped the server before Emacs exited; the test did not have to.
    expect(recordsOf(run.records, 'shutdown')[0]?.serverLive, context).toBe(false);
    expect(run.serverLeftRunning, context).toBe(false);
  });

  it('runs the README snippet with the HAProxy addition on a haproxy.cfg: its diagnostic, hover and code actions', async () => {
    const dir = tmpTree({ 'haproxy.cfg': HAPROXY_DUPLICATED });
    const file = join(dir, 'haproxy.cfg');
    // The second listing of 10.0.0.2:8080 (server a3): the finding starts at its address.
    const a3 = positionOf(HAPROXY_DUPLICATED, 'server a3 ');
    const duplicate = { line: a3.line, character: a3.character + 'server a3 '.length };
    // The README's snippet gives HAProxy files their mode and attaches them to the same server.
    const setup = readmeEmacsSnippet();
    const run = await runEmacs(emacs!, setup, { file, hover: duplicate, timeoutMs: WAIT_MS }, { timeoutMs: RUN_MS, pathPrefix: [serverBinFolder()] });
    const context = describeRun(run);
    expect(run.timedOut, context).toBe(false);
    expect(recordsOf(run.records, 'error'), context).toEqual([]);
    expect(run.status, context).toBe(0);
    expect(recordsOf(run.records, 'serverError'), context).toEqual([]);
    expect(recordsOf(run.records, 'opened'), context).toEqual([{ kind: 'opened', file, mode: 'haproxy-mode', modeByName: 'haproxy-mode' }]);

    const diagnostics = recordsOf(run.records, 'diagnostic');
    expect(diagnostics.map(({ line, col, type, code }) => ({ line, col, type, code })), context).toEqual([
      { line: duplicate.line, col: duplicate.character, type: 'eglot-warning', code: 'duplicate-member' },
    ]);
    expect(diagnostics[0]!.message).toContain('10.0.0.2:8080 appears twice in backend api');
    const [hover] = recordsOf(run.records, 'hover');
    expect(hover!.text).toContain('in backend `api`');
    expect(recordsOf(run.records, 'codeActions')[0]!.titles).toContain('Remove the repeated 10.0.0.2:8080 line');
    expect(run.serverLeftRunning, context).toBe(false);
  });
});
