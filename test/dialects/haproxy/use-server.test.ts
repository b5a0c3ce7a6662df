/**
 * `use-server`: lowered to member references (the server index, the condition as written), a
 * rule without a condition refused as HAProxy refuses it, conditions decided when they do not
 * depend on the request, and routing and shares that follow a rule deciding every request (or
 * say why they cannot).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Pool } from '../../../server/src/core/model';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { createRouter, predictShares } from '../../../server/src/traffic';
import { decideCondition } from '../../../server/src/traffic/haproxy/server-rules';

function backend(body: string): { pool: Pool; problems: string[] } {
  const text = `defaults\n  mode http\nbackend app\n${body}\n`;
  const analysis = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes);
  return { pool: analysis.model.pools[0]!, problems: analysis.problems.map((p) => p.message) };
}

const SERVERS = '  server a 10.0.0.1:80\n  server b 10.0.0.2:80 weight 0\n  server c 10.0.0.3:80 disabled\n  server-template t 2 10.0.1.1:80';

function routeAll(pool: Pool, n = 4): string[] | string {
  const made = createRouter(pool);
  if (!made.ok) return made.reason;
  return Array.from({ length: n }, (_, i) => {
    const routed = made.router.route({ uri: `/r${i}` });
    return routed.ok ? pool.members[routed.member]!.name! : routed.reason;
  });
}

describe('use-server', () => {
  it('lowers each rule to the server it names, with its condition, in order', () => {
    const { pool, problems } = backend(`  use-server t2 if { path_beg /admin }\n  use-server nope unless TRUE\n${SERVERS}`);
    expect(problems).toEqual([]);
    expect(pool.memberReferences?.map((r) => [r.name, r.member, r.condition, r.negated])).toEqual([
      ['t2', 4, '{ path_beg /admin }', false],
      ['nope', undefined, 'TRUE', true],
    ]);
  });

  it('refuses a rule without a condition, as HAProxy does', () => {
    expect(backend(`  use-server a\n${SERVERS}`).problems).toEqual([
      '"use-server a" needs a condition, or HAProxy refuses to start: write use-server a if CONDITION (if TRUE for every request)',
    ]);
  });

  it.each([
    ['TRUE', true],
    ['always_false', false],
    ['!TRUE', false],
    ['! FALSE', true],
    ['FALSE || TRUE', true],
    ['TRUE FALSE', false],
    ['TRUE or { path_beg /a }', true],
    ['FALSE { path_beg /a }', false],
    ['{ path_beg /a }', undefined],
    ['is_admin || FALSE', undefined],
  ])('decides %s as %s', (condition, expected) => {
    expect(decideCondition(condition)).toBe(expected);
  });

  it('routes every request to the server a rule always picks, even at weight 0, skipping disabled servers and false rules', () => {
    expect(routeAll(backend(`  use-server c if TRUE\n  use-server a if FALSE\n  use-server b unless FALSE\n${SERVERS}`).pool)).toEqual(['b', 'b', 'b', 'b']);
    expect(routeAll(backend(`  use-server a if FALSE\n${SERVERS}`).pool)).toEqual(['a', 't1', 't2', 'a']);
  });

  it('sends a disabled server its requests with option persist', () => {
    expect(routeAll(backend(`  option persist\n  use-server c if TRUE\n${SERVERS}`).pool, 1)).toEqual(['c']);
  });

  it('says why it does not route when a rule depends on the request', () => {
    expect(routeAll(backend(`  use-server t1 if { path_beg /admin }\n${SERVERS}`).pool)).toBe(
      'backend "app" sends some requests to server t1 before balancing ("use-server t1 if { path_beg /admin }"), and lb-drift cannot evaluate that condition without HAProxy\'s ACLs, so route does not guess',
    );
  });

  it('gives the pinned server every request in the shares, and notes a conditional rule', () => {
    const pinned = predictShares(backend(`  use-server b if TRUE\n${SERVERS}`).pool);
    expect(pinned.members.map((m) => m.share)).toEqual([0, 1, 0, 0, 0]);
    expect(pinned.members[1]!.why).toBe('"use-server b if TRUE" sends every request here before balancing');
    const conditional = predictShares(backend(`  use-server b if { path_beg /admin }\n${SERVERS}`).pool);
    expect(conditional.members.map((m) => m.share)).toEqual([1 / 3, 0, 0, 1 / 3, 1 / 3]);
    expect(conditional.caveat).toContain('"use-server b if { path_beg /admin }" sends the requests it matches to b before balancing');
  });
});
