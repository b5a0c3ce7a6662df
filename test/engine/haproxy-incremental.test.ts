/**
 * Invariant 13 for HAProxy: after any sequence of edits, an analysis made from the previous one
 * (the dialect re-reads only the section body the edit is in and moves the sections after it;
 * the engine carries the other pools' findings and shares) equals a fresh analysis of the same
 * text: findings, pools (every member fact a rule or a hover reads), shares, references, model
 * facts and problems. Edits add and remove section headers, servers, `default-server` and
 * `server-template` lines, balance and hash-type lines, `use_backend` rules, quotes, escapes,
 * comments, conditional directives and line breaks in both styles, at random places.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Member, Model } from '../../server/src/core/model';
import { haproxyDialect } from '../../server/src/dialects/haproxy';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { changeBetween } from '../../server/src/engine/incremental';
import { applyEdit, type Edit } from './edit-arbitraries';

const ROOT = '/etc/haproxy/haproxy.cfg';

const MAIN = `global
    maxconn 4096
    nbthread 4

defaults base
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    retries 3

defaults web from base
    option redispatch
    default-server inter 2s fall 3

frontend fe_main
    bind :80
    acl is_api path_beg /api
    acl is_img hdr(host) -i img.example.com
    use_backend be_api if is_api
    use_backend be_img if is_img
    use_backend be_missing if { path /old }
    default_backend be_web

backend be_web
    balance roundrobin
    server w1 10.0.0.1:80 weight 5 check
    server w2 10.0.0.2:80 check
    server w3 10.0.0.3:80 backup

backend be_api
    balance hdr(x-user)
    hash-type consistent sdbm avalanche
    default-server maxconn 100 weight 10
    server a1 10.0.1.1:8080
    server a2 10.0.1.2:8080 weight 40
    server a2 10.0.1.3:8080 # a duplicate name

backend be_img from base
    balance uri whole
    hash-type consistent
    server-template img 1-3 10.0.2.1:80 check
    server i9 "10.0.2.9:80" weight 2

listen stats
    bind :8404
    stats enable

listen tcp_pool
    mode tcp
    balance source
    server t1 10.0.3.1:5432 weight 3
    server t2 10.0.3.2:5432 weight 1 track be_web/w1

backend be_unused
    balance leastconn
    server u1 10.0.4.1:80
`;

const FRAGMENT = `backend be_only
    balance random(2)
    server r1 10.1.0.1:80 weight 20
    server r2 10.1.0.2:80

backend be_first
    balance first
    server f1 10.1.1.1:80 maxconn 10
    server f2 10.1.1.2:80 maxconn 10
`;

const CONDITIONAL = `${MAIN}
.if version_atleast(2.4)
backend be_new
    balance random
    server n1 10.2.0.1:80
.else
backend be_new
    balance roundrobin
    server n1 10.2.0.1:80
.endif
`;

/** The files the sequences start from; one with Windows line ends, one with conditional blocks. */
const CONFIGS: readonly string[] = [MAIN, FRAGMENT, MAIN.replace(/\n/g, '\r\n'), `${FRAGMENT}\n${MAIN}`, CONDITIONAL];

/** What an operator types in a haproxy.cfg, and what breaks it. */
const INSERTS = [
  ' weight 2',
  ' weight 100',
  ' backup',
  ' check',
  ' disabled',
  ' id 7',
  ' ',
  'x',
  '\n',
  '\r\n',
  '\r',
  '#',
  '# a comment\n',
  '# lb-drift-disable-next-line weight-skew\n',
  '"',
  "'",
  '\\',
  '\\x4',
  '    server s9 10.9.9.9:80\n',
  '    server w1 10.9.9.8:80 weight 7\n',
  '    server-template t 1-2 10.9.8.1:80\n',
  '    default-server weight 30\n',
  '    balance source\n',
  '    balance url_param user\n',
  '    hash-type consistent\n',
  '    hash-type map-based\n',
  '    option redispatch\n',
  '    use_backend be_web if TRUE\n',
  '    cookie SRV insert\n',
  'backend extra\n    server e1 10.8.0.1:80\n    server e2 10.8.0.2:80 weight 4\n',
  'frontend fe2\n    default_backend extra\n',
  'defaults\n    balance leastconn\n',
  'backend',
  'listen ',
  '.if version_atleast(2.8)\n',
  '.endif\n',
  '.diag hello\n',
];

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
  length: fc.oneof(
    { weight: 10, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 4, max: 80 }) },
  ),
  insert: fc.oneof({ weight: 14, arbitrary: fc.constantFrom(...INSERTS) }, { weight: 4, arbitrary: fc.constant('') }),
});

const OPTIONS = [{}, { config: { rules: { 'single-member': { options: { singleServer: true } }, 'removed-keyword': { options: { version: '2.4' } } } } }];

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

/** Everything the model says of a member, read through the model's interface. */
function memberView(member: Member): unknown {
  return plain({
    address: member.address,
    addressLoc: member.addressLoc,
    loc: member.loc,
    name: member.name,
    nameLoc: member.nameLoc,
    weight: member.weight,
    weightExplicit: member.weightExplicit,
    weightLoc: member.weightLoc,
    role: member.role,
    state: member.state,
    peers: member.peers,
    resolvesByName: member.resolvesByName,
    limits: member.limits,
    params: member.params,
    hashId: member.hashId,
  });
}

function outcome(report: FileReport): unknown {
  const model = report.model;
  return {
    findings: report.findings.map(plain),
    pools: (model?.pools ?? []).map((pool) => ({
      key: pool.key,
      loc: pool.loc,
      shares: report.shares(pool),
      view: plain({
        name: pool.name,
        context: pool.context,
        nameLoc: pool.nameLoc,
        algorithm: pool.algorithm,
        algorithmText: pool.algorithmText,
        algorithmLoc: pool.algorithmLoc,
        hash: pool.hash,
        facts: pool.facts,
        health: pool.health,
        stickiness: pool.stickiness,
        memberReferences: pool.memberReferences,
      }),
      members: pool.members.map(memberView),
      // The members as lowering made them, syntax included: the spliced parse equals a whole one.
      raw: plain(pool.members),
    })),
    references: plain(model?.references),
    notes: plain(model?.directiveNotes),
    facts: plain(model?.facts),
    complete: model?.complete,
    problems: report.problems.map(plain),
  };
}

describe('invariant 13 for HAProxy: incremental analysis equals full analysis', () => {
  // Each case keeps the worker busy for seconds: give its event loop a turn in between, so that
  // vitest's messages to the main process are answered before they time out.
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

  // One case per starting file, so that no test holds the worker for long.
  CONFIGS.forEach((seed, index) => {
    it(`findings, pools, shares, references and problems after random edit sequences equal a fresh analysis (file ${index + 1})`, () => {
      let incremental = 0;
      let reused = 0;
      fc.assert(
        fc.property(fc.nat(OPTIONS.length - 1), fc.array(editArb, { minLength: 1, maxLength: 10 }), (option, edits) => {
          const options = { dialect: 'haproxy' as const, ...OPTIONS[option]! };
          let text = seed;
          let previous = analyzeFile({ path: ROOT, text }, noIncludes, options);
          for (const edit of edits) {
            const before = text;
            text = applyEdit(text, edit).text;
            const next = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous });
            const fresh = analyzeFile({ path: ROOT, text }, noIncludes, options);
            expect(outcome(next)).toEqual(outcome(fresh));
            if (haproxyDialect.reanalyze!(previous.memo!.analysis, { path: ROOT, text }, changeBetween(before, text), noIncludes)) incremental++;
            const carried = new Set((previous.model?.pools ?? []).map((pool) => previous.shares(pool)));
            reused += (next.model?.pools ?? []).filter((pool) => carried.has(next.shares(pool))).length;
            previous = next;
          }
        }),
        { numRuns: 15, seed: 12 + index },
      );
      // The property must exercise the re-reading of one section and the reuse, not only whole
      // analyses; a file with conditional blocks is always analysed whole.
      if (seed === CONDITIONAL) expect(incremental).toBe(0);
      else {
        expect(incremental).toBeGreaterThan(20);
        expect(reused).toBeGreaterThan(20);
      }
    }, 120_000);
  });

  it('re-reads one backend body and leaves whole analysis to header, defaults and conditional edits', () => {
    const previous = analyzeFile({ path: ROOT, text: MAIN }, noIncludes, { dialect: 'haproxy' });
    const reanalyze = (from: string, to: string) => {
      const text = MAIN.replace(from, to);
      return haproxyDialect.reanalyze!(previous.memo!.analysis, { path: ROOT, text }, changeBetween(MAIN, text), noIncludes);
    };
    const body = reanalyze('server a1 10.0.1.1:8080', 'server a1 10.0.1.1:8080 weight 3');
    expect(body?.reread).toEqual({ start: MAIN.indexOf('\nbackend be_api') + 1, end: MAIN.indexOf('\nbackend be_img') + 1 + ' weight 3'.length });
    // Only the edited backend is lowered again: the pool before it is the previous one, the one after it a view of it.
    const pool = (report: { model: Model }, name: string) => report.model.pools.find((p) => p.name === name)!;
    expect(pool(body!.analysis, 'be_web')).toBe(pool(previous as { model: Model }, 'be_web'));
    expect(pool(body!.analysis, 'be_api')).not.toBe(pool(previous as { model: Model }, 'be_api'));
    expect(pool(body!.analysis, 'be_img')).not.toBe(pool(previous as { model: Model }, 'be_img'));
    expect(pool(body!.analysis, 'be_img').members[0]!.loc.start).toBe(pool(previous as { model: Model }, 'be_img').members[0]!.loc.start + ' weight 3'.length);
    expect(reanalyze('\nbackend be_api', '\nbackend be_apx')).toBeUndefined();
    expect(reanalyze('    retries 3\n', '    retries 5\n')).toBeUndefined();
    expect(reanalyze('    server a1', 'backend new\n    server a1')).toBeUndefined();
    expect(reanalyze('    server a1', '.if 1\n.endif\n    server a1')).toBeUndefined();
  });
});
