/**
 * nginx syntax -> model: upstreams in http and stream, server parameters, algorithms, facts,
 * split_clients, references and their resolution, invalid parameters as problems.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';

const analyze = (text: string) => analyzeNginx({ path: '/etc/nginx/nginx.conf', text }, noIncludes);

describe('nginx lowering', () => {
  it('lowers an upstream with every server parameter', () => {
    const text = `http {
    upstream backend {
        zone backend 64k;
        server 10.0.0.1:8080 weight=5 max_fails=3 fail_timeout=30s max_conns=100;
        server 10.0.0.2:8080 backup;
        server app.internal:8080 down slow_start=10s;
        server unix:/run/app.sock resolve;
        keepalive 16;
    }
}`;
    const { model, problems } = analyze(text);
    expect(problems).toEqual([]);
    const [pool] = model.pools;
    expect(pool).toMatchObject({
      key: 'http:upstream backend',
      name: 'backend',
      context: 'http',
      kind: 'members',
      algorithm: 'round-robin',
      algorithmText: '',
    });
    expect(pool!.facts.zone!.value).toBe('backend 64k');
    expect(pool!.facts.keepalive!.value).toBe('16');
    expect(text.slice(pool!.loc.start, pool!.loc.end)).toMatch(/^upstream backend \{[\s\S]*\}$/);
    expect(text.slice(pool!.nameLoc.start, pool!.nameLoc.end)).toBe('backend');
    const [a, b, c, d] = pool!.members;
    expect(a).toMatchObject({ address: '10.0.0.1:8080', weight: 5, weightExplicit: true, role: 'primary', state: 'up', resolvesByName: false });
    expect(a!.limits).toEqual({ maxFails: 3, failTimeout: '30s', maxConns: 100 });
    expect(text.slice(a!.weightLoc!.start, a!.weightLoc!.end)).toBe('weight=5');
    expect(text.slice(a!.loc.start, a!.loc.end)).toBe('server 10.0.0.1:8080 weight=5 max_fails=3 fail_timeout=30s max_conns=100;');
    expect(a!.params.map((p) => p.name)).toEqual(['weight', 'max_fails', 'fail_timeout', 'max_conns']);
    expect(b).toMatchObject({ role: 'backup', weight: 1, weightExplicit: false });
    expect(c).toMatchObject({ state: 'down', resolvesByName: true });
    expect(c!.limits.slowStart).toBe('10s');
    expect(d).toMatchObject({ address: 'unix:/run/app.sock', resolvesByName: false });
  });

  it.each([
    ['least_conn;', 'least-conn', undefined],
    ['ip_hash;', 'ip-hash', undefined],
    ['random;', 'random', undefined],
    ['random two least_conn;', 'random-two', undefined],
    ['hash $request_uri;', 'hash', { key: '$request_uri', consistent: false }],
    ['hash "$host$uri" consistent;', 'consistent-hash', { key: '$host$uri', consistent: true }],
  ])('reads %s as %s', (directive, algorithm, hash) => {
    const { model } = analyze(`upstream u {\n    ${directive}\n    server a:1;\n    server b:1;\n}\n`);
    expect(model.pools[0]!.algorithm).toBe(algorithm);
    expect(model.pools[0]!.algorithmText).toBe(directive.replace(/;$/, '').replace(/"/g, ''));
    if (hash) expect(model.pools[0]!.hash).toMatchObject(hash);
    else expect(model.pools[0]!.hash).toBeUndefined();
  });

  it('reads stream upstreams as their own context, and resolves references per context', () => {
    const { model } = analyze(`stream {
    upstream db { server 10.0.0.1:5432; }
    server { listen 5432; proxy_pass db; }
}
http {
    upstream db { server 10.0.0.2:80; }
    server { location / { proxy_pass http://db/path; } location /g { grpc_pass grpcs://db; } }
}`);
    expect(model.pools.map((p) => p.key)).toEqual(['stream:upstream db', 'http:upstream db']);
    expect(model.references.map((r) => [r.kind, r.name, r.context, r.pool])).toEqual([
      ['proxy_pass', 'db', 'stream', 'stream:upstream db'],
      ['proxy_pass', 'db', 'http', 'http:upstream db'],
      ['grpc_pass', 'db', 'http', 'http:upstream db'],
    ]);
  });

  it('points a reference name location at the host inside the URL', () => {
    const text = 'server { location / { proxy_pass http://backend:8080/api; } }\nupstream backend { server a:1; }';
    const { model } = analyze(text);
    const reference = model.references[0]!;
    expect(text.slice(reference.nameLoc.start, reference.nameLoc.end)).toBe('backend');
    expect(reference.pool).toBe('http:upstream backend');
  });

  it('leaves dynamic and unresolvable targets unresolved', () => {
    const { model } = analyze('server { location / { proxy_pass http://$host$uri; fastcgi_pass unix:/run/php.sock; proxy_pass https://example.com; } }');
    expect(model.references.map((r) => [r.name, r.pool])).toEqual([['example.com', undefined]]);
  });

  it('lowers split_clients to a split pool in hundredths of a percent, and links its targets', () => {
    const { model, problems } = analyze(`http {
    split_clients "\${remote_addr}AAA" $variant {
        0.5%  one;
        20%   two;
        *     three;
    }
    upstream one { server a:1; }
    upstream two { server b:1; }
    upstream three { server c:1; }
    server { location / { proxy_pass http://$variant; } }
}`);
    expect(problems).toEqual([]);
    const split = model.pools.find((p) => p.kind === 'split')!;
    expect(split).toMatchObject({ key: 'http:split_clients $variant', algorithm: 'weighted-split', hash: { key: '${remote_addr}AAA' } });
    expect(split.members.map((m) => [m.address, m.weight, m.weightExplicit])).toEqual([
      ['one', 50, true],
      ['two', 2000, true],
      ['three', 7950, false],
    ]);
    const refs = model.references.map((r) => [r.kind, r.name, r.pool]);
    expect(refs).toEqual([
      ['proxy_pass', '$variant', 'http:split_clients $variant'],
      ['split-target', 'one', 'http:upstream one'],
      ['split-target', 'two', 'http:upstream two'],
      ['split-target', 'three', 'http:upstream three'],
    ]);
  });

  it('reports what nginx rejects in server parameters and split percentages', () => {
    const { problems } = analyze(`upstream u {
    server a:1 weight=0;
    server b:1 weight=x max_fails=-1 bogus;
    server c:1 fail_timeout=soon;
}
split_clients $remote_addr $v { 60% a; 50% b; x% c; }`);
    expect(problems.map((p) => p.message.split(':')[0])).toEqual([
      'invalid parameter "weight=0" in upstream server a',
      'invalid parameter "weight=x" in upstream server b',
      'invalid parameter "max_fails=-1" in upstream server b',
      'invalid parameter "bogus" in upstream server b',
      'invalid parameter "fail_timeout=soon" in upstream server c',
      'invalid percent value "x%" in split_clients $v',
      'split_clients $v adds up to 110.00%, more than 100%; nginx -t rejects it',
    ]);
    expect(problems.every((p) => p.kind === 'syntax')).toBe(true);
  });

  it('records worker_processes as a global fact', () => {
    expect(analyze('worker_processes 4;\nevents {}\n').model.facts.worker_processes!.value).toBe('4');
  });

  it('marks passive checks off only when every serving member has max_fails=0', () => {
    const some = analyze('upstream u { server a:1 max_fails=0; server b:1; }').model.pools[0]!;
    expect(some.health.passive).toBe(true);
    expect(some.health.passiveDisabledAt).toHaveLength(1);
    const all = analyze('upstream u { server a:1 max_fails=0; server b:1 max_fails=0; server c:1 down; }').model.pools[0]!;
    expect(all.health.passive).toBe(false);
    expect(all.health.passiveDisabledAt).toHaveLength(2);
  });
});
