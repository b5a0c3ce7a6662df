/**
 * `haproxy -c` agreement: every `.cfg` of the public corpus (../shared/corpus/haproxy) that the
 * real HAProxy accepts must get no syntax error from lb-drift, and every file must be analysed
 * without a crash. Prints one row per file: what HAProxy said and how many syntax problems
 * lb-drift reported.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
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
