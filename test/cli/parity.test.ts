/**
 * Invariant 8: the CLI and the language server report the same findings for the same file. Every
 * example config goes through both, the CLI as a process and the server over stdio.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/rules';
import { runCli } from '../helpers/cli';
import { fixtures } from '../rules/fixture-runner';
import { LspTestClient } from '../helpers/lsp-client';

const EXAMPLES = resolve(__dirname, '../../examples/nginx');
const FILES = [
  'nginx.conf',
  'conf.d/app.conf',
  'conf.d/batch.conf',
  'conf.d/cache.conf',
  'conf.d/checkout.conf',
  'conf.d/search.conf',
  'conf.d/sessions.conf',
  'stream.nginx',
  'broken.nginx',
  'missing-include.nginx',
];

let client: LspTestClient;
beforeAll(async () => {
  client = new LspTestClient();
  await client.initialize();
});
afterAll(() => client.shutdown());

const FIXTURE_FILES = fixtures().map((f) => f.path);

/** `rule|severity|line|column|endLine|endColumn|message` rows of one CLI command for one file. */
function cliFindings(command: 'check' | 'diff', path: string): string[] {
  const run = runCli([command, '--format', 'json', path]);
  const json = JSON.parse(run.stdout || '{"files":[]}');
  return (json.files.find((f: { path: string }) => resolve(f.path) === path)?.findings ?? []).map(
    (f: { rule: string; line: number; column: number; endLine: number; endColumn: number; message: string; severity: string }) =>
      [f.rule, f.severity, f.line, f.column, f.endLine, f.endColumn, f.message].join('|'),
  );
}

describe('CLI and language server agree', () => {
  for (const path of [...FILES.map((name) => join(EXAMPLES, name)), ...FIXTURE_FILES]) {
    it(relative(join(__dirname, '../..'), path), async () => {
      // The server reports both kinds; the CLI splits them: check (rules) and diff (drift-* rules,
      // against the same stable revision, here whatever git resolves for this checkout).
      const fromCli = [...cliFindings('check', path), ...cliFindings('diff', path)].sort();
      const uri = pathToFileURL(path).href;
      // A manifest opens as YAML/JSON, as an editor opens it; the server recognises it by content.
      await client.open(uri, readFileSync(path, 'utf8'), /\.ya?ml$/.test(path) ? 'yaml' : /\.json$/.test(path) ? 'json' : /\.cfg$/.test(path) ? 'haproxy' : 'nginx');
      const published = await client.diagnostics(uri, 1);
      const severities = ['', 'error', 'warning', 'info', 'hint'];
      const fromServer = published.diagnostics.map((d) =>
        [d.code, severities[d.severity ?? 0], d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.message].join('|'),
      );
      expect(fromServer.sort()).toEqual(fromCli);
    });
  }

  it('the examples show every rule that needs no git history', async () => {
    const run = runCli(['check', '--format', 'json', EXAMPLES, resolve(__dirname, '../../examples/kubernetes'), resolve(__dirname, '../../examples/haproxy')]);
    const rules = new Set(JSON.parse(run.stdout).files.flatMap((f: { findings: { rule: string }[] }) => f.findings.map((x) => x.rule)));
    expect([...rules].sort()).toEqual(RULES.filter((r) => !r.meta.needsStable).map((r) => r.meta.id).sort());
  });
});
