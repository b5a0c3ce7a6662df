/**
 * The lexer names the directive names it has seen before by their bytes (lex-name-index.ts).
 * A name the index answers must be exactly the word nginx reads: never a longer or shorter word
 * that shares its characters, never a word with an escape, `$`, `}`, quote or non-ASCII
 * character, and never different from what the name table alone would give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NameIndex } from '../../../server/src/dialects/nginx/lex-name-index';
import { NginxLexer, TOKEN_EOF, TOKEN_WORD } from '../../../server/src/dialects/nginx/lexer';
import { parseNginxTree } from '../../../server/src/dialects/nginx/parser';
import type { NginxTree } from '../../../server/src/dialects/nginx/tree';
import { parseNginxBlockBody } from '../../../server/src/dialects/nginx/tree-parser';
import { DIRECTIVE_STRIDE, INFO, NameTable } from '../../../server/src/dialects/nginx/tree-store';
import { configArbitrary, corpusSeeds, mutatedText } from './arbitraries';

/**
 * Every directive's name as the tree gives it, and as its written span reads; a name written in
 * quotes or with a backslash reads as the tree gives it (the index never sees those words).
 */
function namesOf(tree: NginxTree): { given: string[]; written: string[] } {
  const given: string[] = [];
  const written: string[] = [];
  for (let d = 0; d < tree.count; d++) {
    const name = tree.name(d);
    const raw = tree.text.slice(tree.nameStart(d), tree.nameEnd(d));
    given.push(name);
    written.push(/^["']|\\/.test(raw) ? name : raw);
  }
  return { given, written };
}

/** Directives with the same name have the same id, and different names different ids. */
function idsAgreeWithNames(tree: NginxTree & { nameId(d: number): number }): void {
  const idOf = new Map<string, number>();
  const nameOfId = new Map<number, string>();
  for (let d = 0; d < tree.count; d++) {
    const id = tree.nameId(d);
    if (id < 0) continue;
    const name = tree.name(d);
    expect(idOf.get(name) ?? id).toBe(id);
    expect(nameOfId.get(id) ?? name).toBe(name);
    idOf.set(name, id);
    nameOfId.set(id, name);
  }
}

describe('nginx lexer: names recognised while scanning', () => {
  it('gives a known name only to the very same word', () => {
    const text = [
      'proxy_pass a;',
      'proxy_pass} b;',
      'proxy c;',
      'proxy_pass_header d;',
      'proxy_pass{ }',
      'proxy_pass\\; e;',
      'proxy_pass$x f;',
      'proxy_passé g;',
      '"proxy_pass" h;',
      'proxy_pass\ti;',
      'proxy_pass\r\nj;',
      'proxy_pass',
    ].join('\n');
    const { tree } = parseNginxTree(text);
    expect(namesOf(tree).given).toEqual([
      'proxy_pass',
      'proxy_pass}',
      'proxy',
      'proxy_pass_header',
      'proxy_pass',
      'proxy_pass\\;',
      'proxy_pass$x',
      'proxy_passé',
      'proxy_pass',
      'proxy_pass',
      'proxy_pass',
      'proxy_pass',
    ]);
    idsAgreeWithNames(tree as never);
  });

  it('reports what the index knows for a bare word, and nothing for any other word', () => {
    const text = 'server x; serve server_name server} "server" server\\x server';
    const table = new NameTable();
    const index = new NameIndex();
    const id = table.internSpan(text, 0, 6);
    index.add(text, 0, 6, id);
    const lexer = new NginxLexer(text, [], 0, index);
    const seen: [string, number][] = [];
    for (let kind = lexer.next(); kind !== TOKEN_EOF; kind = lexer.next()) {
      if (kind !== TOKEN_WORD) continue;
      lexer.expectName = true;
      seen.push([lexer.value(), lexer.nameId]);
      lexer.nameId = -7;
    }
    // Every word was scanned before expectName was set for the next one; the first word is read
    // without it, so it says nothing (-1 as constructed).
    expect(seen.map(([word]) => word)).toEqual(['server', 'x', 'serve', 'server_name', 'server}', 'server', 'server\\x', 'server']);
    expect(seen.slice(1).map(([, found]) => found)).toEqual([-1, -1, -1, -1, -7, -1, id]);
  });

  it('finds a known name of any length, wherever it lies in the window', () => {
    // Lengths 1 to 9 end a name on every byte of a 32-bit word; the offsets shift it in the window.
    const names = ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'abcdefghi'];
    for (const pad of ['', ' ', '  ', '   ']) {
      const text = names.map((name) => `${pad}${name} x;`).join('\n');
      const table = new NameTable();
      const index = new NameIndex();
      let at = 0;
      const ids = names.map((name) => {
        const start = text.indexOf(name + ' ', at);
        at = start + name.length;
        const id = table.internSpan(text, start, at);
        index.add(text, start, at, id);
        return id;
      });
      const lexer = new NginxLexer(text, [], 0, index);
      const found: number[] = [];
      lexer.expectName = true;
      for (let kind = lexer.next(); kind !== TOKEN_EOF; kind = lexer.next()) {
        if (kind !== TOKEN_WORD) continue;
        if (lexer.expectName) found.push(lexer.nameId);
        lexer.expectName = !lexer.expectName;
      }
      expect(found).toEqual(ids);
    }
  });

  it('tells apart names that share their length and the characters the index hashes', () => {
    // Same length, first two, middle and last two characters: one hash, told apart by the bytes.
    // Past 12 characters the first, middle and last four (the words the index hashes and compares
    // first) leave characters out: 'abcdefgh1ijkl' differs only at 8, the 16-character ones only
    // at 4-5 or 10-11, so they are told apart by the rest of their bytes.
    const names = ['proxy_read_timeout', 'proxy_send_timeout', 'proxy_xxxd_timeout', 'abcde', 'abXde', 'ab', 'aB',
      'abcdefgh1ijkl', 'abcdefgh2ijkl', 'abcd11efgh22ijkl', 'abcd33efgh22ijkl', 'abcd11efgh44ijkl'];
    const text = [...names, ...names, ...names.slice().reverse()].map((name) => `${name} x;`).join('\n');
    const { tree } = parseNginxTree(text);
    const { given, written } = namesOf(tree);
    expect(given).toEqual(written);
    idsAgreeWithNames(tree as never);
    expect(new Set(Array.from({ length: tree.count }, (_, d) => (tree as never as { nameId(d: number): number }).nameId(d))).size).toBe(names.length);
  });

  it('names every directive right when there are more names than the index holds', () => {
    // 6,000 names of 12 characters are more than the index keeps (4,096).
    const names = Array.from({ length: 6000 }, (_, i) => `n${String(i * 7919).padStart(11, 'q')}`);
    const text = [...names, ...names.reverse()].map((name) => `${name} x;`).join('\n');
    const { tree } = parseNginxTree(text);
    const { given, written } = namesOf(tree);
    expect(given).toEqual(written);
    idsAgreeWithNames(tree as never);
  });

  it('re-reads a block body with the names of the parse it continues', () => {
    const text = 'http {\n  upstream a { server 10.0.0.1; server_name x; }\n  server { listen 80; }\n}\n';
    const { tree } = parseNginxTree(text);
    const flat = tree as unknown as { nameTable: NameTable; nameId(d: number): number };
    const open = text.indexOf('{') + 1;
    const body = parseNginxBlockBody(text, open, 1, flat.nameTable);
    for (let d = 0; d < body.directives.count; d++) {
      const info = body.directives.data[d * DIRECTIVE_STRIDE + INFO]!;
      expect((info >>> 8) - 1).toBe(flat.nameId(d + 1));
    }
  });

  it('gives the names the written words have, on generated and mutated texts', () => {
    fc.assert(
      fc.property(fc.oneof(configArbitrary().map((g) => g.text), mutatedText(corpusSeeds())), (text) => {
        const { tree } = parseNginxTree(text);
        const { given, written } = namesOf(tree);
        expect(given).toEqual(written);
        idsAgreeWithNames(tree as never);
      }),
      { numRuns: 300 },
    );
  });
});
