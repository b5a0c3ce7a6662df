/**
 * The HAProxy target version (`haproxy: { version }` in .lb-drift.yaml) reaches the rule that
 * judges version-dependent keywords, as nginx's target reaches unsupported-directive: a keyword
 * newer than the target is an error, a keyword removed after it is not, and 2.6 is the default.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { normaliseProjectConfig, toEngineConfig } from '../../server/src/engine/project-config';

const TEXT = [
  'defaults',
  '    mode http',
  '    contimeout 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  'listen app',
  '    bind :80',
  '    option redispatch',
  '    balance hash path',
  '    hash-type consistent',
  '    server web1 10.0.0.1:80 check',
  '    server web2 10.0.0.2:80 check',
  '',
].join('\n');

function versionFindings(project: unknown): string[] {
  const config = toEngineConfig(normaliseProjectConfig(project, '/repo'));
  const report = analyzeFile({ path: '/repo/haproxy.cfg', text: TEXT }, noIncludes, { config });
  return report.findings.filter((f) => f.rule === 'removed-keyword' || f.rule === 'syntax-error').map((f) => `${f.rule}: ${TEXT.slice(f.loc.start, f.loc.end)}`);
}

describe('haproxy.version in the project config', () => {
  it('defaults to 2.6: contimeout (removed in 2.1) is refused, balance hash (2.6) accepted', () => {
    expect(versionFindings({})).toEqual(['removed-keyword: contimeout']);
  });

  it('an older target accepts the removed keyword and refuses the newer algorithm', () => {
    expect(versionFindings({ haproxy: { version: '2.0' } })).toEqual(['removed-keyword: hash']);
  });

  it('a version written under the rule itself wins over the target', () => {
    expect(versionFindings({ haproxy: { version: '2.0' }, rules: { 'removed-keyword': { options: { version: '2.8' } } } })).toEqual(['removed-keyword: contimeout']);
  });

  it('keeps the target in the normalised config and drops a malformed one', () => {
    expect(normaliseProjectConfig({ haproxy: { version: '2.8' } }, '/repo').haproxy).toEqual({ version: '2.8' });
    expect(normaliseProjectConfig({ haproxy: { version: 2.8 } }, '/repo').rules['removed-keyword']).toBeUndefined();
  });
});
