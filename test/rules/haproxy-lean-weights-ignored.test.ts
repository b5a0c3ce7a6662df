/**
 * Issue 12: weights-ignored reads a `first` or `leastconn` backend's serving servers in place
 * (their count, the lowest id, whether a weight is written and whether weights differ) and makes
 * their list only for a report on weights, instead of asking core/model for every such backend's
 * list. Its findings are checked on random backends (explicit and tied ids, backups, disabled and
 * drained servers, maxconn on some) against a reading of the rule's definition made here (the
 * server ids are the lowering's).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { RULES } from '../../server/src/rules';

const ROOT = '/etc/haproxy/haproxy.cfg';
const HEAD = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend www\n    bind :80\n    default_backend be\n\n';
const ONLY = { rules: Object.fromEntries(RULES.filter((r) => r.meta.id !== 'weights-ignored').map((r) => [r.meta.id, { severity: 'off' as const }])) };

interface Server {
  name: string;
  weight: number | undefined;
  id: number | undefined;
  maxconn: boolean;
  extra: '' | ' backup' | ' disabled';
}

/** What the rule's definition says about a backend: nothing, `first` without maxconn on its first server, or ignored weights. */
function expected(balance: string, servers: readonly Server[], idOf: ReadonlyMap<Server, number>): { kind: 'none' } | { kind: 'no-maxconn'; first: string; others: number } | { kind: 'weights'; severity: string } {
  const serving = servers.filter((s) => s.extra === '' && (s.weight ?? 1) > 0);
  if (serving.length < 2) return { kind: 'none' };
  if (balance === 'first') {
    // The lowest server id (as the lowering numbers servers), the earliest listed on a tie.
    const first = serving.reduce((a, b) => (idOf.get(b)! < idOf.get(a)! ? b : a));
    if (!first.maxconn) return { kind: 'no-maxconn', first: first.name, others: serving.length - 1 };
  }
  const written = serving.some((s) => s.weight !== undefined);
  const unequal = serving.some((s) => (s.weight ?? 1) !== (serving[0]!.weight ?? 1));
  return written && unequal ? { kind: 'weights', severity: balance === 'first' ? 'warning' : 'info' } : { kind: 'none' };
}

describe('weights-ignored on random first and leastconn backends', () => {
  it('reports what the definition says', () => {
    // mulberry32
    let seed = 5;
    const next = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const seen = { none: 0, 'no-maxconn': 0, weights: 0 };
    for (let round = 0; round < 300; round++) {
      const balance = next(2) === 0 ? 'first' : 'leastconn';
      const ids = [3, 1, 4, 2, 6, 5, 8, 7].sort(() => next(3) - 1);
      const servers: Server[] = Array.from({ length: 2 + next(5) }, (_, i) => ({
        name: `s${i}`,
        weight: next(2) === 0 ? undefined : next(5) === 0 ? 0 : 1 + next(3),
        id: next(3) === 0 ? ids[i] : undefined,
        maxconn: next(3) !== 0,
        extra: next(8) === 0 ? ' backup' : next(8) === 0 ? ' disabled' : '',
      }));
      const lines = servers.map((s, i) => `    server ${s.name} 10.0.0.${i + 1}:80 check${s.weight === undefined ? '' : ` weight ${s.weight}`}${s.id === undefined ? '' : ` id ${s.id}`}${s.maxconn ? ' maxconn 50' : ''}${s.extra}\n`);
      const text = `${HEAD}backend be\n    balance ${balance}\n${lines.join('')}`;
      const report = analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'haproxy', config: ONLY });
      const found = report.findings;
      const members = report.model!.pools[0]!.members;
      const want = expected(balance, servers, new Map(servers.map((s, i) => [s, members[i]!.hashId!])));
      seen[want.kind]++;
      if (want.kind === 'none') expect(found, text).toEqual([]);
      else {
        expect(found, text).toHaveLength(1);
        if (want.kind === 'no-maxconn') expect(found[0]!.message, text).toContain(`and ${want.first} (10.0.0.${Number(want.first.slice(1)) + 1}:80) has no maxconn: it gets 100% of requests and the other ${want.others} get none`);
        else {
          expect(found[0]!.severity, text).toBe(want.severity);
          expect(found[0]!.message, text).toContain('weight');
        }
      }
    }
    // Every outcome is exercised.
    expect(Math.min(seen.none, seen['no-maxconn'], seen.weights)).toBeGreaterThan(20);
  });
});
