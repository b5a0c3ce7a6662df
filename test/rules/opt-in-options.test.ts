/**
 * The opt-in halves of single-member and per-worker-balancing: silent by default (they were mostly
 * noise on the real-world set), back on with their options.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../server/src/engine/analyze';
import type { EngineConfig } from '../../server/src/engine/config';
import { memoryLoader } from '../helpers/memory-loader';

function rulesFired(text: string, config?: EngineConfig, path = '/t/nginx.conf'): string[] {
  const report = analyzeFile({ path, text }, memoryLoader({}), config ? { config } : {});
  return report.findings.map((f) => f.rule);
}

describe('opt-in options', () => {
  const single = 'upstream app {\n    server app:8080;\n}\nserver {\n    location / { proxy_pass http://app; }\n}\n';
  it('single-member reports a one-line pool only with singleServer: true', () => {
    expect(rulesFired(single)).not.toContain('single-member');
    expect(rulesFired(single, { rules: { 'single-member': { options: { singleServer: true } } } })).toContain('single-member');
  });

  const noLimit =
    'worker_processes auto;\nevents {}\nhttp {\n    upstream app {\n        server 10.0.0.1:80;\n        server 10.0.0.2:80;\n    }\n' +
    '    server {\n        location / { proxy_pass http://app; }\n    }\n}\n';
  it('per-worker-balancing reports a pool without max_conns only with allPools: true', () => {
    expect(rulesFired(noLimit)).not.toContain('per-worker-balancing');
    expect(rulesFired(noLimit, { rules: { 'per-worker-balancing': { options: { allPools: true } } } })).toContain('per-worker-balancing');
  });

  const unpinned =
    'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n' +
    'listen app\n    bind :80\n    server web1 10.0.0.1:80 check\n    server web2 10.0.0.2:80 check\n';
  it('retries-without-redispatch reports a backend that pins nothing only with unpinned: true', () => {
    expect(rulesFired(unpinned, undefined, '/t/haproxy.cfg')).not.toContain('retries-without-redispatch');
    expect(rulesFired(unpinned, { rules: { 'retries-without-redispatch': { options: { unpinned: true } } } }, '/t/haproxy.cfg')).toContain('retries-without-redispatch');
  });
});
