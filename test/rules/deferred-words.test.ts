/**
 * Issue 12: a rule that reports on most pools of a large file makes the words of a finding (its
 * message, related locations and fixes) only when the finding is listed; the cap lists 100 per
 * rule and file. weight-skew, uneven-failure-limits and hash-not-consistent report that way on
 * nginx (core/deferred-report.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { NginxMember } from '../../server/src/dialects/nginx/upstream-member';
import { analyzeFile } from '../../server/src/engine/analyze';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/engine/finding-cap';

const POOLS = 150;

/** `POOLS` upstreams, each with one member weighted 9 times the other: one weight-skew finding each. */
function skewedPools(): string {
  const pools = Array.from({ length: POOLS }, (_, i) => `    upstream pool${i} {\n        server 10.0.${i}.1:80 weight=9;\n        server 10.0.${i}.2:80;\n    }\n`);
  const uses = Array.from({ length: POOLS }, (_, i) => `        location /p${i} { proxy_pass http://pool${i}; }\n`);
  return `http {\n${pools.join('')}    server {\n        listen 80;\n${uses.join('')}    }\n}\n`;
}

describe('deferred words', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are made only for the findings the cap lists', () => {
    // The fix of a weight-skew finding removes every weight= of the pool's members, read from
    // their parameter lists: a member whose list is read belongs to a finding whose words were made.
    const params = vi.spyOn(NginxMember.prototype, 'params', 'get');
    const report = analyzeFile({ path: '/skew/nginx.conf', text: skewedPools() }, noIncludes);
    const skew = report.findings.filter((f) => f.rule === 'weight-skew');
    // 100 listed and one summary of the other 50.
    expect(skew).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(skew.at(-1)?.count).toBe(POOLS - MAX_FINDINGS_PER_RULE);
    const membersRead = new Set(params.mock.contexts.map((member) => (member as NginxMember).address));
    // One weighted member per listed finding and the summary's first finding; before, all 150.
    expect(membersRead.size).toBeGreaterThan(0);
    expect(membersRead.size).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE + 1);
  });

  it('give listed findings that are plain objects, with their words as fields', () => {
    const report = analyzeFile({ path: '/skew/nginx.conf', text: skewedPools() }, noIncludes);
    const first = report.findings.find((f) => f.rule === 'weight-skew')!;
    expect(Object.keys(first)).toEqual(['rule', 'severity', 'message', 'loc', 'fixes']);
    expect({ ...first }).toEqual(JSON.parse(JSON.stringify(first)));
    expect(first.message).toBe(
      '10.0.0.1:80 gets 90% of requests in pool0 (weight 9 of 10), 9 times the other member\'s 10%; an even split gives each 50%. Equalise the weights if the members are interchangeable.',
    );
    expect(first.fixes?.[0]?.intents).toHaveLength(1);
  });

  it('keep a listed finding the same object in the next version while its pool stays put', () => {
    const text = skewedPools();
    const before = analyzeFile({ path: '/skew/nginx.conf', text }, noIncludes);
    // An edit in the last location block: every upstream lies before it.
    const at = text.lastIndexOf('location');
    const after = analyzeFile({ path: '/skew/nginx.conf', text: `${text.slice(0, at)}# note\n        ${text.slice(at)}` }, noIncludes, { previous: before });
    expect(after.findings[0]).toBe(before.findings[0]);
    expect(after.findings.filter((f) => f.rule === 'weight-skew')).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
  });
});
