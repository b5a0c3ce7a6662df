/**
 * Issue 12: a deferred finding reads its words through its report, which makes and keeps them;
 * it used to hold a function of its own that called the report (one closure per finding, for the
 * tens of thousands of findings of a large file that are never listed).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { isDeferredFinding, plainFinding } from '../../server/src/core/deferred-report';
import type { Finding } from '../../server/src/core/finding';
import { analyzeFile } from '../../server/src/engine/analyze';

const POOLS = 5;
const text = `http {\n${Array.from({ length: POOLS }, (_, i) => `    upstream pool${i} {\n        server 10.0.${i}.1:80 weight=9;\n        server 10.0.${i}.2:80;\n    }\n`).join('')}    server {\n        listen 80;\n${Array.from({ length: POOLS }, (_, i) => `        location /p${i} { proxy_pass http://pool${i}; }\n`).join('')}    }\n}\n`;

describe('deferred findings (issue 12)', () => {
  it('hold no function of their own', () => {
    const report = analyzeFile({ path: '/deferred/nginx.conf', text }, noIncludes);
    const kept: Finding[] = report.memo!.pools.flatMap((pool) => [...(pool.findings ?? [])]);
    const deferred = kept.filter(isDeferredFinding);
    expect(deferred.length).toBeGreaterThanOrEqual(POOLS);
    const functions = new Set(deferred.flatMap((f) => Object.values(f).filter((v) => typeof v === 'function')));
    // The sentence function the engine passes is one for all of them.
    expect(functions.size).toBeLessThanOrEqual(1);
    // Their words are the ones listed.
    const listed = report.findings.filter((f) => f.rule === 'weight-skew');
    expect(deferred.filter((f) => f.rule === 'weight-skew').map(plainFinding)).toEqual(listed);
    expect(listed[0]!.message).toMatch(/^10\.0\.0\.1:80 gets 90% of requests in pool0/);
  });
});
