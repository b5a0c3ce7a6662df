/**
 * Issue 12: hash-not-consistent and client-ip-affinity report on most hash and ip_hash upstreams
 * of a generated file (605 and 592 on the ring-heavy bench file; the cap lists 100). Each report is
 * one object holding what its words need (`ReportOnRead`), not a closure: a closure over the loop's
 * pool made the loop allocate that pool's context for every pool it read, reported or not.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Report, Rule } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import clientIpAffinity from '../../server/src/rules/client-ip-affinity';
import hashNotConsistent from '../../server/src/rules/hash-not-consistent';
import { predictShares } from '../../server/src/traffic';

const TEXT = [
  'events {}',
  'http {',
  '    upstream keyed {\n        hash $request_uri;\n        server 10.0.1.1:80;\n        server 10.0.1.2:80 weight=2;\n        server 10.0.1.3:80 backup;\n    }',
  '    upstream sticky {\n        ip_hash;\n        server 10.0.2.1:80;\n        server 10.0.2.2:80;\n        server 10.0.2.3:80;\n    }',
  '    upstream plain {\n        server 10.0.3.1:80;\n        server 10.0.3.2:80;\n    }',
  '    server { location /a { proxy_pass http://keyed; } location /b { proxy_pass http://sticky; } location /c { proxy_pass http://plain; } }',
  '}',
  '',
].join('\n');

function reports(rule: Rule): Report[] {
  const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
  const found: Report[] = [];
  for (const pool of model.pools) rule.check({ model: { ...model, pools: [pool] }, problems: [], options: {}, sources: new Map(), shares: predictShares, report: (r) => found.push(r) });
  return found;
}

const functions = (report: Report): number => Object.values(report).filter((value) => typeof value === 'function').length;

describe('reports as objects, without a closure per report (issue 12)', () => {
  it('hash-not-consistent', () => {
    const [report, ...rest] = reports(hashNotConsistent);
    expect(rest).toEqual([]);
    expect(functions(report!)).toBe(0);
    expect(TEXT.slice(report!.loc.start, report!.loc.end)).toBe('hash $request_uri;');
    expect(report!.message).toMatch(/^hash \$request_uri in upstream keyed is not consistent: removing 10\.0\.1\.2:80, the last of 2 members, would move /);
    const end = TEXT.indexOf('$request_uri') + '$request_uri'.length;
    expect(report!.fixes).toEqual([
      {
        title: 'Add consistent to the hash of keyed (remaps keys once)',
        safety: 'unsafe',
        intents: [{ kind: 'edit', edits: [{ loc: { file: '/lean/nginx.conf', start: end, end }, newText: ' consistent' }] }],
      },
    ]);
  });

  it('client-ip-affinity', () => {
    const [report, ...rest] = reports(clientIpAffinity);
    expect(rest).toEqual([]);
    expect(functions(report!)).toBe(0);
    expect(TEXT.slice(report!.loc.start, report!.loc.end)).toBe('ip_hash;');
    expect(report!.message).toContain('clients from K /24 networks reach at most K of its 3 members');
    expect(report!.message).toContain('instead of 33.3%.');
    expect(report!.related).toBeUndefined();
    expect(report!.fixes).toBeUndefined();
  });
});
