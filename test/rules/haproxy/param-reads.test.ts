/**
 * The HAProxy rules ask each server about one parameter at a time (cookie, check, track,
 * slowstart): a server whose parameters no finding shows keeps no parameter list, so a large
 * configuration does not build a list of parameters, each with its location, for every server.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeFile } from '../../../server/src/engine/analyze';

const TEXT = `global
    maxconn 100

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    option redispatch
    default-server inter 3s fall 3 rise 2

frontend www
    bind :80
    use_backend static if { path_beg /static }
    default_backend app

backend app
    balance roundrobin
    cookie SRV insert indirect nocache
    default-server check maxconn 100
    server a1 10.0.0.1:80 cookie a1 weight 2
    server a2 10.0.0.2:80 cookie a2 weight 2 slowstart 10s

backend static
    balance static-rr
    server s1 10.0.1.1:80 check
    server s2 10.0.1.2:80 check
`;

describe('HAProxy rules read server parameters one at a time', () => {
  it('builds no parameter list for servers no finding is about', () => {
    const report = analyzeFile({ path: '/etc/haproxy/haproxy.cfg', text: TEXT }, noIncludes, { dialect: 'haproxy' });
    expect(report.findings.filter((f) => f.rule !== 'unused-suppression').map((f) => f.rule)).toEqual([]);
    const members = report.model!.pools.flatMap((pool) => pool.members);
    expect(members).toHaveLength(4);
    // The parameter list is made on first read of `params` and kept in this field.
    for (const member of members) expect((member as unknown as { paramList?: unknown }).paramList).toBeUndefined();
    // Reading it still gives every parameter, inherited ones first.
    expect(members[1]!.params.map((p) => p.name)).toEqual(['inter', 'fall', 'rise', 'check', 'maxconn', 'cookie', 'weight', 'slowstart']);
  });
});
