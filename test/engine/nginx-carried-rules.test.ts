/**
 * nginx rules run pool by pool (issue 12): no-active-members and per-worker-balancing read one
 * upstream and a part of the model their `modelInput` names (the configuration's NGINX Plus
 * directives, `worker_processes`), so after an edit in another block a pool's findings are carried
 * instead of both rules reading every pool (and making every moved pool's member views) again;
 * when the part they read changes, every pool's findings are made again. Findings equal a fresh
 * analysis after random edits (invariant 13).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { NginxIncrementalState } from '../../server/src/dialects/nginx/lower';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { applyEdit, editArb } from './edit-arbitraries';

const ROOT = '/etc/nginx/nginx.conf';

const CONFIG = `worker_processes 4;
events {}
http {
    upstream limited {
        server 10.0.0.1:80 max_conns=100;
        server 10.0.0.2:80 max_conns=100;
    }
    upstream drained {
        server 10.0.1.1:80 down;
        server 10.0.1.2:80 weight=3 down;
    }
    upstream dynamic {
        zone dynamic 64k;
    }
    upstream app {
        server 10.0.2.1:80;
        server 10.0.2.2:80;
    }
    server {
        listen 80;
        location / { proxy_pass http://app; }
        location /l { proxy_pass http://limited; }
        location /d { proxy_pass http://drained; }
        location /z { proxy_pass http://dynamic; }
    }
    server {
        listen 81;
        location / { proxy_pass http://app; }
    }
}
`;

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;
const analyze = (text: string, previous?: FileReport): FileReport =>
  analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}) });
const loweredBlock = (report: FileReport): boolean => (report.memo?.analysis.incremental as NginxIncrementalState | undefined)?.lowered === 'block';
const ofRules = (report: FileReport, ...rules: string[]) => report.findings.filter((f) => rules.includes(f.rule));

describe('nginx pool rules carried across edits', () => {
  it('carries no-active-members and per-worker-balancing findings of pools the edit left alone', () => {
    const first = analyze(CONFIG);
    const found = ofRules(first, 'no-active-members', 'per-worker-balancing');
    expect(found.map((f) => f.rule).sort()).toEqual(['no-active-members', 'no-active-members', 'per-worker-balancing']);
    // A character typed in upstream app, after the pools with findings.
    const at = CONFIG.indexOf('server 10.0.2.2:80');
    const text = `${CONFIG.slice(0, at)} ${CONFIG.slice(at)}`;
    const second = analyze(text, first);
    expect(loweredBlock(second)).toBe(true);
    // no-active-members' findings lie in their pool: the same objects. per-worker-balancing's point
    // at worker_processes, outside the pool: made again, the same as a fresh analysis'.
    const carried = ofRules(second, 'no-active-members');
    expect(carried.every((f, i) => f === ofRules(first, 'no-active-members')[i])).toBe(true);
    expect(second.findings.map(plain)).toEqual(analyze(text).findings.map(plain));
  });

  it('makes the findings again when the Plus directives an empty upstream names change', () => {
    const first = analyze(CONFIG);
    const hint = (report: FileReport) => ofRules(report, 'no-active-members').find((f) => f.message.includes('upstream dynamic'))!;
    expect(hint(first).severity).toBe('error');
    // Two Plus-only directives in a location make the configuration an NGINX Plus one: the empty
    // upstream with a zone, outside the edited block, becomes a hint naming them.
    const at = CONFIG.indexOf('location / { proxy_pass http://app; }\n    }\n}');
    const text = `${CONFIG.slice(0, at)}location /api { api; status_zone s; }\n        ${CONFIG.slice(at)}`;
    const second = analyze(text, first);
    expect(loweredBlock(second)).toBe(true);
    expect(hint(second).severity).toBe('hint');
    expect(hint(second).message).toContain('api');
    expect(second.findings.map(plain)).toEqual(analyze(text).findings.map(plain));
  });

  it('equals a fresh analysis after random edits', () => {
    const plusEdit = fc.record({
      at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
      length: fc.integer({ min: 0, max: 3 }),
      insert: fc.constantFrom('api;\n', 'status_zone s;\n', 'health_check;\n', ' max_conns=5', ' down', 'zone z 64k;\n', 'state /var/lib/s;\n', 'x', ''),
    });
    let blocks = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(plusEdit, editArb), { minLength: 1, maxLength: 8 }), (edits) => {
        let text = CONFIG;
        let previous = analyze(text);
        for (const edit of edits) {
          text = applyEdit(text, edit).text;
          const incremental = analyze(text, previous);
          expect(incremental.findings.map(plain)).toEqual(analyze(text).findings.map(plain));
          if (loweredBlock(incremental)) blocks++;
          previous = incremental;
        }
      }),
      { numRuns: 200, seed: 5 },
    );
    expect(blocks).toBeGreaterThan(100);
  });
});
