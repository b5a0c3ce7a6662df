/**
 * Issue 13 audit: the parser and model points no other test pinned down. Every section kind HAProxy
 * 2.6 knows parses without a problem and leaves the proxies after it intact; `${VAR}` stays as
 * written even when the variable is set in lb-drift's own environment, and a backend name taken
 * from it is not resolved (nor reported undefined); the `.diag`/`.notice`/`.warning` directives are
 * no problem while `.alert` is; a keyword newer than the target version says so; server addresses
 * with `ipv4@`/`ipv6@`/`unix@` prefixes and the server parameters the rules read are kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';

const analyse = (text: string, version?: string) => analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes, version);

const EVERY_SECTION = `global
  nbthread 1
resolvers dns
  nameserver ns1 10.0.0.53:53
peers mypeers
  peer lb1 10.0.0.1:1024
userlist admins
  user admin insecure-password x
cache small
  total-max-size 4
program logger
  command /bin/true
http-errors site
  errorfile 503 /etc/haproxy/503.http
ring buf
  size 32764
defaults base
  mode http
  timeout connect 5s
defaults tuned from base
  timeout client 30s
frontend www
  bind :80
  default_backend app
backend app from tuned
  server a 10.0.0.1:80 check
listen stats
  bind :8404
  server s 10.0.0.9:80
`;

describe('issue 13 audit: parser', () => {
  it('reads every section kind of HAProxy 2.6 without a problem', () => {
    const parsed = parseHaproxy(EVERY_SECTION);
    expect(parsed.errors).toEqual([]);
    expect(parsed.syntax.sections.map((s) => s.kind)).toEqual([
      'global', 'resolvers', 'peers', 'userlist', 'cache', 'program', 'http-errors', 'ring', 'defaults', 'defaults', 'frontend', 'backend', 'listen',
    ]);
    const analysis = analyse(EVERY_SECTION);
    expect(analysis.problems.map((p) => p.message)).toEqual([]);
    // Named defaults with `from` chain: the backend inherits connect from base through tuned.
    const app = analysis.model.pools[0]!;
    expect([app.key, app.facts['timeout connect']?.value, app.facts['timeout client']?.value]).toEqual(['backend app', '5s', '30s']);
    expect(analysis.model.pools.map((p) => p.key)).toEqual(['backend app', 'listen stats']);
  });

  describe('with the variables set in lb-drift\'s own environment', () => {
    const saved = { ...process.env };
    afterEach(() => {
      delete process.env.LBD_AUDIT_POOL;
      delete process.env.LBD_AUDIT_HOST;
      Object.assign(process.env, saved);
    });

    it('keeps "${VAR}" as written and never resolves a backend through it', () => {
      process.env.LBD_AUDIT_POOL = 'app';
      process.env.LBD_AUDIT_HOST = '10.9.9.9';
      const text = 'frontend www\n  bind :80\n  use_backend "${LBD_AUDIT_POOL}"\n  default_backend app\nbackend app\n  server a "${LBD_AUDIT_HOST}:80" check\n  server b ${LBD_AUDIT_HOST}:81\n';
      const analysis = analyse(text);
      expect(analysis.model.pools[0]!.members.map((m) => m.address)).toEqual(['${LBD_AUDIT_HOST}:80', '${LBD_AUDIT_HOST}:81']);
      // The environment names the backend when HAProxy starts: any backend may be in use, none is undefined.
      expect(analysis.model.references.map((r) => [r.kind, r.name])).toEqual([['default_backend', 'app']]);
      expect(analysis.model.facts['dynamic use_backend']?.value).toBe('${LBD_AUDIT_POOL}');
      expect(analysis.problems).toEqual([]);
    });
  });

  it('takes .diag, .notice and .warning as messages and .alert as HAProxy stopping', () => {
    const text = 'global\n.diag "d"\n.notice "n"\n.warning "w"\nbackend app\n  server a 10.0.0.1:80\n';
    expect(parseHaproxy(text).errors).toEqual([]);
    expect(parseHaproxy(`${text}.alert "stop"\n`).errors.map((e) => e.message)).toEqual(['.alert stops HAProxy here: stop']);
  });
});

describe('issue 13 audit: keyword table and target version', () => {
  it('says when a keyword is newer than the target version, and not on a release that has it', () => {
    const text = 'backend app\n  http-after-response set-header X y\n  server a 10.0.0.1:80\n';
    expect(analyse(text, '2.0').problems.map((p) => p.message)).toEqual([
      '"http-after-response" needs HAProxy 2.2 or newer, and the target version is 2.0 (set haproxy.version in .lb-drift.yaml if you run a newer HAProxy)',
    ]);
    expect(analyse(text, '2.6').problems).toEqual([]);
  });
});

describe('issue 13 audit: server lines', () => {
  it('keeps address prefixes and the parameters rules read, and the pool facts around them', () => {
    const text = [
      'defaults',
      '  mode http',
      '  retries 3',
      '  option redispatch',
      'backend app',
      '  option httpchk GET /health',
      '  http-check expect status 200',
      '  cookie SRV insert indirect nocache',
      '  stick-table type ip size 1m expire 30m',
      '  stick on src',
      '  server a ipv4@10.0.0.1:8080 weight 3 check cookie a slowstart 10s maxconn 20 resolvers dns id 7',
      '  server b ipv6@[::1]:80 check cookie b weight 0',
      '  server c unix@/run/c.sock track app/a',
      'resolvers dns',
      '  nameserver ns1 10.0.0.53:53',
    ].join('\n');
    const analysis = analyse(text);
    expect(analysis.problems).toEqual([]);
    const pool = analysis.model.pools[0]!;
    // HAProxy's automatic ids count every server line, explicit ids included (cfgparse.c bumps
    // next_id after each server), so b and c get 2 and 3, not 1 and 2: conformance case uri_chash_id.
    expect(pool.members.map((m) => [m.name, m.address, m.weight, m.hashId, m.limits])).toEqual([
      ['a', 'ipv4@10.0.0.1:8080', 3, 7, { maxConns: 20, slowStart: '10s' }],
      ['b', 'ipv6@[::1]:80', 0, 2, {}],
      ['c', 'unix@/run/c.sock', 1, 3, {}],
    ]);
    expect(pool.members.map((m) => m.params.map((p) => `${p.name}=${p.value}`))).toEqual([
      ['weight=3', 'check=', 'cookie=a', 'slowstart=10s', 'maxconn=20', 'resolvers=dns', 'id=7'],
      ['check=', 'cookie=b', 'weight=0'],
      ['track=app/a'],
    ]);
    expect(pool.stickiness?.kind).toBe('cookie SRV insert indirect nocache');
    for (const fact of ['option httpchk', 'http-check', 'stick-table', 'stick', 'retries', 'option redispatch']) expect(pool.facts[fact], fact).toBeDefined();
    expect(pool.facts.retries?.value).toBe('3');
  });
});
