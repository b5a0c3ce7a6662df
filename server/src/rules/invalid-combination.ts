import type { Fix } from '../core/fix';
import type { Member, Param, Pool } from '../core/model';
import { defineRule, type RuleContext } from '../core/rule';
import { bytesText, weightProblem } from '../core/weight-limits';

/** Balancing methods whose module does not set the BACKUP flag (nginx 1.22 and later). */
const NO_BACKUP = new Set(['hash', 'consistent-hash', 'ip-hash', 'random', 'random-two']);

const rule = defineRule({
  meta: {
    id: 'invalid-combination',
    scope: 'pool',
    title: 'A member parameter that the pool\'s balancing method or setup does not support',
    severity: 'error',
    dialects: ['nginx'],
    fixable: 'safe',
    options: {},
    docs: {
      whatItDoes:
        'Reports member parameters that nginx rejects in combination with the rest of the pool. Weights whose sum is past 9223372036854775807 (nginx adds them in 64-bit integers, which then wrap), and `hash ... consistent` weights whose ring nginx cannot build: 160 points of 16 bytes per unit of weight, built at every start and reload (a warning from 256 MB; an error from 128 GB, where `nginx -t` fails with "malloc() failed", or when the point count wraps, where it crashed). `backup` with `hash`, `ip_hash` or `random`: nginx checks each `server` line against the method declared so far, so a `backup` server written after the method directive fails `nginx -t` ("balancing method does not support parameter \\"backup\\""), while one written before it is accepted, and then only serves through the round-robin fallback those methods use after 20 failed attempts; that case is a warning. `resolve` on a server of an upstream without `zone`: nginx refuses to start ("resolving names at run time requires upstream ... to be in shared memory").',
      whyItMatters:
        'A configuration that `nginx -t` rejects does not reload, so the change waits for the next deploy to fail. The accepted-by-order case is worse: it works until someone moves a line or adds the method at the end of the block, and then nginx refuses to start. The backup of a hashing pool also does not behave like a backup of a round-robin pool: the hash never picks it, it serves only when 20 hash attempts in a row find no primary that can serve.',
      example: 'upstream app {\n    ip_hash;\n    server 10.0.0.1:8080;\n    server 10.0.0.2:8080;\n    server 10.0.0.9:8080 backup;\n}',
      fix: 'Remove `backup` (a safe quick fix when nginx rejects the line; unsafe when the config loads, because the member becomes a primary and takes its share of traffic), or switch the pool to round-robin or `least_conn` if a backup server is needed. For `resolve`, add `zone <name> 64k;` to the upstream (and a `resolver`).',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#hash',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#ip_hash',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#random',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#zone',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      checkWeights(context, pool);
      if (NO_BACKUP.has(pool.algorithm)) {
        for (const member of pool.members) if (member.role === 'backup') checkBackup(context, pool, member);
      }
      // Members first: a pool's facts are made on first read, and few pools have resolve.
      if (!pool.members.some(mayResolve)) continue;
      if (pool.facts.zone) continue;
      let resolving: { m: Member; param: Param }[] | undefined;
      for (const m of pool.members) for (const param of m.params) if (param.name === 'resolve') (resolving ??= []).push({ m, param });
      if (resolving) {
        const [first, ...others] = resolving;
        const count = resolving.length === 1 ? first!.m.address : `${resolving.length} servers`;
        context.report({
          message: `resolve on ${count} needs upstream ${pool.name} in shared memory, and it has no zone: nginx refuses to start ('resolving names at run time requires upstream "${pool.name}" ... to be in shared memory'). Add zone ${pool.name} 64k; to it.`,
          loc: first!.param.loc,
          related: others.map(({ m, param }) => ({ loc: param.loc, message: `${m.address} has resolve too` })),
        });
      }
    }
  },
});

/** Whether the member's line may carry `resolve`, read without making its parameter list when the view knows. */
function mayResolve(member: Member): boolean {
  return member.resolveParam ?? member.params.some((p) => p.name === 'resolve');
}

function checkWeights(context: RuleContext, pool: Pool): void {
  const problem = weightProblem(pool);
  if (!problem) return;
  const heaviest = pool.members.reduce((a, b) => (b.weight > a.weight ? b : a));
  const related = [{ loc: heaviest.weightLoc ?? heaviest.loc, message: `${heaviest.address}: weight=${heaviest.params.find((p) => p.name === 'weight')?.value ?? heaviest.weight}` }];
  const loc = pool.algorithmLoc ?? pool.nameLoc;
  if (problem.kind === 'overflow') {
    context.report({
      message:
        `The weights of upstream ${pool.name} add up to ${problem.total}, past 9223372036854775807, the largest sum nginx's 64-bit weight arithmetic holds: ` +
        'the sums wrap around, so nginx balances by wrong totals (a total that wraps to 0 makes a worker divide by zero). Use weights in the tens or hundreds; only their ratios matter.',
      loc,
      related,
    });
    return;
  }
  const cost = problem.wraps
    ? `160 x ${problem.total} points overflow nginx's 64-bit point count: nginx builds a wrong ring or crashes at start-up (nginx -t crashed with a segmentation fault on such a weight)`
    : problem.severity === 'error'
      ? `a ring of ${problem.points} points, ${bytesText(problem.bytes)}, which nginx allocates at start-up: it fails with "malloc() failed" and does not start`
      : `a ring of ${problem.points} points, ${bytesText(problem.bytes)}, built and sorted at every start and reload (nginx -t took 56 s and 2.5 GB for a total weight of 1,000,001)`;
  context.report({
    message: `hash ${pool.hash?.key ?? ''} consistent in upstream ${pool.name} has a total weight of ${problem.total}, so nginx needs ${cost}. Use weights in the tens or hundreds: the ring follows their ratios, and a few units per member already give it thousands of points.`,
    loc,
    related,
    severity: problem.severity,
  });
}

function checkBackup(context: RuleContext, pool: Pool, member: Member): void {
  const at = pool.algorithmLoc;
  const param = member.params.find((p) => p.name === 'backup');
  // Lines in different files (an include inside the upstream) have no order we can compare.
  if (!at || !param || at.file !== member.loc.file) return;
  const method = pool.algorithmText.split(' ')[0];
  // Every backup flag of the member: one left behind keeps it a backup.
  const intents = member.params.filter((p) => p.name === 'backup').map((p) => ({ kind: 'remove-param' as const, param: p.loc }));
  if (member.loc.start > at.start) {
    // The config does not load, so dropping the flag is the smallest change that makes it load.
    const fix: Fix = { title: `Remove backup from ${member.address}`, safety: 'safe', intents };
    context.report({
      message: `backup is not supported with ${method}: nginx -t fails on ${member.address} in upstream ${pool.name} with 'balancing method does not support parameter "backup"'. Remove backup, or use round-robin or least_conn.`,
      loc: param.loc,
      fixes: [fix],
    });
    return;
  }
  // Here the config loads and the member rarely serves; making it a primary moves traffic.
  const fix: Fix = { title: `Remove backup from ${member.address} (it becomes a primary and takes traffic)`, safety: 'unsafe', intents };
  context.report({
    message:
      `${member.address} is a backup in upstream ${pool.name} only because its line comes before ${method}: ${method} never picks it, it serves only after 20 failed ${method} attempts, ` +
      `and moving the line below ${method} makes nginx -t fail. Remove backup, or use round-robin or least_conn.`,
    loc: param.loc,
    fixes: [fix],
    severity: 'warning',
  });
}

export default rule;
