/**
 * The architecture invariants of ARCHITECTURE.md that are about structure, checked on the code.
 * Each test names the invariant it holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { REPO, sourcesUnder } from './imports';

const PURE_LAYERS = ['core', 'dialects', 'traffic', 'rules', 'drift', 'engine'];
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|dgram|worker_threads)$/;
const LSP_MODULES = /^vscode-languageserver/;

describe('invariant 2: pure layers do no I/O and know neither LSP nor VS Code', () => {
  for (const layer of PURE_LAYERS) {
    it(`server/src/${layer}`, () => {
      const offenders = sourcesUnder(`server/src/${layer}`).flatMap((s) =>
        s.imports.filter((i) => IO_MODULES.test(i) || LSP_MODULES.test(i) || i === 'vscode').map((i) => `${s.file} imports ${i}`),
      );
      expect(offenders).toEqual([]);
    });
  }

  it('only server/src/lsp imports vscode-languageserver', () => {
    const offenders = sourcesUnder('server/src')
      .filter((s) => !s.file.startsWith('server/src/lsp/'))
      .flatMap((s) => s.imports.filter((i) => LSP_MODULES.test(i)).map((i) => `${s.file} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('only server/src/host touches the file system or child processes', () => {
    const offenders = sourcesUnder('server/src')
      .filter((s) => !s.file.startsWith('server/src/host/'))
      .flatMap((s) => s.imports.filter((i) => /^(node:)?(fs|fs\/promises|child_process)$/.test(i)).map((i) => `${s.file} imports ${i}`));
    expect(offenders).toEqual([]);
  });

  it('core imports nothing outside core', () => {
    const offenders = sourcesUnder('server/src/core').flatMap((s) =>
      s.imports.filter((i) => !i.startsWith('./')).map((i) => `${s.file} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('invariant 3: rules see the model, never a syntax tree', () => {
  it('no rule imports a dialect', () => {
    const offenders = sourcesUnder('server/src/rules').flatMap((s) =>
      s.imports.filter((i) => i.includes('/dialects')).map((i) => `${s.file} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('invariant 4: the client never parses, runs git or computes diffs', () => {
  it('client/src imports only vscode, vscode-languageclient and the shared protocol', () => {
    // node:crypto makes the webview's CSP nonce; no other Node module (fs, child_process) belongs here.
    const allowed = (i: string) =>
      i === 'vscode' ||
      i === 'node:crypto' ||
      i.startsWith('vscode-languageclient') ||
      /^(\.\.\/)+server\/src\/protocol\//.test(i) ||
      (i.startsWith('.') && !i.includes('server/'));
    const offenders = sourcesUnder('client/src').flatMap((s) =>
      s.imports.filter((i) => !allowed(i)).map((i) => `${s.file} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('invariant 6: the configuration block in package.json matches the Settings type', () => {
  it('every Settings key is contributed and every contributed key is a setting', () => {
    const flatten = (value: unknown, prefix: string): string[] =>
      typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && prefix !== 'lbDrift.rules'
        ? Object.entries(value).flatMap(([k, v]) => flatten(v, `${prefix}.${k}`))
        : [prefix];
    const settingsKeys = flatten(DEFAULT_SETTINGS, 'lbDrift').sort();
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    // lbDrift.trace.server is read by vscode-languageclient itself, never by the server.
    const contributed = Object.keys(pkg.contributes.configuration.properties)
      .filter((k) => k !== 'lbDrift.trace.server')
      .sort();
    expect(contributed).toEqual(settingsKeys);
    for (const key of settingsKeys) {
      const path = key.split('.').slice(1);
      const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], DEFAULT_SETTINGS);
      expect(pkg.contributes.configuration.properties[key].default, key).toEqual(value);
    }
  });
});

describe('files stay small', () => {
  it('no source file is past 600 lines', () => {
    const big = [...sourcesUnder('server/src'), ...sourcesUnder('client/src')]
      .filter((s) => s.lines > 600)
      .map((s) => `${s.file}: ${s.lines} lines`);
    expect(big).toEqual([]);
  });
});

describe('ARCHITECTURE.md', () => {
  it('names only tests that exist, and every invariant names one', () => {
    const text = readFileSync(join(REPO, 'ARCHITECTURE.md'), 'utf8');
    const named = [...text.matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(8);
    for (const path of named) expect(existsSync(join(REPO, path)), path).toBe(true);
    const invariants = text.split(/\n(?=\d+\. \*\*)/).filter((block) => /^\d+\. \*\*/.test(block));
    expect(invariants).toHaveLength(13);
    for (const block of invariants) expect(block, block.slice(0, 60)).toMatch(/Held by/);
  });
});
