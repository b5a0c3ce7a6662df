/**
 * Texts for the nginx property tests: random strings made of the characters that matter to the
 * grammar, public corpus files mutated by a few edits, and generated well-formed configurations.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { lookupDirective } from '../../../server/src/dialects/nginx/directives';
import { corpusAvailable, corpusFiles } from '../../helpers/corpus';

/** Characters that matter to the grammar, weighted heavily, plus letters and awkward code units. */
const HEAVY = ['{', '}', ';', '#', '"', "'", '\\', '$', '\n', ' ', '\t', '\r', '(', ')'];
const LIGHT = ['a', 'b', 'x', 'location', 'server', 'upstream', 'if', '_by_lua_block', 'content_by_lua_block', '[[', ']]', '--', '-', '=', '\u0000', '\ud800', '\udfff', '\u00e9', '\ufeff'];
export const unit = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HEAVY) }, { weight: 2, arbitrary: fc.constantFrom(...LIGHT) });

/** Random text of grammar-heavy units. */
export function grammarText(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit, maxLength });
}

/** Corpus files to mutate, or a few built-in samples when the corpus is not beside the clone. */
export function corpusSeeds(): string[] {
  const builtIn = [
    'http {\n  upstream u {\n    server a:80 weight=5; # primary\n    server b:80 backup;\n  }\n  server {\n    listen 80;\n    location / { proxy_pass http://u; }\n  }\n}\n',
    'location / {\n  content_by_lua_block {\n    ngx.say("{")\n  }\n  if ($a = "b") { return 403; }\n}\n',
    "map $a $b {\n  '' x;\n  default \"y z\";\n}\nsplit_clients $c $d { 50% a; * b; }\n",
  ];
  if (!corpusAvailable()) return builtIn;
  const files = ['crossplane', 'nginx', 'nginx-tests'].flatMap((sub) => corpusFiles(sub));
  return [...builtIn, ...files.map((file) => readFileSync(file, 'utf8'))];
}

const editArb = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate', 'swap'),
  a: fc.double({ min: 0, max: 1, noNaN: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true }),
  c: fc.double({ min: 0, max: 1, noNaN: true }),
  chunk: fc.string({ unit, maxLength: 8 }),
});

/** One of `seeds` after one to six random edits (deletions, insertions, copies, moves). */
export function mutatedText(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(editArb, { minLength: 1, maxLength: 6 })).map(([seed, edits]) => {
    let text = seed;
    for (const { kind, a, b, c, chunk } of edits) {
      const at = (f: number) => Math.floor(f * text.length);
      const [from, to] = [at(a), at(b)].sort((x, y) => x - y) as [number, number];
      const span = text.slice(from, Math.min(to, from + 40));
      if (kind === 'delete') text = text.slice(0, from) + text.slice(from + span.length);
      else if (kind === 'insert') text = text.slice(0, from) + chunk + text.slice(from);
      else if (kind === 'duplicate') text = text.slice(0, at(c)) + span + text.slice(at(c));
      else {
        const other = at(c);
        const rest = text.slice(0, from) + text.slice(from + span.length);
        const where = Math.min(other, rest.length);
        text = rest.slice(0, where) + span + rest.slice(where);
      }
    }
    return text;
  });
}

/* Well-formed configurations, with the tokens they were written from. */

export interface Generated {
  readonly text: string;
  /** For every directive in document order: the name and arguments as written. */
  readonly tokens: string[][];
}

const isBlockName = (word: string): boolean => lookupDirective(word)?.some((use) => use.block) ?? false;

const nameArb = fc
  .stringMatching(/^[a-z][a-z0-9_]{0,12}$/)
  .filter((name) => !name.endsWith('_by_lua_block'));
const bareArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_.:/=~*^@%+,!-]{1,14}$/).filter((word) => !isBlockName(word)),
  fc.stringMatching(/^[a-z]{1,6}$/).map((v) => `/\${${v}}.html`),
  fc.stringMatching(/^[a-z]{1,6}$/).map((v) => `$${v}`),
  fc.constantFrom('a\\;b', '\\{x\\}', 'p\\ q', '\\#not-a-comment', 'a#b', 'mid"quote"', 'x}y'),
);
const quotedArb = fc.oneof(
  fc.stringMatching(/^[^"\\]{0,16}$/).map((s) => `"${s}"`),
  fc.stringMatching(/^[^'\\]{0,16}$/).map((s) => `'${s}'`),
  fc.constantFrom('"a\\"b"', "'it\\'s'", '"tab\\there"', '"{ ; # }"', '"multi\nline"'),
);
const argArb = fc.oneof({ weight: 3, arbitrary: bareArb }, { weight: 1, arbitrary: quotedArb });
const gapArb = fc.constantFrom(' ', '  ', '\t', ' \n  ', '\r\n ');
const commentArb = fc.constantFrom('', '', ' # note', '\n# own line', ' #');

type Node = { name: string; args: string[]; gaps: string[]; comment: string; children: Node[] | null };

export function configArbitrary(): fc.Arbitrary<Generated> {
  const { node } = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.record({
      name: nameArb,
      args: fc.array(argArb, { maxLength: 4 }),
      gaps: fc.array(gapArb, { minLength: 5, maxLength: 5 }),
      comment: commentArb,
      children: fc.option(fc.array(tie('node'), { maxLength: 3 }), { freq: 3, depthIdentifier: 'tree' }),
    }),
  }));
  return fc.array(node, { maxLength: 6 }).map((nodes) => render(nodes));
}

function render(nodes: readonly Node[]): Generated {
  const tokens: string[][] = [];
  let text = '';
  const emit = (list: readonly Node[], indent: string): void => {
    for (const n of list) {
      tokens.push([n.name, ...n.args]);
      text += indent + n.name;
      n.args.forEach((arg, i) => {
        text += n.gaps[i % n.gaps.length] + arg;
      });
      if (n.children === null) {
        text += ';';
      } else {
        text += ' {\n';
        emit(n.children, `${indent}  `);
        text += `${indent}}`;
      }
      text += `${n.comment}\n`;
    }
  };
  emit(nodes, '');
  return { text, tokens };
}
