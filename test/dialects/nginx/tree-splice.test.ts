/**
 * The incremental re-parse gives the tree a parse of the whole new text gives: every directive's
 * fields, every argument, every comment and every error, after random edits to realistic configs.
 * When the splice declines (an edit that touches braces, an unclosed block), nothing is checked:
 * the caller parses the whole text then.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlatNginxTree } from '../../../server/src/dialects/nginx/tree-parser';
import { spliceTree } from '../../../server/src/dialects/nginx/tree-splice';
import { CONFIGS, editSequenceArb, applyEdit } from '../../engine/edit-arbitraries';
import { dumpTree as dump } from './tree-dump';

describe('tree splice', () => {
  it('equals a full parse after any edit sequence', () => {
    let spliced = 0;
    fc.assert(
      fc.property(fc.constantFrom(...CONFIGS), editSequenceArb, (seed, edits) => {
        let text = seed;
        let { tree, errors } = parseFlatNginxTree(text);
        for (const edit of edits) {
          const next = applyEdit(text, edit);
          const result = spliceTree(tree, errors, next.text, next.change);
          const full = parseFlatNginxTree(next.text);
          if (result) {
            spliced++;
            expect(dump(result.tree)).toEqual(dump(full.tree));
            expect(result.errors).toEqual(full.errors);
            tree = result.tree;
            errors = result.errors;
          } else {
            tree = full.tree;
            errors = full.errors;
          }
          text = next.text;
        }
      }),
      { numRuns: 400, seed: 13 },
    );
    // The property must exercise the splice, not only the fallback.
    expect(spliced).toBeGreaterThan(1000);
  });
});
