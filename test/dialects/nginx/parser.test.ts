import { describe, expect, it } from 'vitest';
import { parseNginx } from '../../../server/src/dialects/nginx/parser';
import type { NginxDirective } from '../../../server/src/dialects/nginx/syntax';
import { allDirectives, find, slice, spanViolation } from './helpers';

/** A compact view of a tree: `name arg arg;` or `name arg { ... }`. */
function outline(directives: readonly NginxDirective[]): unknown[] {
  return directives.map((d) => {
    const head = [d.name, ...d.args.map((a) => a.value)].join(' ');
    if (d.block?.raw) return `${head} {raw}`;
    if (d.block) return { [head]: outline(d.block.children) };
    return `${head}${d.semicolon ? ';' : ''}`;
  });
}

function parseClean(text: string) {
  const result = parseNginx(text);
  expect(result.errors).toEqual([]);
  expect(spanViolation(result)).toBeUndefined();
  return result.syntax;
}

describe('nginx parser: structure and spans', () => {
  it('builds nested blocks with spans from the name to ";" or "}"', () => {
    const text = 'http {\n  upstream u {\n    server 10.0.0.1:80 weight=5;\n  }\n}\n';
    const syntax = parseClean(text);
    expect(outline(syntax.directives)).toEqual([{ http: [{ 'upstream u': ['server 10.0.0.1:80 weight=5;'] }] }]);
    const http = syntax.directives[0]!;
    expect(slice(text, http.span)).toBe(text.trimEnd());
    expect(slice(text, http.block!.open)).toBe('{');
    expect(slice(text, http.block!.close!)).toBe('}');
    const server = find(syntax, 'server');
    expect(slice(text, server.span)).toBe('server 10.0.0.1:80 weight=5;');
    expect(slice(text, server.nameSpan)).toBe('server');
    expect(slice(text, server.semicolon!)).toBe(';');
    expect(server.args.map((a) => slice(text, a.span))).toEqual(['10.0.0.1:80', 'weight=5']);
    expect(server.block).toBeUndefined();
  });

  it('keeps quotes in argument spans and removes them from values', () => {
    const text = `add_header X-A "a b" 'c' always;`;
    const d = parseClean(text).directives[0]!;
    expect(d.args.map((a) => [slice(text, a.span), a.value, a.quote])).toEqual([
      ['X-A', 'X-A', null],
      ['"a b"', 'a b', '"'],
      ["'c'", 'c', "'"],
      ['always', 'always', null],
    ]);
  });

  it('accepts a quoted directive name', () => {
    const text = '"events" { "worker_connections" "2048"; }';
    const syntax = parseClean(text);
    expect(outline(syntax.directives)).toEqual([{ events: ['worker_connections 2048;'] }]);
    expect(slice(text, syntax.directives[0]!.nameSpan)).toBe('"events"');
  });

  it('parses "location /foo{}" and directives packed on one line', () => {
    const syntax = parseClean('location /foo{}location /bar{}\nlocation ~ "/hello/world;"{return 301 /s;}');
    expect(outline(syntax.directives)).toEqual([
      { 'location /foo': [] },
      { 'location /bar': [] },
      { 'location ~ /hello/world;': ['return 301 /s;'] },
    ]);
  });

  it('parses "if (...)" conditions as words', () => {
    const text = 'if ($request_method = P\\{O\\)\\###\\;ST  ){}\nif ($http_x ~* "a b") { return 403; }';
    const syntax = parseClean(text);
    expect(syntax.directives[0]!.args.map((a) => a.value)).toEqual(['($request_method', '=', 'P\\{O\\)\\###\\;ST', ')']);
    // After a closing quote nginx starts a new word at ")".
    expect(syntax.directives[1]!.args.map((a) => a.value)).toEqual(['($http_x', '~*', 'a b', ')']);
  });

  it('keeps "${var}" inside arguments', () => {
    const d = parseClean('try_files /abc/${uri} /abc/${uri}.html =404;').directives[0]!;
    expect(d.args.map((a) => a.value)).toEqual(['/abc/${uri}', '/abc/${uri}.html', '=404']);
  });

  it('parses map blocks, including empty-string keys and values', () => {
    const text = "map string $variable {\n    '' $arg;\n    *.example.com '';\n    default 0;\n    '~Opera Mini' 1;\n}";
    const map = parseClean(text).directives[0]!;
    expect(map.block!.children.map((e) => [e.name, ...e.args.map((a) => a.value)])).toEqual([
      ['', '$arg'],
      ['*.example.com', ''],
      ['default', '0'],
      ['~Opera Mini', '1'],
    ]);
    expect(slice(text, map.block!.children[0]!.nameSpan)).toBe("''");
  });

  it('parses split_clients and types blocks', () => {
    const syntax = parseClean(
      'split_clients "${remote_addr}AAA" $variant {\n  0.5% .one;\n  2.0% .two;\n  * "";\n}\ntypes { text/html html htm; image/png png; }',
    );
    expect(outline(syntax.directives)).toEqual([
      { 'split_clients ${remote_addr}AAA $variant': ['0.5% .one;', '2.0% .two;', '* ;'] },
      { types: ['text/html html htm;', 'image/png png;'] },
    ]);
  });

  it('gives an empty block no children and keeps both braces', () => {
    const text = 'events {}';
    const events = parseClean(text).directives[0]!;
    expect(events.block!.children).toEqual([]);
    expect(slice(text, events.span)).toBe('events {}');
  });

  it('parses an empty or comment-only text', () => {
    expect(parseClean('').directives).toEqual([]);
    expect(parseClean('  \n\t\r\n').directives).toEqual([]);
    expect(parseClean('# only a comment').comments.map((c) => c.text)).toEqual([' only a comment']);
  });
});

describe('nginx parser: comments', () => {
  it('collects every comment, including those between arguments', () => {
    const text = "http { #comment 1\n    log_format #comment 2\n        \\#arg\\ 1 #comment 3\n        '#arg 2' #comment 4\n        #comment 5\n        ;\n}";
    const syntax = parseClean(text);
    expect(syntax.comments.map((c) => c.text)).toEqual(['comment 1', 'comment 2', 'comment 3', 'comment 4', 'comment 5']);
    expect(syntax.comments.map((c) => slice(text, c.span))).toEqual([
      '#comment 1',
      '#comment 2',
      '#comment 3',
      '#comment 4',
      '#comment 5',
    ]);
    const logFormat = find(syntax, 'log_format');
    expect(logFormat.args.map((a) => a.value)).toEqual(['\\#arg\\ 1', '#arg 2']);
    expect(logFormat.trailingComment).toBeUndefined();
  });

  it('attaches a comment on the same line after ";" or "}" as the trailing comment', () => {
    const text = 'upstream u {\n  server a:80; # primary\n  server b:80;\n  # own line\n  server c:80;#tight\n} # end\nx;\n# next line\n';
    const syntax = parseClean(text);
    const [a, b, c] = find(syntax, 'upstream').block!.children;
    expect(a!.trailingComment?.text).toBe(' primary');
    expect(slice(text, a!.trailingComment!.span)).toBe('# primary');
    expect(b!.trailingComment).toBeUndefined();
    expect(c!.trailingComment?.text).toBe('tight');
    expect(syntax.directives[0]!.trailingComment?.text).toBe(' end');
    expect(syntax.directives[1]!.trailingComment).toBeUndefined();
    expect(syntax.comments).toHaveLength(5);
  });

  it('does not treat a comment after "{" as trailing', () => {
    const syntax = parseClean('location / { ## this is brace\n  return 200;\n}');
    expect(syntax.directives[0]!.trailingComment).toBeUndefined();
    expect(find(syntax, 'return').trailingComment).toBeUndefined();
  });
});

describe('nginx parser: Lua blocks', () => {
  it('takes the body of *_by_lua_block raw, with balanced braces', () => {
    const text = 'location / {\n  content_by_lua_block {\n    local t = { a = { 1 } }\n    ngx.say("}")\n  }\n  return 200;\n}';
    const syntax = parseClean(text);
    const lua = find(syntax, 'content_by_lua_block');
    expect(lua.block!.children).toEqual([]);
    expect(slice(text, lua.block!.raw!)).toBe('\n    local t = { a = { 1 } }\n    ngx.say("}")\n  ');
    expect(slice(text, lua.span)).toBe(text.slice(text.indexOf('content_by'), text.indexOf('  return') - 1).trimEnd());
    expect(outline(syntax.directives)).toEqual([{ 'location /': ['content_by_lua_block {raw}', 'return 200;'] }]);
  });

  it('skips braces in Lua strings, long brackets and comments', () => {
    const body = [
      '',
      "  local a = '}' .. \"{\" .. 'it\\'s }'",
      '  local b = [[ } ]] .. [==[ ]] } ]==]',
      '  -- a comment with a } brace',
      '  --[[ a long comment }',
      '  over lines ]]',
      '  local c = { [1] = 2 }',
      '',
    ].join('\n');
    const text = `init_by_lua_block {${body}}\nnext_directive 1;`;
    const syntax = parseClean(text);
    expect(slice(text, syntax.directives[0]!.block!.raw!)).toBe(body);
    expect(syntax.directives[1]!.name).toBe('next_directive');
  });

  it('reads arguments before the Lua block and a quoted directive name', () => {
    const text =
      'set_by_lua_block $res { -- irregular\n  return a + b;\n}\n"rewrite_by_lua_block" { do_something("hi\\n") a = { 1, 2 } }\nx;';
    const syntax = parseClean(text);
    expect(outline(syntax.directives)).toEqual(['set_by_lua_block $res {raw}', 'rewrite_by_lua_block {raw}', 'x;']);
  });

  it('does not take a raw body for a lua-block name used as an argument', () => {
    const syntax = parseClean('server_name content_by_lua_block ;\nupstream content_by_lua_block {\n  # stuff\n}');
    expect(outline(syntax.directives)).toEqual(['server_name content_by_lua_block;', { 'upstream content_by_lua_block': [] }]);
  });
});

describe('nginx parser: scale', () => {
  it('parses 100,000 nested blocks without overflowing and reports the excess depth once', () => {
    const depth = 100_000;
    const text = 'a{'.repeat(depth) + '}'.repeat(depth);
    const result = parseNginx(text);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain('nested more than 1000 levels');
    expect(spanViolation(result)).toBeUndefined();
    // The tree stops at the cap; the deeper blocks are read as directives of the deepest one.
    let level = 0;
    let list = result.syntax.directives;
    while (list.length > 0 && list[0]!.block) {
      level++;
      list = list[0]!.block.children;
    }
    expect(level).toBe(1000);
  });

  it('parses 100,000 unclosed "{" without a name and lists the first 1000 errors and a count', () => {
    const result = parseNginx('{'.repeat(100_000));
    expect(result.errors.length).toBe(1001);
    expect(result.errors[1000]!.message).toMatch(/^99000 more syntax errors from here on are not listed/);
    expect(result.errors[1000]!.span).toEqual({ start: 1000, end: 1001 });
    expect(result.syntax.directives).toEqual([]);
  });

  it('parses a large flat file', () => {
    const text = 'upstream u {\n' + '  server 10.0.0.1:80 weight=2;\n'.repeat(50_000) + '}\n';
    const syntax = parseClean(text);
    expect(allDirectives(syntax)).toHaveLength(50_001);
  });
});
