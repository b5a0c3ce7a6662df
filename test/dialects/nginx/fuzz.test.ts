/**
 * Property tests: the parser never throws and its spans stay sound for any input (random text,
 * mutated corpus files), and a generated well-formed configuration parses without errors into
 * exactly the tokens that were written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkContexts, inferContext } from '../../../server/src/dialects/nginx/contexts';
import { parseNginx, parseNginxTree } from '../../../server/src/dialects/nginx/parser';
import type { NginxContext } from '../../../server/src/dialects/nginx/syntax';
import { configArbitrary, corpusSeeds, grammarText, mutatedText } from './arbitraries';
import { allDirectives, spanViolation } from './helpers';

const CONTEXTS: readonly NginxContext[] = ['main', 'http', 'server', 'location', 'if', 'upstream', 'stream', 'map', 'other'];

/** Parses and checks in every context; fails the property on a throw or an unsound span. */
function assertSound(text: string): void {
  const result = parseNginx(text);
  const problem = spanViolation(result);
  if (problem !== undefined) throw new Error(`${problem} in ${JSON.stringify(text)}`);
  const { tree } = parseNginxTree(text);
  inferContext(tree);
  for (const context of CONTEXTS) {
    for (const error of checkContexts(tree, context)) {
      if (!(0 <= error.span.start && error.span.start <= error.span.end && error.span.end <= text.length)) {
        throw new Error(`context error span out of range in ${JSON.stringify(text)}`);
      }
    }
  }
}

describe('nginx parser properties', () => {
  it('never throws and keeps every span sound on random text', () => {
    fc.assert(
      fc.property(grammarText(120), (text) => {
        assertSound(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on arbitrary UTF-16, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        assertSound(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated corpus files', () => {
    fc.assert(
      fc.property(mutatedText(corpusSeeds()), (text) => {
        assertSound(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('parses generated well-formed configurations without errors, token for token', () => {
    fc.assert(
      fc.property(configArbitrary(), ({ text, tokens }) => {
        const result = parseNginx(text);
        expect(result.errors).toEqual([]);
        expect(spanViolation(result)).toBeUndefined();
        const parsed = allDirectives(result.syntax).map((d) => [
          text.slice(d.nameSpan.start, d.nameSpan.end),
          ...d.args.map((a) => text.slice(a.span.start, a.span.end)),
        ]);
        expect(parsed).toEqual(tokens);
        for (const d of allDirectives(result.syntax)) {
          for (const arg of d.args) {
            if (arg.quote === null && !arg.value.includes('\\')) expect(arg.value).toBe(text.slice(arg.span.start, arg.span.end));
            if (arg.quote !== null) expect(text.slice(arg.span.start, arg.span.end)).toBe(`${arg.quote}${rawQuoted(text, arg.span)}${arg.quote}`);
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

function rawQuoted(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start + 1, span.end - 1);
}
