/**
 * Neovim, a real LSP client that is not VS Code, runs the lb-drift language server headless: the
 * diagnostics it stores, the code actions and hovers it gets, a fix applied through its own
 * workspace-edit code, and the README's set-up snippets run as written. Needs `nvim` (Debian's
 * `neovim`, 0.7); skips without it unless CI=true.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProgram, requireProgram } from '../helpers/ci';
import { DUPLICATED_HAPROXY as DUPLICATED, SKEWED_NGINX as SKEWED } from '../helpers/editor-client';
import { SERVER, serverBinFolder } from '../helpers/server-on-path';
import { tmpTree } from '../helpers/tmp';
import { recordsOf, type PlanFile } from './plan';
import { describeRun, runNeovim, type NvimRun } from './run-nvim';

const README_SNIPPETS = join(__dirname, 'readme');

/** Istio weights 70/20 that sum to 90. */
const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
    - route:
        - destination: {host: reviews, subset: v1}
          weight: 70
        - destination: {host: reviews, subset: v2}
          weight: 20
`;
/** Helm values with the words of a split: no apiVersion, no kind, nothing for lb-drift. */
const HELM_VALUES = 'canary:\n  enabled: true\n  weight: 20\nstable:\n  weight: 80\n';
/** Every wait inside Neovim; the whole run gets more, so Neovim reports its own timeouts. */
const WAIT_MS = 20_000;
const RUN_MS = 45_000;

/** The 1-based line of the first (or last) line that contains `needle`. */
function lineOf(text: string, needle: string, which: 'first' | 'last' = 'first'): number {
  const found = text
    .split('\n')
    .map((line, i) => (line.includes(needle) ? i + 1 : 0))
    .filter((n) => n > 0);
  const line = which === 'first' ? found[0] : found[found.length - 1];
  if (line === undefined) throw new Error(`"${needle}" is not in the fixture`);
  return line;
}

function nvimVersion(nvim: string): [number, number] {
  const match = /NVIM v(\d+)\.(\d+)/.exec(execFileSync(nvim, ['--version'], { encoding: 'utf8' }));
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

function expectClean(run: NvimRun): void {
  const context = describeRun(run);
  expect(run.timedOut, context).toBe(false);
  expect(recordsOf(run.records, 'error'), context).toEqual([]);
  expect(run.status, context).toBe(0);
  expect(recordsOf(run.records, 'done'), context).toHaveLength(1);
  // Server-side failures (a handler that threw) reach Neovim as logMessage errors.
  expect(run.lspLog.split('\n').filter((l) => l.includes('[ERROR]')), context).toEqual([]);
}


const enabled = requireProgram('nvim', 'the Neovim language-client test');
const nvim = findProgram('nvim') ?? 'nvim';
const [major, minor] = enabled ? nvimVersion(nvim) : [0, 0];
const hasLspStart = major > 0 || minor >= 8;
if (enabled && !hasLspStart) {
  console.warn(`skipping the README's Neovim 0.8+ snippet: nvim is ${major}.${minor}, vim.lsp.start needs 0.8`);
}

describe.skipIf(!enabled)('Neovim as an lb-drift client', () => {
  it('shows diagnostics with rule ids and lines, offers code actions, hovers and applies a fix', async () => {
    const dir = tmpTree({ 'nginx.conf': SKEWED, 'haproxy.cfg': DUPLICATED });
    const skewLine = lineOf(SKEWED, 'weight=5');
    const duplicateLine = lineOf(DUPLICATED, '10.0.0.2:8080', 'last');
    const files: PlanFile[] = [
      { path: join(dir, 'nginx.conf'), hover: { line: skewLine, character: 9 } },
      { path: join(dir, 'haproxy.cfg'), applyFix: { rule: 'duplicate-member', title: 'Remove the repeated' } },
    ];
    const run = await runNeovim(
      nvim,
      { cmd: [process.execPath, SERVER, '--stdio'], filetypes: ['nginx', 'haproxy'], root: dir, timeoutMs: WAIT_MS, files },
      { timeoutMs: RUN_MS },
    );
    expectClean(run);
    const [skewed, duplicated] = files.map((f) => f.path) as [string, string];

    expect(recordsOf(run.records, 'opened').map((r) => r.filetype)).toEqual(['nginx', 'haproxy']);
    const diagnostics = recordsOf(run.records, 'diagnostic');
    expect(diagnostics.map(({ file, line, col, code, lspCode, severity, source }) => ({ file, line, col, code, lspCode, severity, source }))).toEqual([
      { file: skewed, line: skewLine, col: 31, code: 'weight-skew', lspCode: 'weight-skew', severity: 'warning', source: 'lb-drift' },
      { file: duplicated, line: duplicateLine, col: 15, code: 'duplicate-member', lspCode: 'duplicate-member', severity: 'warning', source: 'lb-drift' },
    ]);
    expect(diagnostics[0]!.message).toContain('gets 71% of requests');

    const actions = recordsOf(run.records, 'codeAction');
    expect(actions.map(({ file, line, code }) => ({ file, line, code }))).toEqual([
      { file: skewed, line: skewLine, code: 'weight-skew' },
      { file: duplicated, line: duplicateLine, code: 'duplicate-member' },
    ]);
    expect(actions[0]!.titles).toContain('Disable weight-skew for this line');
    expect(actions[0]!.titles.some((t) => t.startsWith('Equalise the weights in backend'))).toBe(true);
    expect(actions[1]!.titles).toEqual(['Remove the repeated 10.0.0.2:8080 line', 'Disable duplicate-member for this line']);

    const [hover] = recordsOf(run.records, 'hover');
    expect(hover).toMatchObject({ file: skewed, line: skewLine });
    expect(hover!.text).toContain('smooth weighted round-robin');
    expect(hover!.text).toContain('Predicted share:** 71.4% of requests');

    // The fix went through Neovim's own apply_workspace_edit and didChange: one copy is left,
    // and the diagnostics of the new version no longer report it.
    const [applied] = recordsOf(run.records, 'applied');
    expect(applied!.text.match(/server a\d 10\.0\.0\.2:8080 check/g)).toHaveLength(1);
    expect(recordsOf(run.records, 'afterFix').filter((d) => d.code === 'duplicate-member')).toEqual([]);
  });

  it('reads a Kubernetes manifest (filetype yaml) and leaves a Helm values file alone', async () => {
    const dir = tmpTree({ 'k8s/reviews.yaml': VIRTUAL_SERVICE, 'charts/reviews/values.yaml': HELM_VALUES });
    const files: PlanFile[] = [{ path: join(dir, 'k8s/reviews.yaml') }, { path: join(dir, 'charts/reviews/values.yaml') }];
    const run = await runNeovim(
      nvim,
      { cmd: [process.execPath, SERVER, '--stdio'], filetypes: ['yaml'], root: dir, timeoutMs: WAIT_MS, files },
      { timeoutMs: RUN_MS },
    );
    expectClean(run);
    // Neovim's own filetype: lb-drift changes nothing about how a YAML buffer is read.
    expect(recordsOf(run.records, 'opened').map((r) => r.filetype)).toEqual(['yaml', 'yaml']);
    const diagnostics = recordsOf(run.records, 'diagnostic');
    // The driver waited for the values file's diagnostics too: they came, and they are empty.
    expect(diagnostics.every((d) => d.file === files[0]!.path)).toBe(true);
    const weights = diagnostics.find((d) => d.code === 'split-weights-sum');
    expect(weights).toMatchObject({ line: lineOf(VIRTUAL_SERVICE, 'weight: 70'), severity: 'warning', source: 'lb-drift' });
    expect(weights!.message).toContain('90');
  });

  it("runs the README's Neovim 0.7 snippet as written", async () => {
    const dir = tmpTree({ 'nginx.conf': SKEWED, 'haproxy.cfg': DUPLICATED });
    const files = [{ path: join(dir, 'nginx.conf') }, { path: join(dir, 'haproxy.cfg') }];
    const run = await runNeovim(
      nvim,
      { setup: join(README_SNIPPETS, 'nvim-0.7.lua'), root: dir, timeoutMs: WAIT_MS, files },
      { timeoutMs: RUN_MS, pathPrefix: [serverBinFolder()] },
    );
    expectClean(run);
    expect(recordsOf(run.records, 'opened').map((r) => r.filetype)).toEqual(['nginx', 'haproxy']);
    expect(recordsOf(run.records, 'diagnostic').map((d) => [d.code, d.line])).toEqual([
      ['weight-skew', lineOf(SKEWED, 'weight=5')],
      ['duplicate-member', lineOf(DUPLICATED, '10.0.0.2:8080', 'last')],
    ]);
  });

  it.skipIf(!hasLspStart)("runs the README's Neovim 0.8+ snippet as written", async () => {
    const dir = tmpTree({ 'nginx.conf': SKEWED, 'haproxy.cfg': DUPLICATED });
    const files = [{ path: join(dir, 'nginx.conf') }, { path: join(dir, 'haproxy.cfg') }];
    const run = await runNeovim(
      nvim,
      { setup: join(README_SNIPPETS, 'nvim-0.8.lua'), root: dir, timeoutMs: WAIT_MS, files },
      { timeoutMs: RUN_MS, pathPrefix: [serverBinFolder()] },
    );
    expectClean(run);
    expect(recordsOf(run.records, 'opened').map((r) => r.filetype)).toEqual(['nginx', 'haproxy']);
    expect(recordsOf(run.records, 'diagnostic').map((d) => [d.code, d.line])).toEqual([
      ['weight-skew', lineOf(SKEWED, 'weight=5')],
      ['duplicate-member', lineOf(DUPLICATED, '10.0.0.2:8080', 'last')],
    ]);
  });
});
