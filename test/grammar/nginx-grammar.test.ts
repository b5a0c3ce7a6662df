/**
 * The nginx TextMate grammar and language configuration, run through the same engine VS Code uses
 * (vscode-textmate on the oniguruma WebAssembly build). Snippets are tokenised line by line and
 * the scopes of chosen tokens are checked; every nginx file of the public corpus is tokenised to
 * prove that no rule throws and that no region leaks past the end of a well-formed file.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { loadGrammar } from './load-grammar';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../helpers/corpus';

const ROOT = resolve(__dirname, '../..');
const GRAMMAR_PATH = resolve(ROOT, 'syntaxes/nginx.tmLanguage.json');
const LANGUAGE_CONFIGURATION_PATH = resolve(ROOT, 'syntaxes/nginx.language-configuration.json');

/** Corpus folders that hold nginx configuration files. */
const CORPUS_SUBDIRS = ['crossplane', 'nginx', 'nginx-tests'];

/**
 * Corpus files that nginx itself rejects because they end inside an unterminated statement
 * (a directive without `;`). The grammar keeps that statement open, as nginx's lexer would, so
 * only "never throws" is checked for them.
 */
const UNTERMINATED: Record<string, string> = {
  'crossplane/tests/configs/includes-globbed/servers/locations/not-included.conf': 'a bare word without `;`',
  'crossplane/tests/configs/includes-regular/conf.d/bar.conf': 'a bare word without `;`',
  'crossplane/tests/configs/includes-regular/conf.d/foo.conf': 'a bare word without `;`',
};

interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

interface Tokenized {
  lines: { text: string; tokens: Token[] }[];
  state: textmate.StateStack;
}

let grammar: textmate.IGrammar;

beforeAll(async () => {
  grammar = await loadGrammar('source.nginx', 'nginx.tmLanguage.json');
});

function tokenize(text: string): Tokenized {
  let state = textmate.INITIAL;
  const lines = text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    const tokens = result.tokens.map((token) => ({
      text: line.slice(token.startIndex, token.endIndex),
      start: token.startIndex,
      end: token.endIndex,
      scopes: token.scopes,
    }));
    return { text: line, tokens };
  });
  return { lines, state };
}

/** The tokens that cover the `nth` occurrence of `needle`, searching the snippet line by line. */
function locate(snippet: Tokenized, needle: string, nth: number): Token[] {
  let seen = 0;
  for (const line of snippet.lines) {
    for (let at = line.text.indexOf(needle); at >= 0; at = line.text.indexOf(needle, at + 1)) {
      if (seen++ < nth) continue;
      const end = at + needle.length;
      return line.tokens.filter((token) => token.start < end && token.end > at);
    }
  }
  throw new Error(`"${needle}" (occurrence ${nth}) is not in the snippet`);
}

/** The scopes of the token where the `nth` occurrence of `needle` starts. */
function scopesOf(snippet: Tokenized, needle: string, nth = 0): string[] {
  return locate(snippet, needle, nth)[0]!.scopes;
}

/** The scopes shared by every token that covers the `nth` occurrence of `needle`. */
function commonScopes(snippet: Tokenized, needle: string, nth = 0): string[] {
  return locate(snippet, needle, nth)
    .map((token) => token.scopes)
    .reduce((common, scopes) => common.filter((scope) => scopes.includes(scope)));
}

/** Every scope of any token that covers the `nth` occurrence of `needle`. */
function anyScopes(snippet: Tokenized, needle: string, nth = 0): string[] {
  return [...new Set(locate(snippet, needle, nth).flatMap((token) => token.scopes))];
}

/** The exact text of the token where the `nth` occurrence of `needle` starts. */
function tokenAt(snippet: Tokenized, needle: string, nth = 0): string {
  return locate(snippet, needle, nth)[0]!.text;
}

function hasScopeStartingWith(scopes: string[], prefix: string): boolean {
  return scopes.some((scope) => scope.startsWith(prefix));
}

describe('nginx grammar: comments', () => {
  it('scopes a comment after a directive, and the directive before it', () => {
    const s = tokenize('    listen 8080; # the public port\n');
    expect(commonScopes(s, '# the public port')).toContain('comment.line.number-sign.nginx');
    expect(scopesOf(s, '#')).toContain('punctuation.definition.comment.nginx');
    expect(scopesOf(s, 'listen')).toContain('keyword.other.directive.nginx');
    expect(scopesOf(s, '8080')).toContain('constant.numeric.nginx');
    expect(scopesOf(s, ';')).toContain('punctuation.terminator.nginx');
  });

  it('scopes comments between the arguments of a multi-line statement', () => {
    const s = tokenize(['log_format #c2', '    \\#arg\\ 1 #c3', "    '#arg 2' #c4", '    ;'].join('\n'));
    expect(scopesOf(s, '#c2')).toContain('comment.line.number-sign.nginx');
    expect(scopesOf(s, '#c3')).toContain('comment.line.number-sign.nginx');
    expect(scopesOf(s, '#c4')).toContain('comment.line.number-sign.nginx');
    expect(hasScopeStartingWith(anyScopes(s, '\\#arg\\ 1'), 'comment')).toBe(false);
    expect(scopesOf(s, "'#arg 2'")).toContain('string.quoted.single.nginx');
    expect(scopesOf(s, ';')).toContain('punctuation.terminator.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('does not start a comment inside a word: a#b is one word', () => {
    const s = tokenize('return 200 a#b;\nlocation /\\{\\;\\}\\ #\\ ab {}\n');
    expect(tokenAt(s, 'a#b')).toBe('a#b');
    expect(hasScopeStartingWith(anyScopes(s, 'a#b'), 'comment')).toBe(false);
    expect(scopesOf(s, ';', 0)).toContain('punctuation.terminator.nginx');
    expect(tokenAt(s, '/\\{')).toBe('/\\{\\;\\}\\ #\\ ab');
    expect(hasScopeStartingWith(anyScopes(s, '#\\ ab'), 'comment')).toBe(false);
    expect(scopesOf(s, '{}')).toContain('punctuation.section.block.begin.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('starts a comment right after a brace or a semicolon', () => {
    const s = tokenize('http {#open\n  gzip on;#done\n}');
    expect(scopesOf(s, '#open')).toContain('comment.line.number-sign.nginx');
    expect(scopesOf(s, '#done')).toContain('comment.line.number-sign.nginx');
    expect(scopesOf(s, 'on')).toContain('constant.language.boolean.nginx');
  });
});

describe('nginx grammar: strings and variables', () => {
  it('keeps an escaped double quote inside a double-quoted string', () => {
    const s = tokenize('return 200 "say \\"hi\\" twice";\naccess_log off;');
    expect(commonScopes(s, 'say \\"hi\\" twice')).toContain('string.quoted.double.nginx');
    expect(scopesOf(s, '\\"', 0)).toContain('constant.character.escape.nginx');
    expect(scopesOf(s, ' twice')).toContain('string.quoted.double.nginx');
    expect(scopesOf(s, '";')).toContain('punctuation.definition.string.end.nginx');
    expect(hasScopeStartingWith(scopesOf(s, ';', 0), 'string')).toBe(false);
    expect(scopesOf(s, 'access_log')).toContain('keyword.other.directive.nginx');
  });

  it('scopes single-quoted strings with escapes, across lines', () => {
    const s = tokenize("log_format main '{ \"host\": \"$host\", '\n    'it\\'s }';\nsendfile on;");
    expect(scopesOf(s, '{ "host"')).toContain('string.quoted.single.nginx');
    expect(scopesOf(s, "\\'")).toContain('constant.character.escape.nginx');
    expect(scopesOf(s, 's }')).toContain('string.quoted.single.nginx');
    expect(scopesOf(s, 'sendfile')).toContain('keyword.other.directive.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('highlights a variable inside a string', () => {
    const s = tokenize('add_header X-Upstream "addr=$upstream_addr";');
    const scopes = commonScopes(s, '$upstream_addr');
    expect(scopes).toContain('string.quoted.double.nginx');
    expect(scopes).toContain('variable.other.nginx');
    expect(scopesOf(s, '$', 0)).toContain('punctuation.definition.variable.nginx');
    expect(scopesOf(s, 'addr=')).not.toContain('variable.other.nginx');
  });

  it('highlights ${name} in a string and in a bare word', () => {
    const s = tokenize('set $key "${host}:${server_port}";\ntry_files /cache/${uri}.html =404;');
    expect(commonScopes(s, '${host}')).toContain('variable.other.nginx');
    expect(commonScopes(s, '${host}')).toContain('string.quoted.double.nginx');
    expect(scopesOf(s, '{', 0)).toContain('punctuation.section.variable.begin.nginx');
    expect(scopesOf(s, '}', 0)).toContain('punctuation.section.variable.end.nginx');
    expect(scopesOf(s, ':', 0)).not.toContain('variable.other.nginx');
    expect(commonScopes(s, '${uri}')).toContain('variable.other.nginx');
    expect(scopesOf(s, '.html')).not.toContain('variable.other.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('highlights regex captures $1 and leaves a lone $ alone', () => {
    const s = tokenize('rewrite ^/(.*)$ /index.php?q=$1 last;');
    expect(commonScopes(s, '$1')).toContain('variable.other.capture.nginx');
    expect(commonScopes(s, '^/(.*)$')).toContain('string.regexp.nginx');
    expect(scopesOf(s, '$ ')).toContain('keyword.control.anchor.regexp.nginx');
    expect(scopesOf(s, 'last')).toContain('constant.language.rewrite-flag.nginx');
  });

  it('treats a quote inside a word as literal, as the nginx lexer does', () => {
    const s = tokenize('add_header X right-"quote" "left"-quote;\nsendfile on;');
    expect(tokenAt(s, 'right-')).toBe('right-"quote"');
    expect(hasScopeStartingWith(anyScopes(s, 'right-"quote"'), 'string')).toBe(false);
    expect(commonScopes(s, '"left"')).toContain('string.quoted.double.nginx');
    expect(scopesOf(s, 'sendfile')).toContain('keyword.other.directive.nginx');
  });
});

describe('nginx grammar: blocks and directives', () => {
  it('scopes block directive names and their braces', () => {
    const s = tokenize('events {\n}\nhttp {\n    server {\n        listen 80;\n    }\n}\n');
    expect(scopesOf(s, 'events')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, 'http')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, 'server')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, '{', 0)).toContain('punctuation.section.block.begin.nginx');
    expect(scopesOf(s, '}', 0)).toContain('punctuation.section.block.end.nginx');
    expect(scopesOf(s, 'listen')).toContain('meta.block.nginx');
    expect(scopesOf(s, 'listen')).toContain('keyword.other.directive.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('finds the block when its brace is on the next line', () => {
    const s = tokenize('server\n{\n    listen 80;\n}\n');
    expect(scopesOf(s, 'server')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, '{')).toContain('punctuation.section.block.begin.nginx');
    expect(scopesOf(s, 'listen')).toContain('keyword.other.directive.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('scopes the first word of a statement as the directive and later words as arguments', () => {
    const s = tokenize('server_name example.com server;\nproxy_set_header Host $host;');
    expect(scopesOf(s, 'server_name')).toContain('keyword.other.directive.nginx');
    expect(hasScopeStartingWith(scopesOf(s, 'example.com'), 'keyword')).toBe(false);
    expect(hasScopeStartingWith(scopesOf(s, 'server;'), 'keyword')).toBe(false);
    expect(scopesOf(s, 'proxy_set_header')).toContain('keyword.other.directive.nginx');
    expect(hasScopeStartingWith(scopesOf(s, 'Host'), 'keyword')).toBe(false);
  });

  it('scopes quoted directive names', () => {
    const s = tokenize('"events" { "worker_connections" "2048"; }');
    expect(scopesOf(s, 'events')).toContain('keyword.other.directive.nginx');
    expect(scopesOf(s, 'worker_connections')).toContain('keyword.other.directive.nginx');
    expect(scopesOf(s, '2048')).toContain('string.quoted.double.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('scopes numbers with units and on/off', () => {
    const s = tokenize('proxy_read_timeout 10s;\nclient_max_body_size 512k;\nexpires 1h30m;\ngzip off;\nproxy_buffering on;');
    expect(commonScopes(s, '10s')).toContain('constant.numeric.nginx');
    expect(scopesOf(s, 's;')).toContain('keyword.other.unit.nginx');
    expect(commonScopes(s, '512k')).toContain('constant.numeric.nginx');
    expect(commonScopes(s, '1h30m')).toContain('constant.numeric.nginx');
    expect(scopesOf(s, 'off')).toContain('constant.language.boolean.nginx');
    expect(scopesOf(s, 'on;')).toContain('constant.language.boolean.nginx');
  });

  it('scopes name=value arguments, include and addresses', () => {
    const s = tokenize(
      'proxy_cache_path /data levels=1:2 keys_zone=one:10m max_size=1g;\ninclude conf.d/*.conf;\nlisten [::1]:8080;\nallow 10.0.0.0/8;\nlisten localhost:8081;',
    );
    expect(scopesOf(s, 'keys_zone')).toContain('variable.parameter.nginx');
    expect(scopesOf(s, '=', 1)).toContain('keyword.operator.assignment.nginx');
    expect(commonScopes(s, '1g')).toContain('constant.numeric.nginx');
    expect(scopesOf(s, 'include')).toContain('keyword.control.import.nginx');
    expect(scopesOf(s, '[::1]:8080')).toContain('constant.other.address.nginx');
    expect(scopesOf(s, '10.0.0.0/8')).toContain('constant.other.address.nginx');
    expect(scopesOf(s, 'localhost:8081')).toContain('constant.other.address.nginx');
  });

  it('marks a stray closing brace', () => {
    const s = tokenize('user nobody;\n}\nworker_processes 2;');
    expect(scopesOf(s, '}')).toContain('invalid.illegal.stray-brace.nginx');
    expect(scopesOf(s, 'worker_processes')).toContain('keyword.other.directive.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('closes a statement with a missing semicolon at the closing brace', () => {
    const s = tokenize('location /a {\n    proxy_pass http://a.example\n}\nlocation /b {\n    proxy_pass http://b.example;\n}');
    expect(scopesOf(s, 'location', 1)).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, 'proxy_pass', 1)).toContain('keyword.other.directive.upstream.nginx');
    expect(s.state.depth).toBe(1);
  });
});

describe('nginx grammar: load balancing', () => {
  const upstream = [
    'upstream backend {',
    '    zone backend 64k;',
    '    hash $request_uri consistent;',
    '    server 127.0.0.1:8081 weight=5 max_fails=0 backup;',
    '    server backend2.example.com:8080 fail_timeout=10s max_conns=100 slow_start=30s down resolve;',
    '    server unix:/tmp/backend.sock;',
    '    keepalive 16;',
    '    keepalive_timeout 60s;',
    '}',
  ].join('\n');

  it('scopes `upstream backend {`', () => {
    const s = tokenize(upstream);
    expect(scopesOf(s, 'upstream')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, 'backend', 0)).toContain('entity.name.type.upstream.nginx');
    expect(scopesOf(s, '{')).toContain('punctuation.section.block.begin.nginx');
    expect(scopesOf(s, 'zone')).toContain('meta.block.upstream.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('scopes an upstream server: address, parameters and flags', () => {
    const s = tokenize(upstream);
    expect(scopesOf(s, 'server', 0)).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, '127.0.0.1:8081')).toContain('constant.other.address.nginx');
    expect(tokenAt(s, '127.0.0.1:8081')).toBe('127.0.0.1:8081');
    for (const parameter of ['weight', 'max_fails', 'fail_timeout', 'max_conns', 'slow_start']) {
      expect(scopesOf(s, parameter), parameter).toContain('variable.parameter.upstream.nginx');
      expect(tokenAt(s, parameter), parameter).toBe(parameter);
    }
    expect(scopesOf(s, '=5')).toContain('keyword.operator.assignment.nginx');
    expect(scopesOf(s, '5 ')).toContain('constant.numeric.nginx');
    expect(scopesOf(s, 'backup')).toContain('variable.parameter.upstream.nginx');
    expect(scopesOf(s, 'down')).toContain('variable.parameter.upstream.nginx');
    expect(scopesOf(s, 'resolve')).toContain('variable.parameter.upstream.nginx');
    expect(scopesOf(s, 'backend2.example.com:8080')).toContain('constant.other.address.nginx');
    expect(scopesOf(s, 'unix:/tmp/backend.sock')).toContain('constant.other.address.nginx');
    expect(scopesOf(s, 'backup')).toContain('meta.statement.upstream-server.nginx');
  });

  it('scopes `hash $request_uri consistent;` and the other balancing directives', () => {
    const s = tokenize(upstream);
    expect(scopesOf(s, 'hash')).toContain('keyword.other.directive.upstream.nginx');
    expect(commonScopes(s, '$request_uri')).toContain('variable.other.nginx');
    expect(scopesOf(s, 'consistent')).toContain('variable.parameter.upstream.nginx');
    expect(scopesOf(s, 'zone')).toContain('keyword.other.directive.upstream.nginx');
    expect(commonScopes(s, '64k')).toContain('constant.numeric.nginx');
    expect(scopesOf(s, 'keepalive ')).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, 'keepalive_timeout')).toContain('keyword.other.directive.upstream.nginx');
  });

  it('scopes ip_hash, least_conn and random two', () => {
    const s = tokenize('upstream a { ip_hash; }\nupstream b { least_conn; }\nupstream c { random two least_conn; }');
    expect(scopesOf(s, 'ip_hash')).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, 'least_conn', 0)).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, 'random')).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, 'two')).toContain('variable.parameter.upstream.nginx');
    expect(scopesOf(s, 'least_conn', 1)).toContain('variable.parameter.upstream.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('keeps keepalive_timeout an ordinary directive outside an upstream', () => {
    const s = tokenize('http {\n    keepalive_timeout 65;\n}');
    expect(scopesOf(s, 'keepalive_timeout')).toContain('keyword.other.directive.nginx');
  });

  it('tells the virtual-server block from an upstream member outside an upstream body', () => {
    const s = tokenize('server {\n}\nserver 10.0.0.1:80 weight=2;\n');
    expect(scopesOf(s, 'server', 0)).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, 'server', 1)).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, '10.0.0.1:80')).toContain('constant.other.address.nginx');
    expect(scopesOf(s, 'weight')).toContain('variable.parameter.upstream.nginx');
  });

  it('scopes `proxy_pass http://backend;` and the other *_pass directives', () => {
    const s = tokenize(
      'proxy_pass http://backend;\nfastcgi_pass 127.0.0.1:9000;\ngrpc_pass grpc://$grpc_backend;\nproxy_pass backend;\nproxy_pass_header Server;',
    );
    expect(scopesOf(s, 'proxy_pass', 0)).toContain('keyword.other.directive.upstream.nginx');
    expect(commonScopes(s, 'http://backend')).toContain('string.unquoted.url.nginx');
    expect(tokenAt(s, 'http://backend')).toBe('http://backend');
    expect(scopesOf(s, ';', 0)).toContain('punctuation.terminator.nginx');
    expect(scopesOf(s, 'fastcgi_pass')).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, '127.0.0.1:9000')).toContain('constant.other.address.nginx');
    expect(scopesOf(s, 'grpc_pass')).toContain('keyword.other.directive.upstream.nginx');
    expect(commonScopes(s, '$grpc_backend')).toEqual(expect.arrayContaining(['string.unquoted.url.nginx', 'variable.other.nginx']));
    expect(scopesOf(s, 'backend;', 2)).toContain('entity.name.type.upstream.nginx');
    expect(tokenAt(s, 'backend;', 2)).toBe('backend');
    expect(scopesOf(s, 'proxy_pass_header')).toContain('keyword.other.directive.nginx');
    expect(scopesOf(s, 'proxy_pass_header')).not.toContain('keyword.other.directive.upstream.nginx');
  });

  it('scopes map, geo and split_clients bodies as tables', () => {
    const s = tokenize(
      [
        'map $http_user_agent $mobile {',
        '    default 0;',
        "    '~Opera Mini' 1;",
        '    ~*iphone 1;',
        '}',
        'split_clients "${remote_addr}" $variant {',
        '    50% one;',
        '    * two;',
        '}',
      ].join('\n'),
    );
    expect(scopesOf(s, 'map')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, 'default')).toContain('keyword.other.directive.nginx');
    expect(commonScopes(s, 'Opera Mini')).toContain('string.regexp.nginx');
    expect(scopesOf(s, 'iphone')).toContain('string.regexp.nginx');
    expect(scopesOf(s, 'split_clients')).toContain('keyword.control.block.nginx');
    expect(commonScopes(s, '50%')).toContain('constant.numeric.nginx');
    expect(scopesOf(s, 'one')).toContain('meta.map-entry.nginx');
    expect(s.state.depth).toBe(1);
  });
});

describe('nginx grammar: location and if', () => {
  it('scopes `location ~* \\.(png|jpg)$ {`', () => {
    const s = tokenize('location ~* \\.(png|jpg)$ {\n    expires 30d;\n}');
    expect(scopesOf(s, 'location')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, '~*')).toContain('keyword.operator.location-modifier.nginx');
    expect(commonScopes(s, '\\.(png|jpg)$')).toContain('string.regexp.nginx');
    expect(scopesOf(s, '$ ')).toContain('keyword.control.anchor.regexp.nginx');
    expect(scopesOf(s, '$ ')).not.toContain('variable.other.nginx');
    expect(scopesOf(s, '{')).toContain('punctuation.section.block.begin.nginx');
    expect(scopesOf(s, 'expires')).toContain('keyword.other.directive.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('scopes the other location modifiers and paths', () => {
    const s = tokenize('location = /exact {}\nlocation ^~ /static/ {}\nlocation ~ "/quoted;{regex}" {}\nlocation @fallback {}\nlocation / {}');
    expect(scopesOf(s, '=')).toContain('keyword.operator.location-modifier.nginx');
    expect(scopesOf(s, '/exact')).toContain('string.unquoted.path.nginx');
    expect(scopesOf(s, '^~')).toContain('keyword.operator.location-modifier.nginx');
    expect(scopesOf(s, '/static/')).toContain('string.unquoted.path.nginx');
    expect(commonScopes(s, '/quoted;{regex}')).toContain('string.regexp.nginx');
    expect(scopesOf(s, 'fallback')).toContain('entity.name.function.location.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('scopes an if condition with a regex and parentheses', () => {
    const s = tokenize('if ($http_user_agent ~* (msie|trident)) {\n    return 403;\n}\nif (!-f $request_filename) { break; }');
    expect(scopesOf(s, 'if')).toContain('keyword.control.block.nginx');
    expect(scopesOf(s, '(', 0)).toContain('punctuation.section.parens.begin.nginx');
    expect(scopesOf(s, '~*')).toContain('keyword.operator.comparison.nginx');
    expect(commonScopes(s, '(msie|trident)')).toContain('string.regexp.nginx');
    expect(scopesOf(s, ') {')).toContain('punctuation.section.parens.end.nginx');
    expect(scopesOf(s, '!-f')).toContain('keyword.operator.comparison.nginx');
    expect(scopesOf(s, 'return')).toContain('keyword.other.directive.nginx');
    expect(s.state.depth).toBe(1);
  });
});

describe('nginx grammar: lua blocks', () => {
  it('keeps highlighting after a lua block: the next directive is still a directive', () => {
    const s = tokenize(
      [
        'location /lua {',
        '    content_by_lua_block {',
        '        local t = { "}", [[ } ]] } -- a } in a comment',
        '        --[[ { ]]',
        "        ngx.say('{')",
        '    }',
        '    proxy_pass http://backend;',
        '}',
        'upstream u {',
        '    server 127.0.0.1;',
        '    balancer_by_lua_block {',
        '        -- brace in a comment {',
        '    }',
        '}',
        'gzip on;',
      ].join('\n'),
    );
    expect(scopesOf(s, 'content_by_lua_block')).toContain('keyword.other.directive.lua.nginx');
    expect(scopesOf(s, 'local t')).toContain('meta.embedded.block.lua');
    expect(commonScopes(s, '"}"')).toContain('string.quoted.double.lua');
    expect(commonScopes(s, '-- a }')).toContain('comment.line.double-dash.lua');
    expect(scopesOf(s, 'proxy_pass')).toContain('keyword.other.directive.upstream.nginx');
    expect(scopesOf(s, 'proxy_pass')).not.toContain('meta.embedded.block.lua');
    expect(scopesOf(s, 'gzip')).toContain('keyword.other.directive.nginx');
    expect(scopesOf(s, 'gzip')).not.toContain('meta.block.nginx');
    expect(s.state.depth).toBe(1);
  });

  it('handles arguments before the body, quoted names, and the name used as an argument', () => {
    const s = tokenize(
      [
        'server_name content_by_lua_block;',
        'set_by_lua_block $res { return 1 + 2 }',
        '"rewrite_by_lua_block" { a = { 1, 2 } }',
        'listen 80;',
      ].join('\n'),
    );
    expect(scopesOf(s, 'content_by_lua_block')).not.toContain('keyword.other.directive.lua.nginx');
    expect(scopesOf(s, 'set_by_lua_block')).toContain('keyword.other.directive.lua.nginx');
    expect(commonScopes(s, '$res')).toContain('variable.other.nginx');
    expect(scopesOf(s, 'return 1')).toContain('meta.embedded.block.lua');
    expect(scopesOf(s, 'rewrite_by_lua_block')).toContain('keyword.other.directive.lua.nginx');
    expect(scopesOf(s, 'listen')).toContain('keyword.other.directive.nginx');
    expect(s.state.depth).toBe(1);
  });
});

describe('nginx grammar: structure', () => {
  const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as {
    scopeName: string;
    repository: Record<string, unknown>;
  };

  it('is source.nginx and every local include names a repository entry that is used', () => {
    expect(raw.scopeName).toBe('source.nginx');
    const text = readFileSync(GRAMMAR_PATH, 'utf8');
    const includes = new Set([...text.matchAll(/"include": "#([\w-]+)"/g)].map((m) => m[1]));
    for (const name of includes) expect(raw.repository, `#${name}`).toHaveProperty([name]);
    for (const name of Object.keys(raw.repository)) expect(includes.has(name), `${name} is unused`).toBe(true);
  });

  it('compiles every regular expression with oniguruma', () => {
    const sources: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'match' || key === 'begin' || key === 'end') && typeof value === 'string') sources.push(value);
          else walk(value);
        }
      }
    };
    walk(raw);
    expect(sources.length).toBeGreaterThan(40);
    for (const source of sources) {
      // Back-references to the begin match are resolved at run time; stand in for them here.
      const compilable = source.replace(/\\(\d)/g, 'x');
      expect(() => oniguruma.createOnigScanner([compilable]), source).not.toThrow();
    }
  });
});

describe('nginx language configuration', () => {
  const config = JSON.parse(readFileSync(LANGUAGE_CONFIGURATION_PATH, 'utf8')) as {
    comments: { lineComment: string };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string }[];
    surroundingPairs: [string, string][];
    folding: { markers: { start: string; end: string } };
    wordPattern: string;
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  };

  it('declares comments, brackets and pairs', () => {
    expect(config.comments.lineComment).toBe('#');
    expect(config.brackets).toContainEqual(['{', '}']);
    const closing = config.autoClosingPairs.map((pair) => pair.open + pair.close);
    expect(closing).toEqual(expect.arrayContaining(['{}', '""', "''", '()']));
    expect(config.surroundingPairs).toEqual(expect.arrayContaining([['{', '}'], ['"', '"'], ["'", "'"], ['(', ')']]));
  });

  it('keeps $var, ${var}, addresses and parameter names as words', () => {
    const words = (line: string): string[] => line.match(new RegExp(config.wordPattern, 'g')) ?? [];
    expect(words('server 127.0.0.1:8080 max_fails=3 weight=5;')).toEqual(['server', '127.0.0.1:8080', 'max_fails', '3', 'weight', '5']);
    expect(words('proxy_set_header X-Real-IP $remote_addr;')).toEqual(['proxy_set_header', 'X-Real-IP', '$remote_addr']);
    expect(words('set $k "${host}";')).toContain('${host}');
    expect(words('listen [::1]:80;')).toContain('[::1]:80');
  });

  it('indents after `{`, outdents on `}` and folds on braces', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    expect(increase.test('upstream backend {')).toBe(true);
    expect(increase.test('location / { # static files')).toBe(true);
    expect(increase.test('location / { return 204; }')).toBe(false);
    expect(increase.test('# an example: server {')).toBe(false);
    expect(decrease.test('    }')).toBe(true);
    expect(decrease.test('    server 127.0.0.1;')).toBe(false);
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    expect(start.test('http {')).toBe(true);
    expect(start.test('# region upstreams')).toBe(true);
    expect(end.test('}')).toBe(true);
    expect(end.test('# endregion')).toBe(true);
  });
});

const haveCorpus = corpusAvailable();

describe.skipIf(!haveCorpus)('nginx grammar: public corpus', () => {
  const files = haveCorpus ? CORPUS_SUBDIRS.flatMap((sub) => corpusFiles(sub)) : [];
  const cases = files.map((file) => [relative(CORPUS_DIR, file), file] as const);

  it('has nginx files to tokenise', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const known of Object.keys(UNTERMINATED)) expect(cases.map(([name]) => name)).toContain(known);
  });

  it.each(cases)('%s tokenises without leaking a region', (name, file) => {
    const text = readFileSync(file, 'utf8');
    let result: Tokenized | undefined;
    expect(() => {
      result = tokenize(text);
    }).not.toThrow();
    if (name in UNTERMINATED) return;
    expect(result!.state.depth, `${name} ends inside a region`).toBe(1);
    expect(result!.state.equals(tokenize('').state)).toBe(true);
  });
});
