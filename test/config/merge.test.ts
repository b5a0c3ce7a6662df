/**
 * What a project config does once loaded: engine config, ignore globs, extra file globs, and how it
 * combines with the editor settings (editor wins, except with values that are only the default).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../server/src/engine/analyze';
import { detectDialect } from '../../server/src/engine/detect';
import {
  isIgnored,
  mergeWithEditorSettings,
  normaliseProjectConfig,
  projectFileGlobs,
  toEngineConfig,
  type ProjectConfig,
} from '../../server/src/engine/project-config';
import { ProjectConfigCache } from '../../server/src/host/project-config';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from '../../server/src/protocol/settings';
import { tmpTree } from '../helpers/tmp';
import { memoryLoader } from '../helpers/memory-loader';

const SKEWED = 'upstream app {\n    server 10.0.1.11:8080 weight=5;\n    server 10.0.1.12:8080;\n    server 10.0.1.13:8080;\n}\n';

function project(fields: Partial<ProjectConfig> = {}): ProjectConfig {
  return { root: '/repo', rules: {}, ignore: [], files: {}, ...fields };
}

function settings(raw: Record<string, unknown> = {}): Settings {
  return normaliseSettings(raw);
}

describe('toEngineConfig', () => {
  it('gives the engine the severities and options of a loaded config', () => {
    const dir = tmpTree({ '.git/HEAD': '', 'lb/nginx.conf': SKEWED });
    const analyse = (yaml: string) => {
      const path = join(dir, 'lb/.lb-drift.yaml');
      const loaded = new ProjectConfigCache().load(writeConfig(path, yaml));
      const file = { path: join(dir, 'lb/nginx.conf'), text: SKEWED };
      return analyzeFile(file, memoryLoader({}), { config: toEngineConfig(loaded.config) }).findings.filter((f) => f.rule === 'weight-skew');
    };
    expect(analyse('')).toHaveLength(1);
    expect(analyse('rules:\n  weight-skew: error\n')[0]?.severity).toBe('error');
    expect(analyse('rules:\n  weight-skew: off\n')).toEqual([]);
    // 5 of 7 is 5 times the 1 of 7 each other member gets: a ratio of 6 lets it pass.
    expect(analyse('rules:\n  weight-skew: { options: { skewRatio: 6 } }\n')).toEqual([]);
  });
});

describe('mergeWithEditorSettings', () => {
  it('leaves the settings alone without a project config', () => {
    const editor = settings({ stableRef: 'main' });
    expect(mergeWithEditorSettings(undefined, editor)).toBe(editor);
  });

  it('takes the project value where the editor has only the default', () => {
    const merged = mergeWithEditorSettings(project({ stableRef: 'lb-stable/2026-11-20T101500Z', stableTagPattern: 'release-*' }), DEFAULT_SETTINGS);
    expect(merged.stableRef).toBe('lb-stable/2026-11-20T101500Z');
    expect(merged.stableTagPattern).toBe('release-*');
  });

  it('lets an explicit editor value win over the project', () => {
    const merged = mergeWithEditorSettings(
      project({ stableRef: 'lb-stable/2026-11-20T101500Z', stableTagPattern: 'release-*' }),
      settings({ stableRef: 'origin/main', stableTagPattern: 'prod-*' }),
    );
    expect(merged.stableRef).toBe('origin/main');
    expect(merged.stableTagPattern).toBe('prod-*');
  });

  it('keeps the defaults when neither sets a value', () => {
    const merged = mergeWithEditorSettings(project(), DEFAULT_SETTINGS);
    expect(merged).toEqual(DEFAULT_SETTINGS);
  });

  it('merges rules per rule id and per field, the editor winning each field', () => {
    const base = project({
      rules: {
        'weight-skew': { severity: 'error', options: { skewRatio: 3 } },
        'unbalanced-ring': { options: { ringTolerance: 0.3 } },
        'single-member': { severity: 'off' },
      },
    });
    const merged = mergeWithEditorSettings(
      base,
      settings({
        rules: {
          'weight-skew': { options: { skewRatio: 4 } },
          'unbalanced-ring': 'info',
          'no-health-check': 'hint',
        },
      }),
    );
    expect(merged.rules).toEqual({
      'weight-skew': { severity: 'error', options: { skewRatio: 4 } },
      'unbalanced-ring': { severity: 'info', options: { ringTolerance: 0.3 } },
      'single-member': { severity: 'off' },
      'no-health-check': { severity: 'hint' },
    });
  });

  it('unions the file globs, the project ones anchored at its folder', () => {
    const merged = mergeWithEditorSettings(project({ files: { nginx: ['deploy/lb/*.cfg'] } }), settings({ files: { nginx: ['**/edge/*.cfg'] } }));
    expect(merged.files.nginx).toEqual(['**/edge/*.cfg', '/repo/deploy/lb/*.cfg']);
    expect(detectDialect('/repo/deploy/lb/a.cfg', '', { nginx: merged.files.nginx })?.id).toBe('nginx');
    expect(detectDialect('/elsewhere/deploy/lb/a.cfg', '', { nginx: merged.files.nginx })).toBeUndefined();
    expect(detectDialect('/x/edge/a.cfg', '', { nginx: merged.files.nginx })?.id).toBe('nginx');
  });

  it('passes the editor-only settings through', () => {
    const editor = settings({ enable: false, nginx: { prefix: '/etc/nginx' }, inlayHints: { shares: false, pools: true } });
    const merged = mergeWithEditorSettings(project({ rules: { 'weight-skew': { severity: 'error' } } }), editor);
    expect(merged.enable).toBe(false);
    expect(merged.nginx.prefix).toBe('/etc/nginx');
    expect(merged.inlayHints).toEqual({ shares: false, pools: true });
  });
});

describe('projectFileGlobs', () => {
  it('anchors globs with a slash at the config folder and lets the others match at any depth', () => {
    expect(projectFileGlobs(project({ files: { nginx: ['deploy/*.cfg', './edge/*.cfg', '/top.cfg', '*.lb'] } }))).toEqual({
      nginx: ['/repo/deploy/*.cfg', '/repo/edge/*.cfg', '/repo/top.cfg', '/repo/**/*.lb'],
    });
    const globs = projectFileGlobs(project({ files: { nginx: ['*.lb'] } }));
    expect(detectDialect('/repo/a.lb', '', globs)?.id).toBe('nginx');
    expect(detectDialect('/repo/x/y/a.lb', '', globs)?.id).toBe('nginx');
    expect(detectDialect('/other/a.lb', '', globs)).toBeUndefined();
  });

  it('escapes glob characters in the folder name', () => {
    const globs = projectFileGlobs(project({ root: '/home/me/lb (copy) [2]', files: { nginx: ['deploy/*.cfg'] } }));
    expect(detectDialect('/home/me/lb (copy) [2]/deploy/a.cfg', '', globs)?.id).toBe('nginx');
    expect(detectDialect('/home/me/lb (copy) 2/deploy/a.cfg', '', globs)).toBeUndefined();
  });

  it('handles Windows paths', () => {
    const globs = projectFileGlobs(project({ root: 'c:\\repo', files: { nginx: ['deploy/*.cfg'] } }));
    expect(globs).toEqual({ nginx: ['C:/repo/deploy/*.cfg'] });
    expect(detectDialect('C:\\repo\\deploy\\a.cfg', '', globs)?.id).toBe('nginx');
  });
});

describe('isIgnored', () => {
  const config = project({ ignore: ['vendor/**', '**/*.generated.conf', 'build/', '*.bak', '!keep.bak', '/top-only.conf'] });

  it('matches gitignore-style globs relative to the config folder', () => {
    expect(isIgnored(config, '/repo/vendor/nginx/nginx.conf')).toBe(true);
    expect(isIgnored(config, '/repo/lb/site.generated.conf')).toBe(true);
    expect(isIgnored(config, '/repo/site.generated.conf')).toBe(true);
    expect(isIgnored(config, '/repo/lb/site.conf')).toBe(false);
    expect(isIgnored(config, '/repo/lb/vendor/x.conf')).toBe(false);
  });

  it('supports folder patterns, negation and anchoring', () => {
    expect(isIgnored(config, '/repo/build', true)).toBe(true);
    expect(isIgnored(config, '/repo/build/nginx.conf')).toBe(true);
    expect(isIgnored(config, '/repo/a/old.bak')).toBe(true);
    expect(isIgnored(config, '/repo/a/keep.bak')).toBe(false);
    expect(isIgnored(config, '/repo/top-only.conf')).toBe(true);
    expect(isIgnored(config, '/repo/a/top-only.conf')).toBe(false);
  });

  it('never ignores paths outside the config folder, or the folder itself', () => {
    expect(isIgnored(config, '/elsewhere/vendor/x.conf')).toBe(false);
    expect(isIgnored(config, '/repository/vendor/x.conf')).toBe(false);
    expect(isIgnored(config, '/repo')).toBe(false);
  });

  it('is case-sensitive everywhere, so a laptop and CI agree', () => {
    expect(isIgnored(config, '/repo/Vendor/x.conf')).toBe(false);
  });

  it('handles Windows paths', () => {
    const windows = project({ root: 'C:\\repo', ignore: ['vendor/**'] });
    expect(isIgnored(windows, 'C:\\repo\\vendor\\x.conf')).toBe(true);
    expect(isIgnored(windows, 'c:\\repo\\lb\\x.conf')).toBe(false);
  });
});

describe('normaliseProjectConfig', () => {
  it('keeps only well-formed values', () => {
    expect(
      normaliseProjectConfig(
        {
          rules: { 'weight-skew': { severity: 'loud', options: { skewRatio: '3', bogus: 1 } }, nope: 'off', 'single-member': 'off' },
          ignore: ['a/**', 3, ''],
          stableRef: '  ',
          files: { nginx: ['x/*.cfg', '!y'], apache: ['z'] },
          failOn: 'fatal',
        },
        '/repo',
      ),
    ).toEqual({ root: '/repo', rules: { 'weight-skew': {}, 'single-member': { severity: 'off' } }, ignore: ['a/**'], files: { nginx: ['x/*.cfg'] } });
  });
});

/** Written here rather than with tmpTree so that one test can rewrite the same file. */
function writeConfig(path: string, yaml: string): string {
  writeFileSync(path, yaml);
  return path;
}
