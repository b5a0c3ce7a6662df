/**
 * Random HAProxy configurations through the whole pipeline: analysis never throws and keeps
 * spans inside the text, shares add up to 1 (or 0 when nothing can serve), routers answer every
 * request without throwing and only with members that can serve, and a weight fix re-parses to
 * the weight it set.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { applyEdits } from '../../../server/src/engine/fixes';
import { fixHaproxy } from '../../../server/src/dialects/haproxy/fixer';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { createRouter, predictShares, type RouteRequest } from '../../../server/src/traffic';
import { seededRandom } from '../../traffic/reference';

const random = seededRandom(13013);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (n: number): number => Math.floor(random() * n);

const BALANCES = ['roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'uri whole', 'uri depth 2 len 9', 'uri path-only', 'url_param uid', 'hdr(x-user)', 'hdr(host) use_domain_only', 'random', 'random(3)', 'rdp-cookie', 'hash path', 'hash req.hdr(x-user)', 'hash src', 'bogus', ''];
const HASH_TYPES = ['', 'map-based', 'consistent', 'consistent sdbm', 'map-based djb2 avalanche', 'consistent wt6', 'consistent crc32 avalanche', 'nonsense'];
const PARAMS = ['weight 0', 'weight 1', 'weight 3', 'weight 256', 'weight 999', 'weight x', 'backup', 'disabled', 'check', 'no-check', 'maxconn 10', `id ${1 + int(5)}`, 'id', 'slowstart 10s', 'no-backup', '"quoted"', '# comment', 'cookie c1', 'track b/s1'];

function server(i: number): string {
  const params = Array.from({ length: int(4) }, () => pick(PARAMS)).join(' ');
  return random() < 0.15 ? `  server-template t${i} ${pick(['3', '1-2', '0', '2-1', 'x'])} app.internal:80 ${params}` : `  server s${i} 10.0.0.${int(4)}:80${int(3)} ${params}`;
}

function config(): string {
  const lines = ['global', '  nbthread 1', 'defaults', '  mode ' + pick(['http', 'tcp']), random() < 0.3 ? `  default-server ${pick(PARAMS)}` : ''];
  for (let b = 0; b < 1 + int(3); b++) {
    lines.push(pick(['backend', 'listen', 'backend']) + ` b${b}${random() < 0.1 ? ' from nowhere' : ''}`);
    if (random() < 0.9) lines.push(`  balance ${pick(BALANCES)}`);
    const hashType = pick(HASH_TYPES);
    if (hashType) lines.push(`  hash-type ${hashType}`);
    if (random() < 0.3) lines.push('  option allbackups');
    if (random() < 0.2) lines.push(`  default-server ${pick(PARAMS)}`);
    for (let s = 0; s < int(6); s++) lines.push(server(s));
    if (random() < 0.1) lines.push(pick(['.if version_atleast(2.4)', '.endif', '.else', '  "unterminated', '  \\x4']));
  }
  lines.push('frontend f', '  bind :80', `  use_backend b${int(4)} if { path_beg /x }`, '  default_backend b0');
  return lines.join(pick(['\n', '\r\n']));
}

const requests: RouteRequest[] = Array.from({ length: 20 }, (_, i): RouteRequest => ({
  uri: `/p${i}/q?uid=${int(9)}`,
  clientIp: random() < 0.8 ? `10.${int(256)}.${int(256)}.${int(256)}` : `2001:db8::${int(9999)}`,
  headers: random() < 0.7 ? { 'x-user': `u${int(50)}`, host: `w.site${int(9)}.example` } : ({} as Record<string, string>),
}));

describe('HAProxy pipeline fuzz', () => {
  it('analyses, shares, routes and fixes 400 random configurations', () => {
    for (let n = 0; n < 400; n++) {
      const text = config();
      const analysis = analyzeHaproxy({ path: 'f.cfg', text }, noIncludes);
      for (const problem of analysis.problems) expect(problem.loc.end, text).toBeLessThanOrEqual(text.length);
      for (const pool of analysis.model.pools) {
        const shares = predictShares(pool).members.map((m) => m.share);
        const sum = shares.reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - 1) < 1e-9 || sum === 0, `${text}\n${pool.name}: ${shares}`).toBe(true);
        const created = createRouter(pool);
        if (created.ok) {
          for (const request of requests) {
            const routed = created.router.route(request);
            if (routed.ok) expect(pool.members[routed.member]!.state, text).toBe('up');
          }
        }
        for (const member of pool.members) {
          expect(text.slice(member.addressLoc.start, member.addressLoc.end).length).toBeGreaterThan(0);
          if (member.loc.start >= member.loc.end) continue;
          const edits = fixHaproxy([{ kind: 'set-weight', member: member.loc, weight: 7 }], analysis.sources);
          if (!edits) continue;
          const fixed = applyEdits(text, 'f.cfg', edits)!;
          const after = analyzeHaproxy({ path: 'f.cfg', text: fixed }, noIncludes);
          const same = after.model.pools.find((p) => p.key === pool.key)?.members.find((m) => m.name === member.name);
          if (same && !member.params.some((p) => p.name === 'weight' && p.loc.start < member.loc.start)) expect(same.weight, fixed).toBe(7);
        }
      }
    }
  });
});
