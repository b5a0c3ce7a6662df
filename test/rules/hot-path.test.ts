/**
 * Issue 12, point 2: rules read a member's facts without making its parameter list. An nginx
 * member view makes `params` (a string and a location per parameter) on first read, which on a
 * 10 MB config is tens of thousands of lists; rules that only need to know whether a flag is set,
 * or that only print parameters in a finding, must not ask for them on pools they do not report.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { NginxMember } from '../../server/src/dialects/nginx/upstream-member';
import { analyzeFile } from '../../server/src/engine/analyze';

const METHODS = ['', 'least_conn;', 'hash $request_uri consistent;', 'ip_hash;', 'random;'];

/** Upstreams without a zone, with weights, limits and flags, none of which any rule reports. */
function quietConfig(): string {
  const upstreams = METHODS.map((method, n) => {
    const servers = [0, 1, 2]
      .map((i) => `        server 10.0.${n}.${i + 1}:8080 weight=5 max_fails=3 fail_timeout=10s;\n`)
      .join('');
    return `    upstream pool_${n} {\n        ${method}\n${servers}        keepalive 8;\n    }\n    server {\n        listen 80;\n        location / { proxy_pass http://pool_${n}; }\n    }\n`;
  });
  return `events {}\nhttp {\n${upstreams.join('')}}\n`;
}

describe('rules on the hot path', () => {
  afterEach(() => vi.restoreAllMocks());

  it('make no parameter list for a member of a pool they do not report', () => {
    const params = vi.spyOn(NginxMember.prototype, 'params', 'get');
    const report = analyzeFile({ path: '/quiet/nginx.conf', text: quietConfig() }, noIncludes);
    expect(report.model?.pools).toHaveLength(METHODS.length);
    expect(report.findings.filter((f) => f.severity !== 'hint' && f.severity !== 'info')).toEqual([]);
    expect(params).not.toHaveBeenCalled();
  });

  it('still find resolve on a pool without a zone', () => {
    const text = 'events {}\nhttp {\n    resolver 127.0.0.53;\n    upstream api {\n        server api.internal:8080 resolve;\n        server 10.0.0.2:8080;\n    }\n    server { location / { proxy_pass http://api; } }\n}\n';
    const report = analyzeFile({ path: '/resolve/nginx.conf', text }, noIncludes);
    expect(report.findings.some((f) => f.rule === 'invalid-combination' && f.message.includes('resolve on api.internal:8080'))).toBe(true);
  });
});
