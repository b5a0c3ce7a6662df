/**
 * The safe "Insert ;" fix of syntax-error is offered only where it makes progress: applying it
 * removes its error and adds none. Checked on the cases found by fuzzing (a block directive
 * without its `{`, a trailing backslash) and on a few thousand deterministic mutations of real
 * configs, each offered fix applied and the whole file analysed again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Finding } from '../../server/src/core/finding';
import { parseNginxTree } from '../../server/src/dialects/nginx/parser';
import { analyzeFile } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fixes';
import { seededRandom } from '../traffic/reference';

const PATH = '/t/site.nginx';

function syntaxErrors(text: string): Finding[] {
  return analyzeFile({ path: PATH, text }, noIncludes, { dialect: 'nginx' }).findings.filter((f) => f.rule === 'syntax-error');
}

function insertFixes(text: string): { finding: Finding; at: number }[] {
  const out: { finding: Finding; at: number }[] = [];
  for (const finding of syntaxErrors(text)) {
    for (const fix of finding.fixes ?? []) {
      const intent = fix.intents[0];
      if (fix.title === 'Insert ";"' && intent?.kind === 'edit') out.push({ finding, at: intent.edits[0]!.loc.start });
    }
  }
  return out;
}

/** Why inserting `;` at `at` does not make progress, or undefined when it does. */
function progressProblem(text: string, finding: Finding, at: number): string | undefined {
  const fixed = applyEdits(text, PATH, [{ loc: { file: PATH, start: at, end: at }, newText: ';' }])!;
  const before = syntaxErrors(text).map((f) => `${f.message}@${f.loc.start >= at ? f.loc.start + 1 : f.loc.start}`);
  const after = syntaxErrors(fixed).map((f) => `${f.message}@${f.loc.start}`);
  const gone = `${finding.message}@${finding.loc.start >= at ? finding.loc.start + 1 : finding.loc.start}`;
  if (after.includes(gone)) return `the error "${finding.message}" is still there`;
  const added = after.filter((a) => !before.includes(a));
  return added.length > 0 ? `it adds ${added.join(' | ')}` : undefined;
}

describe('the safe "Insert ;" fix', () => {
  it('is offered after a simple directive, before "}" and at the end of the file', () => {
    const text = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80\n}\nworker_processes 2';
    const fixes = insertFixes(text);
    expect(fixes.map((f) => f.at)).toEqual([text.indexOf('\n}'), text.length]);
    for (const { finding, at } of fixes) expect(progressProblem(text, finding, at)).toBeUndefined();
  });

  it('is offered where a directive runs into a block directive on the next line', () => {
    const text = 'http {\n  server {\n    proxy_pass http://a\n    location /b {\n      return 200;\n    }\n  }\n}\n';
    const [fix] = insertFixes(text);
    expect(fix?.at).toBe(text.indexOf('\n    location'));
    expect(progressProblem(text, fix!.finding, fix!.at)).toBeUndefined();
  });

  it('is not offered after a block directive written without its "{"', () => {
    const text = 'http {\n  server {\n    location /v\n  }\n}\n';
    // The parser still reports the missing ";", and used to offer to insert it: "location /v;"
    // is rejected by nginx just the same ("has no opening {").
    expect(parseNginxTree(text).errors.some((e) => e.insert)).toBe(true);
    expect(syntaxErrors(text).length).toBeGreaterThan(0);
    expect(insertFixes(text)).toEqual([]);
  });

  it('is not offered after a trailing backslash, which would escape the ";"', () => {
    for (const text of ['upstream app {\n    server 10.0.0.1:80\\', 'events {\n  worker_connections 10\\\n}\n']) {
      expect(parseNginxTree(text).errors.some((e) => e.insert)).toBe(true);
      expect(insertFixes(text)).toEqual([]);
    }
  });

  it('makes progress wherever it is offered, on mutations of the example configs', () => {
    const seeds = exampleConfigs();
    expect(seeds.length).toBeGreaterThan(0);
    const random = seededRandom(20240611);
    let offered = 0;
    let refused = 0;
    const problems: string[] = [];
    for (let i = 0; i < 800; i++) {
      const text = mutate(seeds[i % seeds.length]!, random);
      const raw = parseNginxTree(text).errors.filter((e) => e.insert).length;
      const fixes = insertFixes(text);
      offered += fixes.length;
      refused += Math.max(0, raw - fixes.length);
      for (const { finding, at } of fixes.slice(0, 3)) {
        const problem = progressProblem(text, finding, at);
        if (problem) problems.push(`${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}: ${problem}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(offered).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(0);
  });
});

function exampleConfigs(): string[] {
  const dir = join(__dirname, '../../examples/nginx');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(conf|nginx)$/.test(name))
    .map((name) => readFileSync(join(dir, name), 'utf8'));
}

/** One to three edits that tend to lose a `;`: delete one, delete a `{`, add a backslash or a quote, cut the file. */
function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const pick = (ch: string): number => {
      const positions: number[] = [];
      for (let i = out.indexOf(ch); i !== -1; i = out.indexOf(ch, i + 1)) positions.push(i);
      return positions.length === 0 ? -1 : positions[Math.floor(random() * positions.length)]!;
    };
    const kind = Math.floor(random() * 6);
    const at = kind === 1 ? pick('{') : pick(';');
    if (at < 0) continue;
    if (kind === 0 || kind === 1) out = out.slice(0, at) + out.slice(at + 1);
    else if (kind === 2) out = `${out.slice(0, at)}\\${out.slice(at + 1)}`;
    else if (kind === 3) out = `${out.slice(0, at)}"${out.slice(at + 1)}`;
    else if (kind === 4) out = out.slice(0, at);
    else out = `${out.slice(0, at)}\r${out.slice(at + 1)}`;
  }
  return out;
}
