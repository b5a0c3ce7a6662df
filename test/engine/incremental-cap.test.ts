/**
 * Invariant 13 where the finding cap applies: with more than MAX_FINDINGS_PER_RULE findings of a
 * rule, the engine sorts and caps the carried findings where their pools are now and moves only
 * the ones it lists (gathered-findings.ts). After random edit sequences (each moving every pool
 * after it), the listed findings, the summaries and their counts equal a fresh analysis, and
 * findings of pools that stayed put are the objects the previous version listed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Finding } from '../../server/src/core/finding';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/engine/finding-cap';

const ROOT = '/etc/nginx/nginx.conf';

/** 140 upstreams, each with a skewed weight, a duplicate member and a member named by a line-free message. */
function manyPools(): string {
  const pools = Array.from(
    { length: 140 },
    (_, i) =>
      `    upstream pool${i} {\n        server 10.0.${i}.1:80 weight=${20 + (i % 7)};\n        server 10.0.${i}.2:80;\n        server 10.0.${i}.2:80;\n        server 10.0.${i}.3:80;\n    }\n`,
  );
  const uses = Array.from({ length: 140 }, (_, i) => `        location /p${i} { proxy_pass http://pool${i}; }\n`);
  return `http {\n${pools.join('')}    server {\n        listen 80;\n${uses.join('')}    }\n}\n`;
}

const SEED = manyPools();

/** Edits inside an upstream block (re-read alone) or between blocks, that move what follows. */
const editArb = fc.record({
  at: fc.integer({ min: 0, max: 999 }).map((n) => n / 1000),
  insert: fc.constantFrom(' ', '\n', '  ', 'x', '# note\n', 'server 10.9.9.9:80;\n', ''),
  remove: fc.integer({ min: 0, max: 3 }),
});

function applyEdit(text: string, edit: { at: number; insert: string; remove: number }): string {
  // Edits land at line starts, so most stay inside one block's body.
  const at = text.lastIndexOf('\n', Math.floor(edit.at * text.length)) + 1;
  return text.slice(0, at) + edit.insert + text.slice(Math.min(text.length, at + edit.remove));
}

const plain = (findings: readonly Finding[]): unknown => JSON.parse(JSON.stringify(findings)) as unknown;

describe('invariant 13 with capped rules', () => {
  it('lists, caps and counts the same findings as a fresh analysis after random edits', () => {
    const first = analyzeFile({ path: ROOT, text: SEED }, noIncludes, { dialect: 'nginx' });
    // The seed must be over the cap for the property to mean anything.
    expect(first.findings.some((f) => (f.count ?? 1) > 1)).toBe(true);
    expect(first.findings.filter((f) => f.rule === 'weight-skew')).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    let kept = 0;
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 8 }), (edits) => {
        let text = SEED;
        let previous: FileReport = first;
        for (const edit of edits) {
          text = applyEdit(text, edit);
          const incremental = analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', previous });
          const fresh = analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx' });
          expect(plain(incremental.findings)).toEqual(plain(fresh.findings));
          // Carried findings are listed as the same objects while their pool stays put.
          const earlier = new Set(previous.findings);
          kept += incremental.findings.filter((f) => earlier.has(f)).length;
          previous = incremental;
        }
      }),
      { numRuns: 40, seed: 7 },
    );
    expect(kept).toBeGreaterThan(0);
  });
});
