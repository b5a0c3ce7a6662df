import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Algorithm } from '../../server/src/core/model';
import { analyzeFile } from '../../server/src/engine/analyze';
import { predictShares } from '../../server/src/traffic';
import { buildPool } from '../helpers/pool-builder';

const NGINX: Algorithm[] = ['round-robin', 'least-conn', 'random', 'random-two', 'ip-hash', 'hash', 'consistent-hash'];

describe('nginx share sentences written when read (issue 12)', () => {
  it('predicts numbers only: a member share has no sentence of its own until it is read', () => {
    for (const algorithm of NGINX) {
      const pool = buildPool({ algorithm, key: '$request_uri', members: [{ address: '10.0.0.1:80', weight: 3 }, { address: '10.0.0.2:80', down: true }, '10.0.0.3:80'] });
      for (const member of predictShares(pool).members) expect(Object.keys(member)).toEqual(['share']);
    }
  });

  it('reads the sentences an eager prediction wrote, for serving, idle and backup members', () => {
    const rr = predictShares(buildPool({ members: [{ address: 'a:80', weight: 5 }, 'b:80', 'c:80', { address: 'd:80', backup: true }] }));
    expect(rr.members.map((m) => m.why)).toEqual([
      'smooth weighted round-robin: 5 of every 7 requests',
      'smooth weighted round-robin: 1 of every 7 requests',
      'smooth weighted round-robin: 1 of every 7 requests',
      'backup: 0% while a primary can serve, and 3 primary members can',
    ]);
    const failedOver = predictShares(buildPool({ algorithm: 'ip-hash', members: [{ address: 'a:80', down: true }, { address: 'y:80', backup: true }, { address: 'z:80', backup: true }] }));
    expect(failedOver.members.map((m) => m.why)).toEqual([
      'down: 0% of traffic, as the balancer skips it',
      'backup serving because no primary can: round-robin over the backups gives it 50.0%',
      'backup serving because no primary can: round-robin over the backups gives it 50.0%',
    ]);
    const constant = predictShares(buildPool({ algorithm: 'hash', key: 'fixed', members: ['a:80', 'b:80'] }));
    expect(constant.members.filter((m) => m.share === 1)[0]!.why).toBe('the key "fixed" has no variables, so every request hashes the same and comes here');
  });

  it('serialises a share as { share, why }', () => {
    const shares = predictShares(buildPool({ members: [{ address: 'a:80', weight: 3 }, 'b:80'] }));
    expect(JSON.parse(JSON.stringify(shares.members))).toEqual([
      { share: 0.75, why: 'smooth weighted round-robin: 3 of every 4 requests' },
      { share: 0.25, why: 'smooth weighted round-robin: 1 of every 4 requests' },
    ]);
  });

  it('words the shares an analysis kept like a fresh prediction of the same pool', () => {
    const text = [
      'http {',
      '  upstream rr { server 10.0.0.1:80 weight=5; server 10.0.0.2:80; server 10.0.0.3:80 backup; }',
      '  upstream ring { hash $request_uri consistent; server 10.0.1.1:80; server 10.0.1.2:80 weight=2; server 10.0.1.3:80 down; }',
      '  upstream ip { ip_hash; server 10.0.2.1:80; server 10.0.2.2:80; }',
      '  upstream two { random two; server 10.0.3.1:80 weight=4; server 10.0.3.2:80; server 10.0.3.3:80; }',
      '  server { location / { proxy_pass http://rr; } location /a { proxy_pass http://ring; } location /b { proxy_pass http://ip; } location /c { proxy_pass http://two; } }',
      '}',
      '',
    ].join('\n');
    const report = analyzeFile({ path: '/x/nginx.conf', text }, noIncludes);
    for (const pool of report.model!.pools) {
      const kept = report.shares(pool);
      const fresh = predictShares(pool);
      expect(kept.members.map((m) => [m.share, m.why])).toEqual(fresh.members.map((m) => [m.share, m.why]));
      for (const m of kept.members) expect(m.why.length).toBeGreaterThan(10);
    }
  });
});
