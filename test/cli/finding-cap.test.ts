/**
 * The CLI gets the engine's capped findings: a pathological file gives a short report, the
 * summary line counts the findings that were not listed, and the exit code is unchanged.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/engine/finding-cap';

const tmpFile = (name: string, text: string): string => join(tmpTree({ [name]: text }), name);

it('reports 300 KB of unclosed "http {" in a short JSON report and exits 2', () => {
  const path = tmpFile('http.conf', 'http {\n'.repeat((300 * 1024) / 7));
  const run = runCli(['check', path, '--format', 'json']);
  expect(run.status).toBe(2);
  expect(run.stdout.length).toBeLessThan(100_000);
  const findings = (JSON.parse(run.stdout) as { files: { findings: { rule: string; message: string }[] }[] }).files[0]!.findings;
  expect(findings).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
  expect(findings.at(-1)!.message).toMatch(/^\d+ more syntax-error findings in this file are not listed/);
});

it('counts the findings a summary stands for in the text summary and for --max-warnings', () => {
  // 150 upstreams with one member weighted 5 of 7: one weight-skew warning each.
  const pools = Array.from(
    { length: 150 },
    (_, i) => `upstream p${i} {\n    server 10.0.${i}.1:80 weight=5;\n    server 10.0.${i}.2:80;\n    server 10.0.${i}.3:80;\n}\n`,
  ).join('');
  const path = tmpFile('skew.conf', pools);
  const run = runCli(['check', path, '--max-warnings', '120', '--fail-on', 'error']);
  expect(run.stdout).toMatch(/50 more weight-skew findings in this file are not listed/);
  expect(run.stdout).toMatch(/Found 150 problems \(150 warnings\)/);
  expect(run.stderr).toContain('lb-drift found 150 warnings, more than --max-warnings 120');
  expect(run.status).toBe(1);
});
