import { describe, expect, it } from 'vitest';
import { checkContexts, childContext, inferContext } from '../../../server/src/dialects/nginx/contexts';
import { parseNginxTree } from '../../../server/src/dialects/nginx/parser';
import type { NginxContext } from '../../../server/src/dialects/nginx/syntax';
import { range } from './helpers';

/** The context of the first directive's children, read in `parent`. */
function childOfFirst(text: string, parent: NginxContext): NginxContext {
  const { tree } = parseNginxTree(text);
  return childContext(tree, tree.firstRoot, parent);
}

function infer(text: string): NginxContext {
  const result = parseNginxTree(text);
  expect(result.errors).toEqual([]);
  return inferContext(result.tree);
}

/** Context errors as `[range, message]`, ranges as 1-based "line:col-line:col". */
function check(text: string, context: NginxContext = 'main'): [string, string][] {
  const result = parseNginxTree(text);
  expect(result.errors).toEqual([]);
  return checkContexts(result.tree, context).map((e) => [range(text, e.span), e.message]);
}

function messages(text: string, context: NginxContext = 'main'): string[] {
  return check(text, context).map(([, message]) => message);
}

describe('childContext', () => {
  it('names the context of a block by its directive and parent', () => {
    const cases: [string, NginxContext, NginxContext][] = [
      ['http {}', 'main', 'http'],
      ['events {}', 'main', 'events'],
      ['stream {}', 'main', 'stream'],
      ['mail {}', 'main', 'mail'],
      ['server {}', 'http', 'server'],
      ['server {}', 'stream', 'stream-server'],
      ['server {}', 'mail', 'mail-server'],
      ['upstream u {}', 'http', 'upstream'],
      ['upstream u {}', 'stream', 'stream-upstream'],
      ['location / {}', 'server', 'location'],
      ['location / {}', 'location', 'location'],
      ['if ($a) {}', 'server', 'if'],
      ['if ($a) {}', 'location', 'if'],
      ['limit_except GET {}', 'location', 'limit_except'],
      ['map $a $b {}', 'http', 'map'],
      ['map $a $b {}', 'stream', 'map'],
      ['geo $a {}', 'http', 'geo'],
      ['split_clients $a $b {}', 'http', 'split_clients'],
      ['types {}', 'http', 'types'],
      ['my_module_block {}', 'http', 'other'],
      ['server {}', 'upstream', 'other'],
      ['location / {}', 'other', 'other'],
      ['server {}', 'map', 'other'],
    ];
    for (const [text, parent, expected] of cases) expect([text, parent, childOfFirst(text, parent)]).toEqual([text, parent, expected]);
  });
});

describe('inferContext', () => {
  it('reads a file with main-context directives as main', () => {
    expect(infer('user www-data;\nworker_processes 4;\nevents {}\nhttp {}')).toBe('main');
    expect(infer('events {}\ninclude http.conf;')).toBe('main');
    expect(infer('worker_processes auto;')).toBe('main');
    expect(infer('http {\n  include servers/*.conf;\n}')).toBe('main');
  });

  it('reads top-level server blocks, upstreams and maps as http', () => {
    expect(infer('server {\n  listen 80;\n  location / { proxy_pass http://u; }\n}')).toBe('http');
    expect(infer('upstream u { server a:80; }\nserver { listen 80; }')).toBe('http');
    expect(infer('map $a $b { default 1; }')).toBe('http');
    expect(infer('gzip on;\ngzip_types text/css;')).toBe('http');
    expect(infer('server {\n  listen 8080;\n  include locations/*.conf;\n}')).toBe('http');
  });

  it('reads servers that proxy to a name without a scheme, without locations, as stream', () => {
    expect(infer('upstream db { server 10.0.0.1:5432; }\nserver {\n  listen 5432;\n  proxy_pass db;\n}')).toBe('stream');
    expect(infer('server {\n  listen 53 udp;\n  proxy_pass 10.0.0.1:53;\n  proxy_timeout 1s;\n}')).toBe('stream');
    expect(infer('server {\n  listen 80;\n  location / { proxy_pass db; }\n}')).toBe('http');
  });

  it('reads top-level locations as server, server lines as upstream, proxy settings as location', () => {
    expect(infer('location /foo {\n  return 200 foo;\n}')).toBe('server');
    expect(infer('listen 80;\nserver_name a.example;\nlocation / {}')).toBe('server');
    expect(infer('server 10.0.0.1:80 weight=2;\nserver 10.0.0.2:80;')).toBe('upstream');
    expect(infer('least_conn;\nserver 10.0.0.1:80;\nkeepalive 16;')).toBe('upstream');
    expect(infer('proxy_set_header Host $host;\nproxy_pass http://u;')).toBe('location');
    expect(infer('worker_connections 1024;')).toBe('events');
  });

  it('falls back to main for files with nothing it knows', () => {
    expect(infer('')).toBe('main');
    expect(infer('# only comments')).toBe('main');
    expect(infer('my_directive 1;\nother_thing {}')).toBe('main');
  });

  it('decides from the first directives only', () => {
    const text = 'gzip on;\n'.repeat(60) + 'location / {}\n';
    expect(infer(text)).toBe('http');
  });

  it('gives a fragment no "not allowed" errors for its top-level directives in its inferred context', () => {
    const fragments = [
      'location /foo {\n  proxy_pass http://u;\n}',
      'server 10.0.0.1:80;\nhash $remote_addr consistent;',
      'server {\n  listen 5432;\n  proxy_pass db;\n}',
      'proxy_pass http://u;\nproxy_next_upstream error timeout;',
      'upstream u { server a:80; }\nserver { listen 80; location / { proxy_pass http://u; } }',
      'worker_connections 1024;\nmulti_accept on;',
    ];
    for (const text of fragments) {
      const { tree } = parseNginxTree(text);
      expect([text, checkContexts(tree, inferContext(tree))]).toEqual([text, []]);
    }
  });
});

describe('checkContexts: where a directive may stand', () => {
  it('rejects a directive outside its contexts, saying where it may go', () => {
    expect(check('http {\n  server {\n    location / {\n      upstream u { server a:80; }\n    }\n  }\n}')).toEqual([
      [
        '4:7-4:15',
        '"upstream" directive is not allowed here (inside "location"); nginx -t rejects it. Move it to the http or stream block',
      ],
    ]);
    expect(messages('proxy_pass http://u;')).toEqual([
      '"proxy_pass" directive is not allowed here (at the top level, the main context); nginx -t rejects it. Move it to ' +
        'a location, limit_except or stream server block, or an "if" block in a location',
    ]);
    expect(messages('listen 80;', 'upstream')).toEqual([
      '"listen" directive is not allowed here (at the top level of this file, which is read as the upstream context); ' +
        'nginx -t rejects it. Move it to a server, stream server or mail server block',
    ]);
  });

  it('knows that "server" is a block in http and stream but a member line in an upstream', () => {
    const text = 'http {\n  upstream u {\n    server a:80;\n    server b:80 { }\n  }\n  server a:80;\n  server { listen 80; }\n}';
    expect(check(text)).toEqual([
      ['4:17-4:18', '"server" directive is not terminated by ";": it takes no block; replace the "{ ... }" with ";"'],
      ['6:3-6:15', '"server" directive has no opening "{": it is a block directive; replace ";" with "{ ... }"'],
      ['6:3-6:14', 'invalid number of arguments in "server" directive: expected 0, got 1'],
    ]);
  });

  it('allows hash, random and least_conn in stream upstreams but not ip_hash', () => {
    const text = 'stream {\n  upstream u {\n    hash $remote_addr consistent;\n    least_conn;\n    random two;\n    ip_hash;\n    server a:1;\n  }\n}';
    expect(check(text)).toEqual([
      [
        '6:5-6:12',
        '"ip_hash" directive is not allowed here (inside "upstream"); nginx -t rejects it. Move it to an upstream block',
      ],
    ]);
  });

  it('tells an "if" in a server from one in a location', () => {
    const text = 'http { server {\n  if ($a) { proxy_pass http://u; return 403; }\n  location / { if ($a) { proxy_pass http://u; include x.conf; } }\n} }';
    expect(check(text)).toEqual([
      [
        '2:13-2:23',
        '"proxy_pass" directive is not allowed here (inside "if"); nginx -t rejects it. Move it to a location, ' +
          'limit_except or stream server block, or an "if" block in a location',
      ],
    ]);
    expect(messages('location / { if ($a) { if ($b) {} } }', 'server')).toEqual([
      '"if" directive is not allowed here (inside "if"); nginx -t rejects it. Move it to a server or location block',
    ]);
  });

  it('checks a file included inside an "if" against both kinds of "if"', () => {
    expect(check('return 403;\nproxy_pass http://u;', 'if')).toEqual([]);
    expect(messages('listen 80;', 'if')).toHaveLength(1);
  });

  it('never reports unknown directives, nor anything inside unknown blocks', () => {
    expect(check('proxy_passs http://foo.bar;\nmore_set_headers "A: b";\nmy_block { upstream u {} listen 1 2 3; }')).toEqual([]);
  });
});

describe('checkContexts: arguments', () => {
  it('reports a wrong number of arguments with the expected count', () => {
    expect(check('http { upstream u { hash; server a:80; } }')).toEqual([
      ['1:21-1:25', 'invalid number of arguments in "hash" directive: expected 1 or 2, got 0'],
    ]);
    expect(messages('user;')).toEqual(['invalid number of arguments in "user" directive: expected 1 or 2, got 0']);
    expect(messages('events { worker_connections; }')).toEqual([
      'invalid number of arguments in "worker_connections" directive: expected 1, got 0',
    ]);
    expect(messages('add_header A;', 'http')).toEqual([
      'invalid number of arguments in "add_header" directive: expected 2 or 3, got 1',
    ]);
    expect(messages('try_files $uri;', 'location')).toEqual([
      'invalid number of arguments in "try_files" directive: expected at least 2, got 1',
    ]);
    expect(messages('server_name;', 'server')).toEqual([
      'invalid number of arguments in "server_name" directive: expected at least 1, got 0',
    ]);
    expect(messages('random two least_conn x;', 'upstream')).toEqual([
      'invalid number of arguments in "random" directive: expected 0, 1 or 2, got 3',
    ]);
  });

  // The table follows current nginx: "resolver" in an upstream needs nginx 1.27.3 or later, and
  // "sticky" was NGINX Plus only before that.
  it('accepts every arity nginx accepts', () => {
    const text = [
      'upstream u {',
      '  random;',
      '  zone z;',
      '  keepalive 16;',
      '  keepalive_timeout 60s;',
      '  server a:80 weight=5 max_fails=3 fail_timeout=10s backup;',
      '  resolver 10.0.0.1 valid=30s ipv6=off;',
      '  sticky cookie srv_id expires=1h;',
      '}',
    ].join('\n');
    expect(check(text, 'http')).toEqual([]);
    expect(check('rewrite ^/a /b last;\nrewrite ^/c /d;\nreturn 301 /x;\nreturn 444;\nset $a 1;', 'location')).toEqual([]);
    expect(check('log_format main \'$a\' \'$b\' \'$c\';\nerror_log logs/e.log warn;', 'http')).toEqual([]);
  });

  it('hints at a missing ";" when a later line starts with a known directive', () => {
    const text = 'location / {\n  proxy_pass http://u\n  proxy_set_header Host $host;\n}';
    expect(check(text, 'server')).toEqual([
      [
        '2:3-3:30',
        'invalid number of arguments in "proxy_pass" directive: expected 1, got 4; is a ";" missing after ' +
          '"proxy_pass http://u", before "proxy_set_header" on line 3?',
      ],
    ]);
  });

  it('requires "on" or "off" for flags', () => {
    expect(check('daemon yes;\nmaster_process OFF;')).toEqual([
      ['1:8-1:11', 'invalid value "yes" in "daemon" directive, it must be "on" or "off"'],
    ]);
  });
});

describe('checkContexts: map, geo and types bodies', () => {
  it('checks map entries the way nginx does', () => {
    const text = 'map $a $b {\n  hostnames;\n  volatile;\n  default 0;\n  include m.conf;\n  "" x;\n  a b c;\n  lonely;\n  k { }\n}';
    expect(check(text, 'http')).toEqual([
      ['7:3-7:9', 'invalid number of the map parameters: an entry is "key value;", got 3 words (quote a value that contains spaces)'],
      ['8:3-8:10', 'invalid number of the map parameters: an entry is "key value;", got 1 word (add the value for "lonely")'],
      ['9:5-9:6', 'unexpected "{" in a map block: its entries are "key value;" lines, not blocks'],
    ]);
  });

  it('checks geo entries and types includes', () => {
    expect(messages('geo $a {\n  ranges;\n  default 0;\n  10.0.0.0/8 1;\n  1.2.3.4 a b;\n}', 'http')).toEqual([
      'invalid number of the geo parameters: an entry is "key value;", got 3 words (quote a value that contains spaces)',
    ]);
    expect(messages('types {\n  text/html html htm;\n  text/plain;\n  include;\n}', 'http')).toEqual([
      'invalid number of arguments in "include" directive: expected 1, got 0',
    ]);
  });

  it('leaves split_clients entries alone but rejects blocks in them', () => {
    expect(messages('split_clients $a $b {\n  50% x y;\n  * "";\n  k {}\n}', 'http')).toEqual([
      'unexpected "{" in a split_clients block: its entries are "key value;" lines, not blocks',
    ]);
  });
});
