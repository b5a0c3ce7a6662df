import type { Member } from '../core/model';
import { defineRule } from '../core/rule';
import { paramValue, proxyLabel, serverLabel } from './haproxy/common';

const rule = defineRule({
  meta: {
    id: 'duplicate-cookie',
    scope: 'pool',
    title: 'Two servers of a backend have the same cookie value',
    severity: 'error',
    dialects: ['haproxy'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes: 'Reports a HAProxy server whose `cookie` value another server of the same backend already has.',
      whyItMatters:
        'With cookie persistence, HAProxy sends a request that carries the cookie to the server whose `cookie` value it holds. Two servers with one value are one persistence target: every client pinned to that value goes to the same one of them, and the other loses its share of the persistent sessions. HAProxy 2.6 accepts such a configuration without a warning.',
      example:
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nbackend app\n    option redispatch\n    cookie SRV insert indirect nocache\n    server web1 10.0.0.1:80 check cookie web\n    server web2 10.0.0.2:80 check cookie web',
      fix: 'Give each server its own cookie value (usually its name).',
      references: ['https://docs.haproxy.org/2.6/configuration.html#5.2-cookie', 'https://docs.haproxy.org/2.6/configuration.html#4-cookie'],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.dialect !== 'haproxy') continue;
      // Made at the first cookie: most backends set none.
      let byValue: Map<string, Member> | undefined;
      for (const member of pool.members) {
        const value = paramValue(member, 'cookie');
        if (!value) continue;
        byValue ??= new Map();
        const first = byValue.get(value);
        if (!first) {
          byValue.set(value, member);
          continue;
        }
        // Members expanded from one server-template line share their line: HAProxy numbers them.
        if (first.loc.start === member.loc.start && first.loc.file === member.loc.file) continue;
        const param = member.params.filter((p) => p.name === 'cookie').pop()!;
        context.report({
          message: `${serverLabel(member)} has cookie ${value}, like ${serverLabel(first)} in ${proxyLabel(pool)}: HAProxy sends every client pinned by that cookie to the same one of them, so the other gets none of those clients (HAProxy does not warn about it). Give each server its own cookie value.`,
          loc: param.loc,
          related: [{ loc: first.params.filter((p) => p.name === 'cookie').pop()!.loc, message: `cookie ${value} first given to ${first.name ?? first.address}` }],
        });
      }
    }
  },
});

export default rule;
