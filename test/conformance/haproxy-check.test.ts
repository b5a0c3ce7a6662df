/**
 * `haproxy -c` agreement: every `.cfg` of the public corpus (../shared/corpus/haproxy) that the
 * real HAProxy accepts must get no syntax error from lb-drift, and every file must be analysed
 * without a crash. Prints one row per file: what HAProxy said and how many syntax problems
 * lb-drift reported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { analyzeFile } from '../../server/src/engine/analyze';
import { normaliseProjectConfig } from '../../server/src/engine/project-config';
import { findProgram, requireProgram } from '../helpers/ci';

const CORPUS = join(__dirname, '../../../shared/corpus/haproxy');
const HAPROXY = findProgram('haproxy') ?? '/usr/sbin/haproxy';
const haveHaproxy = requireProgram(HAPROXY, 'haproxy -c agreement');
const haveCorpus = existsSync(CORPUS);
if (!haveCorpus) {
  if (process.env.CI === 'true') throw new Error(`the HAProxy corpus is required under CI=true: ${CORPUS} is missing`);
  console.warn(`skipping haproxy -c agreement: no corpus at ${CORPUS}`);
}

function configFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return configFiles(path);
    return name.endsWith('.cfg') ? [path] : [];
  });
}

describe.skipIf(!haveHaproxy || !haveCorpus)('haproxy -c agreement over the corpus', () => {
  it('reports no syntax error on any file HAProxy accepts', () => {
    const rows: string[][] = [];
    const disagreements: string[] = [];
    for (const path of configFiles(CORPUS).sort()) {
      const text = readFileSync(path, 'utf8');
      // -c only parses and checks; no socket is opened and nothing starts.
      const check = spawnSync(HAPROXY, ['-c', '-f', path], { encoding: 'utf8', timeout: 30_000 });
      const accepted = check.status === 0;
      const problems = analyzeHaproxy({ path, text }, noIncludes).problems.filter((p) => p.kind === 'syntax');
      const name = relative(CORPUS, path);
      rows.push([name, accepted ? 'accepted' : 'rejected', String(problems.length)]);
      if (accepted && problems.length > 0) disagreements.push(`${name}: ${problems.map((p) => p.message).join('; ')}`);
    }
    const table = [['file', 'haproxy -c', 'lb-drift syntax errors'], ...rows];
    const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
    console.log(`haproxy -c agreement (${rows.length} files):\n${table.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}`).join('\n')}`);
    expect(rows.length).toBeGreaterThan(0);
    expect(disagreements).toEqual([]);
  });
});

/**
 * Files the installed HAProxy judges one way and lb-drift must judge the same way, with the
 * project's target set to the installed release: `use-server` rules HAProxy refuses, and `.if`
 * blocks read against the release (an active `.alert` stops HAProxy, so the branch read shows).
 */
const JUDGED: readonly { name: string; body: string; accepted: boolean }[] = [
  { name: 'use-server without a condition', body: 'backend app\n  use-server a\n  server a 127.0.0.1:1', accepted: false },
  { name: 'use-server naming no server', body: 'backend app\n  use-server b if TRUE\n  server a 127.0.0.1:1', accepted: false },
  { name: 'use-server naming a template member', body: 'backend app\n  use-server t2 if TRUE\n  server-template t 2 127.0.0.1:1', accepted: true },
  { name: '.if version_atleast(installed) reached', body: '.if version_atleast(INSTALLED)\n.alert "reached"\n.endif', accepted: false },
  { name: '.if version_atleast(next patch) skipped', body: '.if version_atleast(NEXT)\n.alert "reached"\n.endif', accepted: true },
  { name: '.if version_before(installed) skipped', body: '.if version_before(INSTALLED)\n.alert "reached"\n.elif version_before(NEXT)\n.notice "this branch"\n.endif', accepted: true },
];

describe.skipIf(!haveHaproxy)('haproxy -c and lb-drift judge use-server and .if alike', () => {
  const installed = /version (\d+\.\d+\.\d+)/.exec(spawnSync(HAPROXY, ['-v'], { encoding: 'utf8' }).stdout ?? '')?.[1] ?? '2.6.12';
  const next = installed.replace(/\d+$/, (patch) => String(Number(patch) + 1));
  it.each(JUDGED)('$name', ({ body, accepted }) => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-drift-haproxy-judged-'));
    try {
      const text = `defaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n${body.replaceAll('INSTALLED', installed).replaceAll('NEXT', next)}\n`;
      const path = join(dir, 'haproxy.cfg');
      writeFileSync(path, text);
      const check = spawnSync(HAPROXY, ['-c', '-f', path], { encoding: 'utf8', timeout: 30_000 });
      // A file without a frontend "has no error but will not start (no listener)": exit 2, accepted.
      expect(check.status === 0 || /has no error/.test(`${check.stdout}${check.stderr}`), check.stderr).toBe(accepted);
      const config = normaliseProjectConfig({ haproxy: { version: installed } }, dir);
      const report = analyzeFile({ path, text }, noIncludes, { config: { rules: config.rules } });
      const errors = [...report.problems.map((p) => p.message), ...report.findings.filter((f) => f.severity === 'error').map((f) => f.message)];
      expect(errors.length === 0, errors.join('; ')).toBe(accepted);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
