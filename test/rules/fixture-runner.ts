/**
 * Rule fixtures: files under test/fixtures/rules/<rule>/ with `# expect: rule[, rule]` markers on
 * the lines where findings start. Files ending in `_fp` must produce no finding of their rule.
 * Helper files in subfolders are reached through includes and may carry markers too.
 *
 * A fixture `foo.nginx` with a sibling `foo.stable.nginx` is analysed against that sibling as its
 * stable revision, which is how the drift rules are tested; `*.stable.*` files are not fixtures
 * themselves, and their markers are not read (findings are always in the current file).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { createIncludeLoader } from '../../server/src/host/include-loader';

export const FIXTURES = join(__dirname, '../fixtures/rules');
const MARKER = /#\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/;

export interface Fixture {
  readonly rule: string;
  readonly name: string;
  readonly path: string;
  readonly falsePositive: boolean;
}

export function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    const dir = join(FIXTURES, rule);
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!statSync(path).isFile() || isStableSide(name)) continue;
      out.push({ rule, name, path, falsePositive: /_fp\.[^.]+$/.test(name) });
    }
  }
  return out;
}

/** `foo.stable.nginx` is the stable side of `foo.nginx`. */
export function isStableSide(name: string): boolean {
  return /\.stable\.[^.]+$/.test(name);
}

/** The path of a fixture's stable revision: `foo.nginx` -> `foo.stable.nginx`. */
export function stablePathOf(path: string): string {
  return path.replace(/(\.[^./]+)$/, '.stable$1');
}

/** The stable side of a fixture, when it has one. */
export function stableSideOf(path: string): SourceFile | undefined {
  const stablePath = stablePathOf(path);
  return stablePath !== path && existsSync(stablePath) ? { path: stablePath, text: readFileSync(stablePath, 'utf8') } : undefined;
}

/**
 * Analyses a fixture (or any text under a fixture's path). `stable` defaults to the fixture's
 * sibling `*.stable.*` file; drift rules run only when there is one.
 */
export function analyzeFixture(path: string, text = readFileSync(path, 'utf8'), stable: SourceFile | undefined = stableSideOf(path)): FileReport {
  return analyzeFile({ path, text }, createIncludeLoader(), {
    onRuleError: (rule, error) => {
      throw new Error(`${rule}: ${String(error)}`);
    },
    ...(stable ? { stable: { ref: 'lb-stable/fixture', file: stable, loader: createIncludeLoader() } } : {}),
  });
}

/** `file:line rule` strings for every marker in every file the analysis read. */
export function expectedMarkers(report: FileReport): string[] {
  const out: string[] = [];
  for (const [file, text] of report.sources) {
    text.split('\n').forEach((line, i) => {
      const match = MARKER.exec(line);
      if (match) for (const rule of match[1]!.split(',')) out.push(`${file}:${i + 1} ${rule.trim()}`);
    });
  }
  return out.sort();
}

/** `file:line rule` strings for every finding, by the line its range starts on. */
export function actualMarkers(report: FileReport): string[] {
  return report.findings
    .map((f) => {
      const text = report.sources.get(f.loc.file) ?? '';
      const line = text.slice(0, f.loc.start).split('\n').length;
      return `${f.loc.file}:${line} ${f.rule}`;
    })
    .sort();
}
