/**
 * Issue 12: one upstream collector serves every block of a lowering, so each pool's lists must be
 * copies of exact length that no later block writes into. Lowering a file of several upstreams
 * must give each pool what lowering that upstream alone gives, and pools without facts share one
 * empty list instead of holding one each.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Pool } from '../../../server/src/core/model';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { memoryLoader } from '../../helpers/memory-loader';

const UPSTREAMS = [
  'upstream a {\n    hash $request_uri consistent;\n    zone a 64k;\n    server 10.0.0.1:80 weight=2 max_fails=3;\n    server 10.0.0.2:80 weight=5;\n    keepalive 8;\n}\n',
  'upstream b {\n}\n',
  'upstream c {\n    server 10.0.1.1:80 max_fails=3 fail_timeout=5s;\n    ip_hash;\n    server 10.0.1.2:80 backup;\n    server 10.0.1.3:80 down;\n}\n',
  'upstream d {\n    upstream nested {\n        server 10.0.9.9:80;\n    }\n    server 10.0.2.1:80;\n}\n',
  'upstream e {\n    random two;\n    server 10.0.3.1:80 max_fails=3 fail_timeout=5s;\n}\n',
];

/** What a pool says, as plain data. */
function summary(pool: Pool) {
  return {
    name: pool.name,
    algorithm: pool.algorithm,
    algorithmText: pool.algorithmText,
    hash: pool.hash && { key: pool.hash.key, consistent: pool.hash.consistent },
    facts: Object.fromEntries(Object.entries(pool.facts).map(([name, fact]) => [name, fact.value])),
    members: pool.members.map((m) => [m.address, m.weight, m.weightExplicit, m.role, m.state, { ...m.limits }]),
  };
}

function lower(text: string) {
  return analyzeNginx({ path: '/lean/nginx.conf', text: `events {}\nhttp {\n${text}}\n` }, noIncludes).model.pools;
}

describe('one upstream collector for every block (issue 12)', () => {
  it('gives each pool of a file what lowering its upstream alone gives', () => {
    const together = lower(UPSTREAMS.join(''));
    const alone = UPSTREAMS.flatMap((upstream) => lower(upstream));
    expect(together.map(summary)).toEqual(alone.map(summary));
    // Each pool holds a list of its own, exactly as long as its members.
    const lists = together.map((pool) => pool.members);
    expect(new Set(lists).size).toBe(lists.length);
    // The nested block is read as nginx would not: as facts of the outer pool, not as a pool.
    expect(together.map((pool) => pool.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('reads the members an include brings into one block, and none into the next', () => {
    const files = {
      '/etc/nginx/nginx.conf': 'events {}\nhttp {\n    upstream a {\n        include /etc/nginx/a.conf;\n        server 10.0.0.1:80;\n    }\n    upstream b {\n        server 10.0.0.9:80;\n    }\n}\n',
      '/etc/nginx/a.conf': 'least_conn;\nserver 10.0.0.2:80 weight=3;\nkeepalive 4;\n',
    };
    const pools = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'] }, memoryLoader(files)).model.pools;
    expect(pools.map((pool) => [pool.name, pool.algorithm, pool.members.map((m) => `${m.address}/${m.weight}`), Object.keys(pool.facts)])).toEqual([
      ['a', 'least-conn', ['10.0.0.2:80/3', '10.0.0.1:80/1'], ['keepalive']],
      ['b', 'round-robin', ['10.0.0.9:80/1'], []],
    ]);
  });

  it('lets pools without facts share one empty list of fact directives, and a lone fact be its id', () => {
    const pools = lower(
      'upstream a {\n    server 10.0.0.1:80;\n}\nupstream b {\n    server 10.0.0.2:80;\n}\nupstream c {\n    keepalive 2;\n    server 10.0.0.3:80;\n}\n' +
        'upstream d {\n    zone d 64k;\n    server 10.0.0.4:80;\n    keepalive 4;\n}\n',
    );
    const lists = pools.map((pool) => (pool as unknown as { factDirectives: number | readonly unknown[] }).factDirectives);
    expect(lists[0]).toBe(lists[1]);
    expect(lists[0]).toHaveLength(0);
    // One fact in the block's own tree is its directive id (issue 12: no list of one per pool).
    expect(typeof lists[2]).toBe('number');
    expect(lists[3]).toHaveLength(2);
    expect(pools.map((pool) => Object.fromEntries(Object.entries(pool.facts).map(([name, fact]) => [name, fact.value])))).toEqual([{}, {}, { keepalive: '2' }, { zone: 'd 64k', keepalive: '4' }]);
  });
});
