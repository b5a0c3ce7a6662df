/**
 * The flat tree (`parseNginxTree`) against the object tree: for random, mutated, generated and
 * corpus texts, every accessor of every directive agrees with the objects, the objects that
 * `parseNginx` builds from the tree are exactly those of the object parser the tree replaced
 * (kept in ./reference as the oracle), and so are the syntax errors, the comments and the context
 * checks. Then the tree's own contract: ids in pre-order, lazy names, and files with more names
 * than the name table holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticNginx } from '../../../bench/generate';
import { checkContexts, childContext, inferContext } from '../../../server/src/dialects/nginx/contexts';
import { parseNginx, parseNginxTree } from '../../../server/src/dialects/nginx/parser';
import type { NginxContext, NginxDirective, NginxFile } from '../../../server/src/dialects/nginx/syntax';
import { NONE, type NginxTree } from '../../../server/src/dialects/nginx/tree';
import { MAX_NAMES } from '../../../server/src/dialects/nginx/tree-store';
import { configArbitrary, corpusSeeds, grammarText, mutatedText } from './arbitraries';
import { referenceCheckContexts, referenceChildContext, referenceInferContext } from './reference/contexts';
import { referenceParseNginx } from './reference/parser';

const CONTEXTS: readonly NginxContext[] = [
  'main',
  'http',
  'server',
  'location',
  'if',
  'upstream',
  'stream',
  'stream-upstream',
  'mail',
  'map',
  'geo',
  'types',
  'split_clients',
  'other',
];

interface Listed {
  readonly directive: NginxDirective;
  readonly parent: number;
  nextSibling: number;
  firstChild: number;
}

/** The directives of an object tree in pre-order, with the ids of their relatives. */
function preOrder(file: NginxFile): Listed[] {
  const out: Listed[] = [];
  const stack: { list: readonly NginxDirective[]; index: number; parent: number; previous: number }[] = [
    { list: file.directives, index: 0, parent: NONE, previous: NONE },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.list.length) {
      stack.pop();
      continue;
    }
    const directive = frame.list[frame.index++]!;
    const id = out.length;
    out.push({ directive, parent: frame.parent, nextSibling: NONE, firstChild: NONE });
    if (frame.previous !== NONE) out[frame.previous]!.nextSibling = id;
    else if (frame.parent !== NONE) out[frame.parent]!.firstChild = id;
    frame.previous = id;
    if (directive.block) stack.push({ list: directive.block.children, index: 0, parent: id, previous: NONE });
  }
  return out;
}

/** Every accessor of directive `d` against its object. */
function expectDirectiveAgrees(tree: NginxTree, d: number, listed: Listed): void {
  const o = listed.directive;
  const at = `directive ${d} "${o.name}"`;
  expect(tree.name(d), at).toBe(o.name);
  expect([tree.nameStart(d), tree.nameEnd(d)], at).toEqual([o.nameSpan.start, o.nameSpan.end]);
  expect([tree.start(d), tree.end(d)], at).toEqual([o.span.start, o.span.end]);
  expect(tree.argCount(d), at).toBe(o.args.length);
  o.args.forEach((arg, i) => {
    expect(tree.argValue(d, i), at).toBe(arg.value);
    expect([tree.argStart(d, i), tree.argEnd(d, i)], at).toEqual([arg.span.start, arg.span.end]);
    expect(tree.argQuote(d, i), at).toBe(arg.quote);
    expect(tree.arg(d, i), at).toStrictEqual(arg);
  });
  expect(tree.semicolon(d), at).toBe(o.semicolon ? o.semicolon.start : NONE);
  if (o.semicolon) expect(o.semicolon.end, at).toBe(o.semicolon.start + 1);
  expect(tree.hasBlock(d), at).toBe(o.block !== undefined);
  expect(tree.blockOpen(d), at).toBe(o.block ? o.block.open.start : NONE);
  expect(tree.blockClose(d), at).toBe(o.block?.close ? o.block.close.start : NONE);
  expect(tree.isRawBlock(d), at).toBe(o.block?.raw !== undefined);
  expect(tree.parent(d), at).toBe(listed.parent);
  expect(tree.firstChild(d), at).toBe(listed.firstChild);
  expect(tree.nextSibling(d), at).toBe(listed.nextSibling);
}

/** Every check of the flat tree against the object parser it replaced. */
function expectAgrees(text: string, options: { everySubtree: boolean } = { everySubtree: true }): void {
  const reference = referenceParseNginx(text);
  const parsed = parseNginx(text);
  expect(parsed.syntax).toStrictEqual(reference.syntax);
  expect(parsed.errors.map(({ message, span }) => ({ message, span }))).toStrictEqual(reference.errors);
  const { tree, errors } = parseNginxTree(text);
  // The oracle predates repair suggestions (`insert`); messages and ranges must match exactly.
  expect(errors.map(({ message, span }) => ({ message, span }))).toStrictEqual(reference.errors);
  expect(tree.text).toBe(text);
  expect(tree.comments()).toStrictEqual(reference.syntax.comments);
  const listed = preOrder(reference.syntax);
  expect(tree.count).toBe(listed.length);
  expect(tree.firstRoot).toBe(listed.length > 0 ? 0 : NONE);
  for (let d = 0; d < listed.length; d++) {
    expectDirectiveAgrees(tree, d, listed[d]!);
    if (options.everySubtree || listed[d]!.parent === NONE) expect(tree.directive(d)).toStrictEqual(listed[d]!.directive);
  }
  expect(inferContext(tree)).toBe(referenceInferContext(reference.syntax));
  for (const context of CONTEXTS) {
    expect(checkContexts(tree, context), context).toStrictEqual(referenceCheckContexts(reference.syntax, context));
  }
  for (let d = 0; d < listed.length; d++) {
    if (!tree.hasBlock(d)) continue;
    for (const context of CONTEXTS) {
      expect(childContext(tree, d, context)).toBe(referenceChildContext(listed[d]!.directive, context));
    }
  }
}

describe('flat tree agrees with the object parser', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(grammarText(160), (text) => {
        expectAgrees(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary UTF-16, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expectAgrees(text);
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated corpus files', () => {
    fc.assert(
      fc.property(mutatedText(corpusSeeds()), (text) => {
        expectAgrees(text, { everySubtree: false });
      }),
      { numRuns: 500 },
    );
  });

  it('on generated well-formed configurations', () => {
    fc.assert(
      fc.property(configArbitrary(), ({ text }) => {
        expectAgrees(text);
      }),
      { numRuns: 300 },
    );
  });

  it('on every corpus file', () => {
    for (const text of corpusSeeds()) expectAgrees(text, { everySubtree: false });
  });

  it('on recovery cases: run-on directives, stray braces, unclosed blocks and strings, Lua, a BOM', () => {
    const cases = [
      'http {\n  server {\n    location /a {\n      proxy_pass http://a\n    }\n  }\n}',
      'server {\n  proxy_pass http://a\n  location /b {\n    return 200;\n  }\n}',
      'x a\n  b\n  location /c\n  d {\n}',
      'a \\location\n  location / {}',
      '; { } } a { { b; } c',
      'http {\n  server {\n    return 200 ok}\n',
      'location / { return 200 "abc;\n}\n',
      'content_by_lua_block {\n  ngx.say("}")\n} # after\nx;',
      'access_by_lua_block { -- }\n',
      '\ufeffhttp { }',
      'a; # one\nb { # two\n  c; # three\n} # four\n# own line\nd',
      'if ($a = "b"){return 1;}\nmap $a $b { "" x; default y; k { } }',
      'gzip ON;\ngzip "off";\ngzip o\\n;\ndaemon "on',
    ];
    for (const text of cases) expectAgrees(text);
  });

  it('at the nesting and error limits', () => {
    expectAgrees('a{'.repeat(1500) + '}'.repeat(1500), { everySubtree: false });
    expectAgrees('{'.repeat(1200) + 'x;' + '}'.repeat(5), { everySubtree: false });
    expectAgrees('a {\n'.repeat(1100), { everySubtree: false });
    expectAgrees(';'.repeat(2500), { everySubtree: false });
    // Past the point where the parser drops errors it will not list, the list and the count stay
    // those of a parser that keeps them all.
    expectAgrees('a {\n'.repeat(1100) + '; '.repeat(9000) + '}', { everySubtree: false });
    expectAgrees('; } { "a"b '.repeat(3000), { everySubtree: false });
  });

  it('on a large synthetic configuration', () => {
    expectAgrees(syntheticNginx(200_000), { everySubtree: false });
  });
});

describe('flat tree contract', () => {
  it('numbers directives in pre-order and skips subtrees with nextSibling', () => {
    const text = 'http {\n  upstream u { server a:80; server b:80; }\n  server { listen 80; }\n}\nevents {}';
    const { tree } = parseNginxTree(text);
    const names = Array.from({ length: tree.count }, (_, d) => tree.name(d));
    expect(names).toEqual(['http', 'upstream', 'server', 'server', 'server', 'listen', 'events']);
    expect(tree.nextSibling(1)).toBe(4);
    expect(tree.nextSibling(0)).toBe(6);
    expect(tree.nextSibling(6)).toBe(NONE);
    expect(tree.firstChild(4)).toBe(5);
    expect(tree.firstChild(5)).toBe(NONE);
    expect(tree.firstChild(6)).toBe(NONE);
    expect(tree.parent(5)).toBe(4);
  });

  it('hands out one string per distinct name', () => {
    const { tree } = parseNginxTree('server a;\nserver b;\n"server" c;\nser\\ver d;');
    expect(tree.name(0)).toBe('server');
    expect(tree.name(0)).toBe(tree.name(1));
    expect(tree.name(2)).toBe('server');
    expect(tree.name(3)).toBe('ser\\ver');
  });

  it('still names every directive when a file has more distinct names than the table holds', () => {
    const count = MAX_NAMES + 500;
    const text = Array.from({ length: count }, (_, i) => `n${i} x;`).join('\n');
    const { tree, errors } = parseNginxTree(text);
    expect(errors).toEqual([]);
    expect(tree.count).toBe(count);
    for (const d of [0, 1, MAX_NAMES - 1, MAX_NAMES, count - 1]) expect(tree.name(d)).toBe(`n${d}`);
    expect(checkContexts(tree, 'main')).toEqual([]);
  });

  it('still names every directive when many names share a hash', () => {
    // The name hash reads the length and the first two, middle and last two characters; these
    // names differ elsewhere only, so most of them go past the probe limit.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const names: string[] = [];
    for (const a of letters) for (const b of letters) for (const c of letters.slice(0, 4)) names.push(`xx${a}${b}m${c}zyy`);
    const text = names.map((name) => `${name};`).join('\n');
    const { tree } = parseNginxTree(text);
    expect(tree.count).toBe(names.length);
    for (let d = 0; d < tree.count; d++) expect(tree.name(d)).toBe(names[d]);
  });

  it('materialises one subtree, with its trailing comments, on its own', () => {
    const text = 'a; # a\nhttp { # open\n  b 1 "2"; # b\n  c { d; } # c\n} # http\ne; # e';
    const { tree } = parseNginxTree(text);
    const http = tree.directive(1);
    expect(http.trailingComment?.text).toBe(' http');
    expect(http.block!.children.map((c) => [c.name, c.trailingComment?.text])).toEqual([
      ['b', ' b'],
      ['c', ' c'],
    ]);
    expect(tree.directive(2).args.map((a) => [a.value, a.quote])).toEqual([
      ['1', null],
      ['2', '"'],
    ]);
    expect(tree.directive(4)).toStrictEqual(parseNginx(text).syntax.directives[1]!.block!.children[1]!.block!.children[0]);
  });
});
