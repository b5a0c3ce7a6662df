import type { Fix } from '../core/fix';
import type { Member, Pool } from '../core/model';
import { defineRule, type RuleContext } from '../core/rule';

/** Balancing methods whose module does not set the BACKUP flag (nginx 1.22 and later). */
const NO_BACKUP = new Set(['hash', 'consistent-hash', 'ip-hash', 'random', 'random-two']);

const rule = defineRule({
  meta: {
    id: 'invalid-combination',
    title: 'A member parameter that the pool\'s balancing method or setup does not support',
    severity: 'error',
    dialects: ['nginx'],
    fixable: 'safe',
    options: {},
    docs: {
      whatItDoes:
        'Reports member parameters that nginx rejects in combination with the rest of the pool. `backup` with `hash`, `ip_hash` or `random`: nginx checks each `server` line against the method declared so far, so a `backup` server written after the method directive fails `nginx -t` ("balancing method does not support parameter \\"backup\\""), while one written before it is accepted, and then only serves through the round-robin fallback those methods use after 20 failed attempts; that case is a warning. `resolve` on a server of an upstream without `zone`: nginx refuses to start ("resolving names at run time requires upstream ... to be in shared memory").',
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
      if (NO_BACKUP.has(pool.algorithm)) {
        for (const member of pool.members) if (member.role === 'backup') checkBackup(context, pool, member);
      }
      const resolving = pool.members.flatMap((m) => m.params.filter((p) => p.name === 'resolve').map((param) => ({ m, param })));
      if (!pool.facts.zone && resolving.length > 0) {
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

function checkBackup(context: RuleContext, pool: Pool, member: Member): void {
  const at = pool.algorithmLoc;
  const param = member.params.find((p) => p.name === 'backup');
  // Lines in different files (an include inside the upstream) have no order we can compare.
  if (!at || !param || at.file !== member.loc.file) return;
  const method = pool.algorithmText.split(' ')[0];
  const intents = [{ kind: 'remove-param' as const, param: param.loc }];
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
