/**
 * Reads the import specifiers of every TypeScript file under a folder, so architecture tests can
 * check which layer may import what.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const REPO = join(__dirname, '../..');

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface SourceImports {
  readonly file: string;
  readonly imports: readonly string[];
  readonly lines: number;
}

export function sourcesUnder(folder: string): SourceImports[] {
  const out: SourceImports[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) {
        const text = readFileSync(full, 'utf8');
        const imports: string[] = [];
        for (const m of text.matchAll(IMPORT)) imports.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
        out.push({ file: relative(REPO, full), imports, lines: text.split('\n').length });
      }
    }
  };
  // A layer that has no code yet (an empty folder is not in git) has nothing to check.
  if (existsSync(join(REPO, folder))) walk(join(REPO, folder));
  return out;
}
