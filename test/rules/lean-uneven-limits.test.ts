/**
 * Issue 12: uneven-failure-limits compares the fail_timeout texts of a pool's members before it
 * reads them as times, so members that write the same text cost no time parsing (ring-heavy
 * configs repeat one fail_timeout in thousands of pools whose other limits differ).
 */
import { describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { nginxSeconds } from '../../server/src/core/duration';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import unevenFailureLimits from '../../server/src/rules/uneven-failure-limits';
import { predictShares } from '../../server/src/traffic';

vi.mock('../../server/src/core/duration', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/core/duration')>();
  return { ...actual, nginxSeconds: vi.fn(actual.nginxSeconds) };
});

function findings(servers: string) {
  const text = `events {}\nhttp {\n    upstream app {\n${servers}    }\n    server { location / { proxy_pass http://app; } }\n}\n`;
  const model = analyzeNginx({ path: '/limits/nginx.conf', text }, noIncludes).model;
  const reports: Report[] = [];
  vi.mocked(nginxSeconds).mockClear();
  unevenFailureLimits.check({ model, problems: [], options: {}, sources: new Map(), shares: predictShares, report: (r) => reports.push(r) });
  return reports.map((r) => r.message);
}

describe('uneven-failure-limits reads times only where their texts differ (issue 12)', () => {
  it('parses no fail_timeout that members write alike', () => {
    expect(findings('        server 10.0.0.1:80 max_conns=10 fail_timeout=30s;\n        server 10.0.0.2:80 max_conns=20 fail_timeout=30s;\n')).toEqual([]);
    expect(nginxSeconds).not.toHaveBeenCalled();
  });

  it('still tells equal times written differently from different times', () => {
    expect(findings('        server 10.0.0.1:80 fail_timeout=10;\n        server 10.0.0.2:80 fail_timeout=10s;\n        server 10.0.0.3:80;\n')).toEqual([]);
    expect(findings('        server 10.0.0.1:80 fail_timeout=10s;\n        server 10.0.0.2:80 fail_timeout=30s;\n        server 10.0.0.3:80;\n')).toEqual([
      expect.stringContaining('10.0.0.2:80 has fail_timeout=30s where the other 2 use 10s'),
    ]);
  });
});
