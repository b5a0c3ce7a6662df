/**
 * `.if` blocks against the project's target release: a `haproxy: { version }` of 2.8 means any
 * 2.8.x, 2.8.3 that release, and no version 2.6 or newer. Conditions the target settles are read
 * silently; the others are read as the target's oldest release would, and the assumed-branch
 * hint says which branch that was. Through the engine, the project config picks the branch.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { evaluateCondition, versionTarget } from '../../../server/src/dialects/haproxy/conditions';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { normaliseProjectConfig } from '../../../server/src/engine/project-config';

describe('version targets', () => {
  it.each([
    [undefined, { low: '2.6', exact: false, label: '2.6 or newer (haproxy.version is not set)' }],
    ['2.8', { low: '2.8', below: '2.9', exact: false, label: '2.8 (any 2.8.x)' }],
    ['2.8.3', { low: '2.8.3', exact: true, label: '2.8.3' }],
  ])('reads %s', (version, expected) => {
    expect(versionTarget(version)).toEqual(expected);
  });

  it.each([
    ['version_atleast(2.8)', '2.8', true, 0],
    ['version_atleast(2.9)', '2.8', false, 0],
    ['version_before(2.8.5)', '2.8', true, 1],
    ['version_atleast(2.8.5)', '2.8.3', false, 0],
    ['version_atleast(2.4)', undefined, true, 0],
    ['version_atleast(3.0)', undefined, false, 1],
    ['version_atleast(3.0) || defined(X)', '3.1', true, 1],
    ['version_atleast(3.0) && defined(X)', '2.8', false, 1],
  ])('%s with target %s is %s after %i guesses', (condition, version, truth, guesses) => {
    const value = evaluateCondition(condition, versionTarget(version));
    expect(value.truth).toBe(truth);
    expect(value.guesses).toHaveLength(guesses);
  });
});

const FILE = `defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
listen app
  bind :80
.if version_atleast(2.8)
  balance leastconn
.else
  balance static-rr
.endif
  server a 10.0.0.1:80 check
  server b 10.0.0.2:80 check
`;

function analyse(project: unknown) {
  const config = normaliseProjectConfig(project, '/repo');
  const report = analyzeFile({ path: '/repo/haproxy.cfg', text: FILE }, noIncludes, { config: { rules: config.rules } });
  return { algorithm: report.model?.pools[0]?.algorithm, hints: report.findings.filter((f) => f.rule === 'assumed-branch').map((f) => f.message) };
}

describe('.if through the engine', () => {
  it('takes the branch the project target settles, without a hint', () => {
    expect(analyse({ haproxy: { version: '2.8' } })).toEqual({ algorithm: 'least-conn', hints: [] });
    expect(analyse({ haproxy: { version: '2.6.12' } })).toEqual({ algorithm: 'static-rr', hints: [] });
  });

  it('reads an unsettled condition as the oldest release of the target, and says so', () => {
    expect(analyse({})).toEqual({
      algorithm: 'static-rr',
      hints: [
        'lb-drift read the .else on line 10 of this .if (ending on line 12): version_atleast(2.8) depends on the release (it holds from HAProxy 2.8 on) and the target is 2.6 or newer (haproxy.version is not set), so lb-drift reads it as HAProxy 2.6 would: false.',
      ],
    });
  });
});
