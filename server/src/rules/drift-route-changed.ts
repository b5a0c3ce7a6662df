import { percent } from '../core/format';
import type { PoolShares } from '../core/shares';
import { defineRule } from '../core/rule';
import { poolLabel } from '../drift/describe';
import { routeRevertFix } from '../drift/revert';
import { matchRoutes, placeLabel, routeTarget, sameTarget, type RouteTarget } from '../drift/routes';
import { driftView, since } from '../drift/view';

/** How many members a message lists before it says "and N more". */
const LISTED_MEMBERS = 4;

const rule = defineRule({
  meta: {
    id: 'drift-route-changed',
    title: 'A route sends its traffic to another pool or host than at the stable revision',
    severity: 'warning',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        'Pairs every `proxy_pass` (and `grpc_pass`, `fastcgi_pass`, ...) with the one at the same place in the stable revision, by the blocks around it (the server by its `server_name`, the location by its path), not by line. It reports a route whose target changed: from one upstream to another, from an upstream to a plain host, or from a host to an upstream, and says which members take the traffic now and with which shares. A new or removed location, a changed URI path after the pool name, or reformatting does not count.',
      whyItMatters:
        "Pointing a location at another pool moves all of its requests at once: a one-word edit sends every `/api` request to `app_v2`'s members instead of `app`'s. The pools themselves are unchanged, so no share-based drift rule sees it, and a review sees only the edited word. When both pools have the same members with the same shares (a rename) the finding is info, since no request changes backend.",
      stableExample:
        'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\nupstream app_v2 {\n    server 10.0.1.1:80;\n    server 10.0.1.2:80;\n    server 10.0.1.3:80;\n}\nserver {\n    server_name example.com;\n    location /api {\n        proxy_pass http://app;\n    }\n}',
      example:
        'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\nupstream app_v2 {\n    server 10.0.1.1:80;\n    server 10.0.1.2:80;\n    server 10.0.1.3:80;\n}\nserver {\n    server_name example.com;\n    location /api {\n        proxy_pass http://app_v2;\n    }\n}',
      fix: '"Revert to stable value" puts the directive back exactly as it was at the stable revision (target, scheme and path). It moves traffic back, so it is unsafe. If the move is intended, mark the new revision as stable.',
      references: ['https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass', 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#upstream'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of matchRoutes(view.stable.model, context.model)) {
      const before = routeTarget(view.stable.model, pair.stable);
      const after = routeTarget(context.model, pair.current);
      if (sameTarget(before, after)) continue;
      const sharesBefore = before.kind === 'pool' ? view.stable.shares(before.pool) : undefined;
      const sharesAfter = after.kind === 'pool' ? context.shares(after.pool) : undefined;
      const renamed = before.kind === 'pool' && after.kind === 'pool' && sameBackends(backends(before, sharesBefore), backends(after, sharesAfter));
      const location = /(?:^| > )(location [^>]+)$/.exec(pair.current.scope ?? '')?.[1]?.trim();
      const requests = location ? `all requests to ${location}` : `all requests this ${pair.current.kind} handles`;
      const moves = renamed
        ? `the new pool has the same members with the same shares, so no request changes backend`
        : `${requests} (100%) now go to ${targetText(after, sharesAfter)} instead of ${targetText(before, sharesBefore)}`;
      context.report({
        message: `${placeLabel(pair.current)}: ${pair.current.kind} ${nameOf(before)} -> ${nameOf(after)} ${since(view)}: ${moves}.`,
        loc: pair.current.nameLoc,
        severity: renamed ? 'info' : 'warning',
        fixes: [routeRevertFix(view, pair.current.loc, pair.stable.loc)],
      });
    }
  },
});

function nameOf(target: RouteTarget): string {
  return target.kind === 'pool' ? target.pool.name : target.name;
}

/** Each member's address and share, as `10.0.0.1:80 50%`. */
function backends(target: RouteTarget & { kind: 'pool' }, shares: PoolShares | undefined): string[] {
  return target.pool.members.map((m, i) => `${m.address} ${percent(shares?.members[i]?.share ?? 0)}`);
}

function sameBackends(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((entry, i) => entry === sorted[i]);
}

/** `upstream app_v2's 3 members (10.0.1.1:80 33%, ...)`, or `the host api.internal (no pool)`. */
function targetText(target: RouteTarget, shares: PoolShares | undefined): string {
  if (target.kind === 'host') return `the host ${target.name} (no pool of that name)`;
  const list = backends(target, shares);
  const count = list.length;
  const shown = list.slice(0, LISTED_MEMBERS).join(', ') + (count > LISTED_MEMBERS ? ` and ${count - LISTED_MEMBERS} more` : '');
  return `${poolLabel(target.pool)}'s ${count} ${count === 1 ? 'member' : 'members'} (${shown})`;
}

export default rule;
