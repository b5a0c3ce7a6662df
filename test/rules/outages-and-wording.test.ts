/**
 * Issue 11's outages and wording, checked on small configs beside the rule fixtures: the
 * weight-skew measure on every pool size, what the traffic engine says about upstreams without
 * servers, the wording of members re-resolved at run time, one precision per message, and every
 * finding message ending as a sentence.
 */
import { describe, expect, it } from 'vitest';
import { asSentence, percents } from '../../server/src/core/format';
import { analyzeFile } from '../../server/src/engine/analyze';
import { memoryLoader } from '../helpers/memory-loader';
import { analyzeFixture, fixtures } from './fixture-runner';

function check(text: string, rule?: string) {
  const report = analyzeFile({ path: '/t/nginx.conf', text }, memoryLoader({}));
  return rule ? report.findings.filter((f) => f.rule === rule) : report.findings;
}

const pool = (...weights: number[]) =>
  `upstream app {\n${weights.map((w, i) => `    server 10.0.0.${i + 1}:80${w === 1 ? '' : ` weight=${w}`};\n`).join('')}}\n`;

describe('weight-skew works for every pool size', () => {
  it.each([
    [[5, 1], '83%', '5 times'],
    [[99, 1], '99%', '99 times'],
    [[5, 1, 1], '71%', '5 times'],
    [[3, 1], '75%', '3 times'],
  ])('fires on %j', (weights, share, times) => {
    const [finding] = check(pool(...weights), 'weight-skew');
    expect(finding?.message).toContain(`gets ${share} of requests`);
    expect(finding?.message).toContain(times);
  });

  it.each([[[3, 2]], [[2, 1]], [[3, 2, 1, 1]], [[1, 1]], [[4, 4, 1]]])('does not fire on %j by default', (weights) => {
    expect(check(pool(...weights), 'weight-skew')).toEqual([]);
  });
});

describe('upstreams without servers', () => {
  it('shares and check agree: open-source nginx refuses an empty upstream, even with a zone', () => {
    const text = 'upstream app {\n    zone app 64k;\n}\n';
    const report = analyzeFile({ path: '/t/nginx.conf', text }, memoryLoader({}));
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['no-active-members', 'error']]);
    expect(report.shares(report.model!.pools[0]!).caveat).toContain('no servers are inside upstream');
    expect(report.shares(report.model!.pools[0]!).caveat).not.toContain('502');
  });

  it('a zone with a state file is managed at run time: a hint, and no 502 prediction', () => {
    const text = 'upstream app {\n    zone app 64k;\n    state /var/lib/nginx/state/app.conf;\n}\n';
    const report = analyzeFile({ path: '/t/nginx.conf', text }, memoryLoader({}));
    // `state` itself is NGINX Plus only, which unsupported-directive says.
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['no-active-members', 'hint'],
      ['unsupported-directive', 'info'],
    ]);
    const caveat = report.shares(report.model!.pools[0]!).caveat;
    expect(caveat).toContain('managed at run time');
    expect(caveat).not.toContain('502');
  });

  it('a zone in a configuration written for NGINX Plus is managed at run time, not a start-up failure', () => {
    const text = 'upstream app {\n    zone app 64k;\n}\nserver {\n    status_zone front;\n    location / { proxy_pass http://app; }\n}\n';
    const report = analyzeFile({ path: '/t/nginx.conf', text }, memoryLoader({}));
    const empty = report.findings.find((f) => f.rule === 'no-active-members');
    expect(empty?.severity).toBe('hint');
    expect(empty?.message).toContain('written for NGINX Plus (status_zone)');
    expect(report.shares(report.model!.pools[0]!).caveat).toContain('under NGINX Plus the members are added at run time');
  });
});

describe('wording', () => {
  it('says that a member with resolve is re-resolved at run time, not at start-up', () => {
    const [withResolve] = check('upstream app {\n    zone app 64k;\n    server app.internal:8080 resolve;\n    server 10.0.0.9:8080 down;\n}\n', 'single-member');
    expect(withResolve?.message).toContain('re-resolves the name at run time');
    expect(withResolve?.message).not.toContain('start-up');
    const [without] = check('upstream app {\n    server app.internal:8080;\n    server 10.0.0.9:8080 down;\n}\n', 'single-member');
    expect(without?.message).toContain('at start-up');
  });

  it('puts the percentages of one message at one precision', () => {
    expect(percents(1 / 3, 1 / 12)).toEqual(['33.3%', '8.3%']);
    expect(percents(0.5, 0.25)).toEqual(['50%', '25%']);
    expect(percents(0.5, 0.0004, 0)).toEqual(['50%', '<0.1%', '0%']);
    expect(percents(0.5, 0.0004, 0.05)).toEqual(['50%', '<0.1%', '5%']);
  });

  it('ends every message as a sentence', () => {
    expect(asSentence('share 33% -> 25% since HEAD (weight 1 -> 2)')).toBe('share 33% -> 25% since HEAD (weight 1 -> 2).');
    expect(asSentence('Did you mean backend?')).toBe('Did you mean backend?');
    const unfinished = fixtures()
      .flatMap((f) => analyzeFixture(f.path).findings.map((finding) => `${f.rule}/${f.name}: ${finding.rule}: ${finding.message}`))
      .filter((line) => !/[.?!]$/.test(line));
    expect(unfinished).toEqual([]);
  });
});
