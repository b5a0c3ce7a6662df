/**
 * The known-directive lists and the two rules that read them: every name of the directive table
 * is known, the versions are nginx's own (CHANGES and release tags), an unknown name gets the
 * closest known one, blocks whose body is not directives are never looked into, the project's
 * nginx target turns what it cannot run into errors, the public corpus has no unknown directive
 * in a file nginx accepts, and the real nginx on this machine agrees with the versions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knownDirectiveNames } from '../../../server/src/dialects/nginx/directives';
import { directiveBuilds, editDistance, suggestDirective } from '../../../server/src/dialects/nginx/known-directives';
import { NGINX_HTTP } from '../../../server/src/dialects/nginx/known-directives/nginx-http';
import { analyzeFile, type FileReport } from '../../../server/src/engine/analyze';
import type { EngineConfig } from '../../../server/src/engine/config';
import { normaliseProjectConfig, toEngineConfig } from '../../../server/src/engine/project-config';
import { createIncludeLoader } from '../../../server/src/host/include-loader';
import { findProgram } from '../../helpers/ci';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../../helpers/corpus';

function analyze(text: string, config?: EngineConfig, path = '/virtual/nginx.conf'): FileReport {
  return analyzeFile({ path, text }, createIncludeLoader(), config ? { config } : {});
}

function findings(report: FileReport, rule: string): { message: string; severity: string }[] {
  return report.findings.filter((f) => f.rule === rule).map((f) => ({ message: f.message, severity: f.severity }));
}

const target = (options: Record<string, string>): EngineConfig => ({ rules: { 'unsupported-directive': { options } } });

describe('the known-directive lists', () => {
  it('know every name of the directive table', () => {
    const unknown = [...knownDirectiveNames()].filter((name) => directiveBuilds(name, 'http') === undefined);
    expect(unknown).toEqual([]);
  });

  it('take their versions from nginx CHANGES and release tags', () => {
    const openSource = (name: string, where: Parameters<typeof directiveBuilds>[1]) =>
      directiveBuilds(name, where)!.filter((b) => b.edition === 'open-source');
    expect(openSource('http2', 'http')).toEqual([{ edition: 'open-source', module: 'ngx_http_v2_module', since: '1.25.1' }]);
    expect(openSource('sticky', 'upstream')[0]!.since).toBe('1.29.6');
    expect(openSource('least_time', 'upstream')[0]!.since).toBe('1.31.0');
    expect(openSource('least_time', 'stream-upstream')[0]!.since).toBe('1.31.0');
    expect(openSource('zone', 'upstream')[0]!.since).toBe('1.9.0');
    expect(openSource('keepalive_min_timeout', 'http')[0]!.since).toBe('1.27.4');
    // `resolver` in an upstream block is 1.27.3; in http it is as old as 1.0.
    expect(openSource('resolver', 'upstream')[0]!.since).toBe('1.27.3');
    expect(openSource('resolver', 'http')[0]!.since).toBeUndefined();
    expect(openSource('ssl', 'http')[0]!.until).toBe('1.25.1');
    // Plus had these before open source did, and has the ones open source never got.
    for (const name of ['sticky', 'least_time', 'zone', 'ntlm', 'state', 'queue']) {
      expect(directiveBuilds(name, 'upstream')!.some((b) => b.edition === 'commercial'), name).toBe(true);
    }
    expect(directiveBuilds('health_check', 'http')!.map((b) => b.edition)).toEqual(['commercial']);
    expect(directiveBuilds('content_by_lua_block', 'http')!.map((b) => b.addon)).toEqual(['lua']);
  });

  it('suggest the closest known name, preferring the same kind of block', () => {
    expect(suggestDirective('route', 'http')).toBe('root');
    expect(suggestDirective('porxy_pass', 'http')).toBe('proxy_pass');
    expect(suggestDirective('proxy_timout', 'stream')).toBe('proxy_timeout');
    expect(suggestDirective('worker_connection', 'events')).toBe('worker_connections');
    expect(suggestDirective('frobnicate_everything', 'http')).toBeUndefined();
    expect(editDistance('porxy', 'proxy')).toBe(1);
    expect(editDistance('route', 'root')).toBe(2);
  });
});

describe('unknown-directive', () => {
  it('reports a name no build knows, with the suggestion, where nginx would stop', () => {
    const report = analyze('events {}\nhttp { server { listen 80; location / { route /var/www; } } }\n');
    expect(findings(report, 'unknown-directive')).toEqual([
      { message: 'unknown directive "route"; nginx refuses to start. Did you mean "root"?', severity: 'error' },
    ]);
  });

  it('never looks into map, geo, types, Lua or unknown blocks', () => {
    const text = [
      'events {}',
      'http {',
      '    map $a $b { default x; route y; }',
      '    geo $g { default 0; frob 1; }',
      '    types { text/x-frob frob; }',
      '    acme_issuer le { uri https://acme.example/directory; frobnicate on; }',
      '    server { listen 80; location / { content_by_lua_block { route() } } }',
      '}',
    ].join('\n');
    expect(findings(analyze(text), 'unknown-directive')).toEqual([]);
  });

  it('accepts names the project lists in its known option', () => {
    const config: EngineConfig = { rules: { 'unknown-directive': { options: { known: 'acme_frob, other' } } } };
    expect(findings(analyze('events {}\nhttp { acme_frob on; }\n', config), 'unknown-directive')).toEqual([]);
  });
});

describe('unsupported-directive against the project target', () => {
  const text = [
    'events {}',
    'http {',
    '    upstream app { server 10.0.0.1:8080; server 10.0.0.2:8080; sticky cookie srv; }',
    '    server {',
    '        listen 443 ssl;',
    '        http2 on;',
    '        more_set_headers "Server: x";',
    '        location / { proxy_pass http://app; health_check; }',
    '    }',
    '}',
  ].join('\n');

  it('says nothing of newer or third-party directives when no target is set, and info of Plus ones', () => {
    expect(findings(analyze(text), 'unsupported-directive')).toEqual([
      {
        message:
          '"health_check" needs NGINX Plus: open-source nginx refuses to start with it. Set nginx.plus in .lb-drift.yaml to say which build runs this file.',
        severity: 'info',
      },
    ]);
  });

  it('makes errors of what open-source nginx 1.22 without add-ons cannot run', () => {
    const report = analyze(text, target({ version: '1.22', edition: 'open-source', modules: 'none' }));
    expect(findings(report, 'unsupported-directive')).toEqual([
      {
        message:
          '"sticky" needs nginx 1.29.6 or later or NGINX Plus or the third-party sticky-ng module; the target (open-source nginx 1.22) is not one of them, so nginx refuses to start with it.',
        severity: 'error',
      },
      {
        message: '"http2" needs nginx 1.25.1 or later; the target (open-source nginx 1.22) is not one of them, so nginx refuses to start with it.',
        severity: 'error',
      },
      {
        message:
          '"more_set_headers" needs the third-party headers-more module; nginx.modules does not list headers-more, and without it nginx refuses to start.',
        severity: 'info',
      },
      {
        message: '"health_check" needs NGINX Plus; the target (open-source nginx 1.22) is not one of them, so nginx refuses to start with it.',
        severity: 'error',
      },
    ]);
  });

  it('lets NGINX Plus of a recent release with headers-more run all of it', () => {
    const report = analyze(text, target({ version: '1.29.6', edition: 'plus', modules: 'headers-more' }));
    expect(findings(report, 'unsupported-directive')).toEqual([]);
  });

  it('reports a removed directive only on releases without it', () => {
    const ssl = 'events {}\nhttp { server { listen 443; ssl on; } }\n';
    expect(findings(analyze(ssl, target({ version: '1.22' })), 'unsupported-directive')).toEqual([]);
    expect(findings(analyze(ssl, target({ version: '1.26' })), 'unsupported-directive')).toEqual([
      { message: '"ssl" was removed in nginx 1.25.1; the target (nginx 1.26) is newer, so nginx refuses to start with it.', severity: 'error' },
    ]);
  });

  it('reads the target from the nginx key of .lb-drift.yaml; options under the rule win', () => {
    const project = normaliseProjectConfig(
      { nginx: { version: '1.22', plus: false, modules: [] }, rules: { 'unsupported-directive': { options: { modules: 'lua' } } } },
      '/repo',
    );
    expect(project.nginx).toEqual({ version: '1.22', plus: false, modules: [] });
    expect(toEngineConfig(project).rules['unsupported-directive']).toEqual({
      options: { version: '1.22', edition: 'open-source', modules: 'lua' },
    });
    // A version YAML read as a number (1.20 -> 1.2) is not guessed at.
    expect(normaliseProjectConfig({ nginx: { version: 1.2 } }, '/repo').rules).toEqual({});
  });
});

/** The public corpus file nginx rejects for an unknown directive, and the name lb-drift suggests. */
const CORPUS_UNKNOWN: Readonly<Record<string, string>> = {
  'crossplane/tests/configs/spelling-mistake/nginx.conf': 'unknown directive "proxy_passs"; nginx refuses to start. Did you mean "proxy_pass"?',
};

const available = corpusAvailable();

describe.skipIf(!available)('the public corpus', () => {
  it('has no unknown directive in a file that parses, but the misspelt one nginx rejects', () => {
    const files = ['crossplane', 'nginx', 'nginx-tests'].flatMap((sub) => corpusFiles(sub));
    expect(files.length).toBeGreaterThanOrEqual(40);
    const found: Record<string, string> = {};
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/%%TEST_GLOBALS[A-Z_]*%%/g, '').replace(/%%PORT_(\d+)%%/g, '$1');
      const report = analyze(text, undefined, file);
      // A file that does not parse stops nginx at its syntax error (corpus.test.ts lists those).
      if (report.problems.some((p) => p.kind === 'syntax' && p.loc.file === file)) continue;
      for (const finding of report.findings) {
        if (finding.rule === 'unknown-directive' && finding.loc.file === file) found[relative(CORPUS_DIR, file)] = finding.message;
      }
    }
    expect(found).toEqual(CORPUS_UNKNOWN);
  });
});

/**
 * Debian patches its nginx: its 1.22.1 carries `max_headers` (upstream 1.29.8) as a security
 * backport. Such names are accepted before their open-source release.
 */
const BACKPORTED: ReadonlySet<string> = new Set(['max_headers']);
const NGINX = findProgram('nginx') ?? findProgram('/usr/sbin/nginx');

describe.skipIf(!NGINX)('the real nginx on this machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-drift-known-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Whether nginx knows the name: it says "unknown directive" before it checks context or arguments. */
  const knows = (name: string): boolean => {
    const conf = join(dir, 'nginx.conf');
    writeFileSync(conf, `error_log ${join(dir, 'error.log')};\npid ${join(dir, 'nginx.pid')};\n${name} x;\nevents {}\n`);
    const result = spawnSync(NGINX!, ['-t', '-p', dir, '-c', conf], { encoding: 'utf8', timeout: 10_000 });
    return !result.stderr.includes('unknown directive');
  };

  it('knows the core http names as old as it is, and none that came after it', () => {
    const version = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(spawnSync(NGINX!, ['-v'], { encoding: 'utf8' }).stderr)!.slice(1).map(Number);
    const newer = (since: string) => {
      const parts = since.split('.').map(Number);
      for (let i = 0; i < 3; i++) if (parts[i] !== version[i]) return parts[i]! > version[i]!;
      return false;
    };
    const core = NGINX_HTTP.filter((m) => m.module === 'ngx_http_core_module' || m.module === 'ngx_http_proxy_module' || m.module.startsWith('ngx_http_upstream'));
    const tokens = core.flatMap((m) => m.names.trim().split(/\s+/));
    // A name is known from the first release any module brought it in (`resolver` in http is
    // 1.0, in an upstream block 1.27.3); `null` for a name some release removed (not sampled).
    const firstSince = new Map<string, string | undefined | null>();
    for (const token of NGINX_HTTP.flatMap((m) => m.names.trim().split(/\s+/))) {
      const [name, since] = token.split('@') as [string, string | undefined];
      const known = firstSince.get(name);
      if (token.includes('!')) firstSince.set(name.split('!')[0]!, null);
      else if (known === null) continue;
      else if (!firstSince.has(name) || since === undefined || (known !== undefined && newer(known) && !newer(since))) firstSince.set(name, since);
    }
    const mismatches: string[] = [];
    for (const token of tokens) {
      const name = token.split(/[@!]/)[0]!;
      const since = firstSince.get(name);
      if (BACKPORTED.has(name) || since === null) continue;
      const expected = since === undefined || !newer(since);
      if (knows(name) !== expected) mismatches.push(`${token}: nginx ${expected ? 'rejects' : 'accepts'} it`);
    }
    expect(tokens.length).toBeGreaterThan(150);
    expect(mismatches).toEqual([]);
  });
});
