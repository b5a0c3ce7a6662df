import { describe, expect, it } from 'vitest';
import { checkContexts } from '../../../server/src/dialects/nginx/contexts';
import { parseNginx, parseNginxTree } from '../../../server/src/dialects/nginx/parser';
import type { NginxDirective } from '../../../server/src/dialects/nginx/syntax';
import { find, range, slice, spanViolation } from './helpers';

/** Errors as `[range, message]`, ranges as 1-based "line:col-line:col". */
function errorsOf(text: string): [string, string][] {
  const result = parseNginx(text);
  expect(spanViolation(result)).toBeUndefined();
  return result.errors.map((e) => [range(text, e.span), e.message]);
}

function names(list: readonly NginxDirective[]): string[] {
  return list.map((d) => [d.name, ...d.args.map((a) => a.value)].join(' '));
}

describe('recovery: missing ";" before "}"', () => {
  const text = [
    'http {',
    '    server {',
    '        location /is-broken {',
    '            proxy_pass http://is.broken.example',
    '        }',
    '        location /not-broken {',
    '            proxy_pass http://not.broken.example;',
    '        }',
    '    }',
    '}',
  ].join('\n');

  it('reports the missing ";" on the last argument, with the fix', () => {
    expect(errorsOf(text)).toEqual([
      [
        '4:24-4:48',
        'missing ";" after "proxy_pass http://is.broken.example": add ";" at the end of the directive',
      ],
    ]);
  });

  it('ends the directive there, closes the block, and keeps the later directives', () => {
    const { syntax } = parseNginx(text);
    const server = find(syntax, 'server');
    expect(names(server.block!.children)).toEqual(['location /is-broken', 'location /not-broken']);
    const [broken, intact] = server.block!.children;
    const brokenPass = broken!.block!.children[0]!;
    expect(brokenPass.semicolon).toBeUndefined();
    expect(slice(text, brokenPass.span)).toBe('proxy_pass http://is.broken.example');
    expect(broken!.block!.close).toBeDefined();
    expect(names(intact!.block!.children)).toEqual(['proxy_pass http://not.broken.example']);
    expect(intact!.block!.children[0]!.semicolon).toBeDefined();
  });

  it('reports a directive without arguments on its name', () => {
    expect(errorsOf('location / {\n  internal }\nx;')).toEqual([
      ['2:3-2:11', 'missing ";" after "internal": add ";" at the end of the directive'],
    ]);
  });

  it('reports a "}" glued to a quoted argument as the missing ";"', () => {
    expect(errorsOf('location / { return 200 "ok"}\nx;')).toEqual([
      ['1:25-1:29', 'missing ";" after "return 200 "ok"": add ";" at the end of the directive'],
    ]);
  });

  it('reports the missing ";" at the end of the file', () => {
    expect(errorsOf('worker_processes 4;\nuser www-data')).toEqual([
      ['2:6-2:14', 'missing ";" after "user www-data": add ";" at the end of the directive'],
    ]);
  });
});

describe('recovery: a directive that runs into a block directive on the next line', () => {
  it('splits before the block directive and reports the missing ";" on the first one', () => {
    const text = [
      'server {',
      '    listen 80',
      '    location / {',
      '        proxy_pass http://a;',
      '    }',
      '    location /b { return 204; }',
      '}',
    ].join('\n');
    expect(errorsOf(text)).toEqual([['2:12-2:14', 'missing ";" after "listen 80": add ";" at the end of the directive']]);
    const { syntax } = parseNginx(text);
    const server = syntax.directives[0]!;
    expect(names(server.block!.children)).toEqual(['listen 80', 'location /', 'location /b']);
    const [listen, location] = server.block!.children;
    expect(slice(text, listen!.span)).toBe('listen 80');
    expect(slice(text, location!.nameSpan)).toBe('location');
    expect(slice(text, location!.span)).toBe('location / {\n        proxy_pass http://a;\n    }');
    expect(names(location!.block!.children)).toEqual(['proxy_pass http://a']);
  });

  it('splits when the earlier directive has no arguments, and for blocks without arguments', () => {
    const text = 'http {\n  gzip on\n  server {\n    listen 80;\n  }\n}';
    expect(errorsOf(text)).toEqual([['2:8-2:10', 'missing ";" after "gzip on": add ";" at the end of the directive']]);
    expect(names(parseNginx(text).syntax.directives[0]!.block!.children)).toEqual(['gzip on', 'server']);
  });

  it('does not split a block directive whose arguments continue on the next line', () => {
    for (const text of ['location\n    /x {\n}', 'if ($a)\n{\n}', 'map $a\n  $b {\n}', 'location =\n  /x {}']) {
      const result = parseNginx(text);
      expect(result.errors).toEqual([]);
      expect(result.syntax.directives).toHaveLength(1);
    }
  });

  it('does not split at a quoted word or where the block directive would get the wrong arguments', () => {
    // "upstream" needs a name; "location" takes at most two arguments.
    for (const text of ['foo a\n  upstream {\n}', 'foo a\n  "location" /x {\n}', 'foo a\n  location a b c {\n}']) {
      const result = parseNginx(text);
      expect(result.errors).toEqual([]);
      expect(result.syntax.directives).toHaveLength(1);
    }
  });
});

describe('recovery: stray and missing braces', () => {
  it('reports an unexpected "}" and keeps parsing after it', () => {
    const text = 'events {}\n}\nhttp {\n  server {}\n}';
    expect(errorsOf(text)).toEqual([
      ['2:1-2:2', 'unexpected "}": no block is open here; remove it, or add the "{" it was meant to close'],
    ]);
    expect(names(parseNginx(text).syntax.directives)).toEqual(['events', 'http']);
  });

  it('reports an unclosed "{" on the brace, naming the directive and its line', () => {
    const text = 'http {\n  server {\n    listen 80;\n  }\n  server {\n    listen 81;\n';
    expect(errorsOf(text)).toEqual([
      ['1:6-1:7', '"http" block opened on line 1 is never closed: add "}" to close it'],
      ['5:10-5:11', '"server" block opened on line 5 is never closed: add "}" to close it'],
    ]);
    const { syntax } = parseNginx(text);
    const http = syntax.directives[0]!;
    expect(http.block!.close).toBeUndefined();
    expect(names(http.block!.children)).toEqual(['server', 'server']);
    expect(names(http.block!.children[1]!.block!.children)).toEqual(['listen 81']);
    expect(slice(text, http.span)).toBe(text.trimEnd());
  });

  it('points at a "}" that nginx reads as part of a word', () => {
    const text = 'location / { return 200 ok}\nx;\n';
    expect(errorsOf(text)).toEqual([
      [
        '1:12-1:13',
        '"location" block opened on line 1 is never closed: add "}" to close it (the "}" on line 1 is part of a ' +
          'word, because nginx ends a word only at a space, ";" or "{"; put a space or ";" before it)',
      ],
    ]);
  });

  it('reports a "{" without a directive name and still pairs it with its "}"', () => {
    const text = 'http {\n  {\n    a 1;\n  }\n  b 2;\n}\nc 3;';
    expect(errorsOf(text)).toEqual([
      ['2:3-2:4', 'unexpected "{" with no directive name before it: name the block (for example "server {") or remove it'],
    ]);
    const { syntax } = parseNginx(text);
    expect(names(syntax.directives)).toEqual(['http', 'c 3']);
    expect(names(syntax.directives[0]!.block!.children)).toEqual(['a 1', 'b 2']);
  });

  it('reports a ";" without a directive', () => {
    const text = 'listen 80;;\n;\nroot /x;';
    expect(errorsOf(text)).toEqual([
      ['1:11-1:12', 'unexpected ";" with no directive before it: remove it'],
      ['2:1-2:2', 'unexpected ";" with no directive before it: remove it'],
    ]);
    expect(names(parseNginx(text).syntax.directives)).toEqual(['listen 80', 'root /x']);
  });
});

describe('recovery: quotes and Lua', () => {
  it('reports an unterminated quote from the quote to the end of the file, and only that', () => {
    const text = 'events {}\nhttp {\n  return 200 "oops;\n}\n';
    // The missing "}" and ";" at the end of the file follow from the string; they are not reported.
    expect(errorsOf(text)).toEqual([
      [
        '3:14-5:1',
        'unterminated string: the " opened here is never closed, so nginx reads the rest of the file as part of it; add the closing "',
      ],
    ]);
    const { syntax } = parseNginx(text);
    expect(names(syntax.directives)).toEqual(['events', 'http']);
    expect(syntax.directives[1]!.block!.close).toBeUndefined();
    expect(find(syntax, 'return').args[1]!.value).toBe('oops;\n}\n');
  });

  it('reports a character glued to a closing quote and keeps the rest of the directive', () => {
    const text = 'add_header X "a"b;\nroot /x;';
    expect(errorsOf(text)).toEqual([
      [
        '1:17-1:18',
        'unexpected "b" right after a quoted string: nginx needs a space, ";" or "{" after the closing quote; ' +
          'add a space before "b" or put the whole argument in quotes',
      ],
    ]);
    expect(names(parseNginx(text).syntax.directives)).toEqual(['add_header X a b', 'root /x']);
  });

  it('reports an unclosed Lua block on its brace and keeps the body raw', () => {
    const text = 'http {\n  init_by_lua_block {\n    local t = {\n}\n';
    const result = parseNginx(text);
    expect(spanViolation(result)).toBeUndefined();
    expect(result.errors.map((e) => [range(text, e.span), e.message])).toEqual([
      ['1:6-1:7', '"http" block opened on line 1 is never closed: add "}" to close it'],
      [
        '2:21-2:22',
        'the Lua code of "init_by_lua_block" opened on line 2 is never closed: add "}" after the Lua code ' +
          '(check for an unbalanced brace, quote or long bracket in it)',
      ],
    ]);
    const lua = find(result.syntax, 'init_by_lua_block');
    expect(slice(text, lua.block!.raw!)).toBe('\n    local t = {\n}\n');
  });
});

describe('recovery: byte order mark', () => {
  it('reports a BOM, which nginx reads as part of the first name, and parses past it', () => {
    const text = '\ufeffevents {}\nhttp {}';
    expect(errorsOf(text)).toEqual([
      [
        '1:1-1:2',
        'the file starts with a byte order mark (U+FEFF), which nginx reads as part of the first directive name ' +
          '("unknown directive"); save the file as UTF-8 without a BOM',
      ],
    ]);
    expect(names(parseNginx(text).syntax.directives)).toEqual(['events', 'http']);
  });
});

describe('recovery: later, unrelated directives stay intact', () => {
  it('parses everything after a mix of errors', () => {
    const text = [
      'http {',
      '  upstream a {',
      '    server 10.0.0.1:80 weight=5',
      '  }',
      '  ; }',
      '  upstream b {',
      '    server 10.0.0.2:80;',
      '    server 10.0.0.3:80 backup;',
      '  }',
      '  server {',
      '    listen 80',
      '    location / { proxy_pass http://b; }',
      '  }',
      '}',
      '}',
      'events { worker_connections 1024; }',
    ].join('\n');
    const result = parseNginx(text);
    expect(result.errors.map((e) => range(text, e.span))).toEqual([
      '3:24-3:32',
      '5:3-5:4',
      '11:12-11:14',
      '14:1-14:2',
      '15:1-15:2',
    ]);
    const { syntax } = result;
    // The "}" on line 5 closes http early, so "upstream b" and "server" are top level and the
    // braces on lines 14 and 15 are stray.
    expect(names(syntax.directives)).toEqual(['http', 'upstream b', 'server', 'events']);
    expect(names(syntax.directives[1]!.block!.children)).toEqual(['server 10.0.0.2:80', 'server 10.0.0.3:80 backup']);
    expect(names(syntax.directives[2]!.block!.children)).toEqual(['listen 80', 'location /']);
    expect(names(syntax.directives[3]!.block!.children)).toEqual(['worker_connections 1024']);
  });
});

describe('recovery: block directives without "{" and simple directives with one', () => {
  it('reports them through checkContexts with precise ranges', () => {
    const text = 'http {\n  server {\n    location /x;\n    location / { proxy_pass http://a { } }\n  }\n}';
    const result = parseNginxTree(text);
    expect(result.errors).toEqual([]);
    expect(checkContexts(result.tree, 'main').map((e) => [range(text, e.span), e.message])).toEqual([
      ['3:5-3:17', '"location" directive has no opening "{": it is a block directive; replace ";" with "{ ... }"'],
      ['4:38-4:39', '"proxy_pass" directive is not terminated by ";": it takes no block; replace the "{ ... }" with ";"'],
    ]);
  });
});
