/**
 * Mutations of a seed text, each a pure function of the text and a seeded generator: byte flips,
 * truncation, duplicated and deleted lines, random Unicode, NUL, CR/CRLF mixes and deep nesting.
 * The grammar-aware edits of the nginx property tests (`mutatedText`) join as one more mutation.
 */
import fc from 'fast-check';
import { mutatedText } from '../dialects/nginx/arbitraries';
import type { Rng } from './random';

export interface Mutator {
  readonly name: string;
  apply(text: string, r: Rng): string;
}

/** Lines with their own line breaks kept, splitting on LF, CRLF and bare CR alike. */
export function splitLines(text: string): string[] {
  return text.split(/(?<=\r\n|\n|\r(?!\n))/);
}

function spliceAt(text: string, at: number, insert: string, remove = 0): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Flips bits in the UTF-8 bytes and decodes leniently, as a reader of a damaged file would. */
const byteFlip: Mutator = {
  name: 'byte-flip',
  apply(text, r) {
    const bytes = encoder.encode(text);
    if (bytes.length === 0) return text;
    for (let n = 1 + r.int(4); n > 0; n--) bytes[r.int(bytes.length)]! ^= 1 << r.int(8);
    return decoder.decode(bytes);
  },
};

const truncate: Mutator = { name: 'truncate', apply: (text, r) => text.slice(0, r.int(text.length + 1)) };

const duplicateLines: Mutator = {
  name: 'duplicate-lines',
  apply(text, r) {
    const lines = splitLines(text);
    const from = r.int(lines.length);
    const run = lines.slice(from, from + 1 + r.int(6));
    const copies = r.chance(0.1) ? 2 + r.int(50) : 1;
    lines.splice(r.int(lines.length + 1), 0, ...Array.from({ length: copies }, () => run).flat());
    return lines.join('');
  },
};

const deleteLines: Mutator = {
  name: 'delete-lines',
  apply(text, r) {
    const lines = splitLines(text);
    lines.splice(r.int(lines.length), 1 + r.int(4));
    return lines.join('');
  },
};

/** Code points that trouble text handling: astral, lone surrogates, BOM, zero-width, RTL, controls. */
const AWKWARD = ['\ud800', '\udfff', '\ud83d\ude00', '\ufeff', '\u200b', '\u202e', '\u2028', '\u0085', '\u00a0', '\u000b', '\u000c', '\u001b', '\ufffd', 'é', '中'];

const randomUnicode: Mutator = {
  name: 'random-unicode',
  apply(text, r) {
    let out = text;
    for (let n = 1 + r.int(5); n > 0; n--) {
      const unit = r.chance(0.5) ? r.pick(AWKWARD) : String.fromCodePoint(r.int(0x110000));
      out = spliceAt(out, r.int(out.length + 1), unit, r.chance(0.3) ? 1 : 0);
    }
    return out;
  },
};

const nul: Mutator = {
  name: 'nul',
  apply(text, r) {
    let out = text;
    for (let n = 1 + r.int(3); n > 0; n--) out = spliceAt(out, r.int(out.length + 1), '\u0000'.repeat(1 + r.int(3)), r.chance(0.3) ? 1 : 0);
    return out;
  },
};

/** Rewrites some or all line breaks as CR, CRLF or LF: whole-file conversions and mixes. */
const lineEndings: Mutator = {
  name: 'line-endings',
  apply(text, r) {
    const breaks = ['\r', '\r\n', '\n'];
    const whole = r.chance(0.4) ? r.pick(breaks) : undefined;
    return text.replace(/\r\n|\n|\r/g, (found) => whole ?? (r.chance(0.3) ? r.pick(breaks) : found));
  },
};

/** Opens many nested blocks at a line start, closed or not. */
const deepNesting: Mutator = {
  name: 'deep-nesting',
  apply(text, r) {
    const depth = r.chance(0.8) ? 10 + r.int(200) : 1000 + r.int(4000);
    const opener = r.pick(['location / {', 'http {', 'server {', 'if ($a) {', 'upstream u {', '{', 'map $a $b {']);
    const body = r.chance(0.5) ? 'server 10.0.0.1:80;\n' : '';
    const nested = `${opener}\n`.repeat(depth) + body + (r.chance(0.6) ? '}\n'.repeat(depth - r.int(3)) : '');
    const lines = splitLines(text);
    lines.splice(r.int(lines.length + 1), 0, nested);
    return lines.join('');
  },
};

/** The grammar-aware edits of the nginx property tests: deletions, insertions, copies, moves. */
const grammarEdits: Mutator = {
  name: 'grammar-edits',
  apply: (text, r) => fc.sample(mutatedText([text]), { seed: r.int(0x7fffffff), numRuns: 1 })[0]!,
};

export const MUTATORS: readonly Mutator[] = [byteFlip, truncate, duplicateLines, deleteLines, randomUnicode, nul, lineEndings, deepNesting, grammarEdits];

/** One to three mutations in a row; returns the text and the names of the mutations applied. */
export function mutate(text: string, r: Rng): { text: string; mutations: string[] } {
  let out = text;
  const mutations: string[] = [];
  for (let n = 1 + (r.chance(0.3) ? r.int(3) : 0); n > 0; n--) {
    const mutator = r.pick(MUTATORS);
    out = mutator.apply(out, r);
    mutations.push(mutator.name);
  }
  return { text: out, mutations };
}
