/**
 * The lexer reads the text as bytes through a window that slides forward (lex-window.ts). Tokens
 * must come out exactly as the string-reading lexer it replaced gives them (kept as the oracle in
 * ./lexer-reference.ts), wherever the window's edges fall: with windows of a few characters every
 * kind of token (words, names the trie knows, quoted strings, escapes, `${`, comments, Lua bodies)
 * crosses an edge somewhere. Non-ASCII characters must read as ordinary word characters, never as
 * the ASCII character their low byte is.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticNginx, typicalNginx } from '../../../bench/generate';
import { setLexWindowSize } from '../../../server/src/dialects/nginx/lex-window';
import { NginxLexer, TOKEN_EOF } from '../../../server/src/dialects/nginx/lexer';
import { parseNginx } from '../../../server/src/dialects/nginx/parser';
import type { NginxSyntaxError } from '../../../server/src/dialects/nginx/syntax';
import { configArbitrary, corpusSeeds, grammarText, mutatedText } from './arbitraries';
import { NginxLexer as ReferenceLexer } from './lexer-reference';
import { referenceParseNginx } from './reference/parser';

const DEFAULT_SIZE = setLexWindowSize(1 << 14);
afterEach(() => {
  setLexWindowSize(DEFAULT_SIZE);
});

type Lexer = Pick<NginxLexer, 'next' | 'start' | 'end' | 'newlineBefore' | 'quote' | 'closed' | 'escaped' | 'strayBrace'>;

/** Every token with every field the parser reads, and the errors, from one lexer. */
function tokens(make: (errors: NginxSyntaxError[]) => Lexer): { list: number[][]; errors: NginxSyntaxError[] } {
  const errors: NginxSyntaxError[] = [];
  const lexer = make(errors);
  const list: number[][] = [];
  for (let kind = lexer.next(); kind !== TOKEN_EOF; kind = lexer.next()) {
    const word = kind === 1 ? [lexer.quote, Number(lexer.closed), Number(lexer.escaped), lexer.strayBrace] : [];
    list.push([kind, lexer.start, lexer.end, Number(lexer.newlineBefore), ...word]);
  }
  return { list, errors };
}

function expectSameTokens(text: string): void {
  const product = tokens((errors) => new NginxLexer(text, errors));
  const reference = tokens((errors) => new ReferenceLexer(text, errors));
  expect(product).toStrictEqual(reference);
}

function expectSameParse(text: string): void {
  const reference = referenceParseNginx(text);
  const parsed = parseNginx(text);
  expect(parsed.syntax).toStrictEqual(reference.syntax);
  expect(parsed.errors.map(({ message, span }) => ({ message, span }))).toStrictEqual(reference.errors);
}

/** Characters whose low byte is one the grammar cares about: ";", "{", "}", "#", '"', "\\", " ". */
const DISGUISED = ['\u013b', '\u017b', '\u017d', '\u0123', '\u0122', '\u015c', '\u0120', '\u010a', '\ud83d\ude00', '\u00e9'];

describe('nginx lexer: reading through a window', () => {
  for (const size of [1, 2, 3, 7]) {
    it(`gives the reference tokens and tree with a window of ${size}`, () => {
      setLexWindowSize(size);
      const seeds = corpusSeeds();
      fc.assert(
        fc.property(fc.oneof(grammarText(160), mutatedText(seeds), configArbitrary().map((g) => g.text)), (text) => {
          expectSameTokens(text);
          expectSameParse(text);
        }),
        { numRuns: 300 },
      );
      expectSameParse(typicalNginx(20_000));
    });
  }

  it('reads non-ASCII characters as word characters, wherever they fall', () => {
    const text = DISGUISED.map((c, i) => `na${c}me${i} a${c}b "q${c}" '${c}' ${c}x${c};\n# ${c} comment\n${c}${c} { x; }\n`).join('');
    for (const size of [1, 2, 5, 1 << 14]) {
      setLexWindowSize(size);
      expectSameTokens(text);
      expectSameParse(text);
      const { syntax, errors } = parseNginx(text);
      expect(errors).toEqual([]);
      expect(syntax.directives.map((d) => d.name)).toEqual(DISGUISED.flatMap((c, i) => [`na${c}me${i}`, `${c}${c}`]));
    }
  });

  it('gives the reference tokens on texts of arbitrary UTF-16 and on large configurations', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expectSameTokens(text);
      }),
      { numRuns: 300 },
    );
    expectSameTokens(syntheticNginx(100_000));
    expectSameParse(syntheticNginx(100_000));
  });
});
