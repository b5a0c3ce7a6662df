/**
 * The traffic caches count what they compute (traffic/cache-registry.ts
 * `trafficCacheComputations`), so the benchmark can tell whether a warm analysis built rings or
 * distributions again (bench/warm-caches.ts). A file with many hashing pools of different weights
 * builds them once: analysed again, it computes nothing, which a cache bound smaller than the
 * file's pools (the map-hash cache had 64 entries) would break.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { clearTrafficCaches, trafficCacheComputations } from '../../server/src/traffic';

/** 300 upstreams of 3 servers: consistent hash, map-based hash and ip_hash, weights differing from pool to pool. */
function config(): string {
  const methods = ['hash $request_uri consistent;', 'hash $remote_addr;', 'ip_hash;'];
  let text = 'http {\n';
  for (let n = 0; n < 300; n++) {
    text += `    upstream u${n} {\n        ${methods[n % 3]}\n`;
    for (let i = 0; i < 3; i++) text += `        server 10.${n >> 8}.${n & 255}.${i + 1}:80 weight=${1 + ((n * (i + 1)) % 11) + (i === 2 ? Math.floor(n / 3) % 7 : 0)};\n`;
    text += `    }\n    server {\n        listen 80;\n        server_name s${n}.example.com;\n        location / { proxy_pass http://u${n}; }\n    }\n`;
  }
  return `${text}}\n`;
}

describe('traffic cache computations', () => {
  it('counts what the first analysis builds, and a second analysis of the same text builds nothing', () => {
    const file = { path: '/x/nginx.conf', text: config() };
    clearTrafficCaches();
    const start = trafficCacheComputations();
    analyzeFile(file, noIncludes);
    const cold = trafficCacheComputations() - start;
    // Most of the 300 pools have weights of their own: well over the old map-hash bound of 64.
    expect(cold).toBeGreaterThan(200);
    const before = trafficCacheComputations();
    analyzeFile(file, noIncludes);
    expect(trafficCacheComputations() - before).toBe(0);
  });
});
