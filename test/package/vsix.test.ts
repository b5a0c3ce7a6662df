/**
 * The VSIX holds only the bundles, the grammars, the rule pages, README, LICENSE and the manifest, and the
 * manifest's entry points exist in it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(__dirname, '../..');

describe('extension package', () => {
  it('lists exactly the shipped files', () => {
    const vsce = join(REPO, 'node_modules/@vscode/vsce/vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
    expect(listed).toEqual(
      [
        'LICENSE',
        'README.md',
        'client/out/extension.js',
        'client/out/language-client.js',
        'package.json',
        'server/out/cli.js',
        // The CLI's ring helper thread runs from a bundle of its own (server/src/cli/ring-helper.ts).
        'server/out/ring-helper.js',
        'server/out/server.js',
        'syntaxes/nginx.language-configuration.json',
        'syntaxes/nginx.tmLanguage.json',
        'syntaxes/haproxy.language-configuration.json',
        'syntaxes/haproxy.tmLanguage.json',
        // The project config schema, contributed to the YAML extension (yamlValidation).
        'schemas/lb-drift.schema.json',
        // Rule pages ship with the extension so diagnostics link to the installed version's docs.
        ...readdirSync(join(REPO, 'docs/rules')).map((page) => `docs/rules/${page}`),
      ].sort(),
    );
  });

  it('points its manifest at files that ship', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('./client/out/extension.js');
    expect(Object.values(pkg.bin)).toEqual(['server/out/cli.js', 'server/out/server.js']);
    for (const grammar of pkg.contributes.grammars) expect(readFileSync(join(REPO, grammar.path), 'utf8')).toContain(grammar.scopeName);
    for (const language of pkg.contributes.languages) JSON.parse(readFileSync(join(REPO, language.configuration), 'utf8'));
    for (const validation of pkg.contributes.yamlValidation) JSON.parse(readFileSync(join(REPO, validation.url), 'utf8'));
    expect(readFileSync(join(REPO, 'server/out/server.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(readFileSync(join(REPO, 'server/out/cli.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });
});
