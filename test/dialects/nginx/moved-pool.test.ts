/**
 * An edit inside one upstream lowers that upstream again and nothing else (moved-pool.ts,
 * incremental-lower.ts): the pools before it are the previous version's objects, the pools after
 * it are views of the lowered pools that read the same as a fresh lowering, and however many
 * blocks are edited in turn, the pools read from a bounded number of tree versions (each holds a
 * whole text), not one per edited block.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../../server/src/engine/analyze';
import type { NginxIncrementalState } from '../../../server/src/dialects/nginx/lower';
import { MovedNginxPool, poolTree } from '../../../server/src/dialects/nginx/moved-pool';
import { NginxPool } from '../../../server/src/dialects/nginx/upstream-pool';

const PATH = '/etc/nginx/nginx.conf';
const UPSTREAMS = 12;
const TEXT = `http {\n${Array.from(
  { length: UPSTREAMS },
  (_, i) => `    upstream u${i} {\n        hash $request_uri consistent;\n        server 10.0.${i}.1:80 weight=${i + 1} max_fails=0;\n        server 10.0.${i}.2:80;\n        zone u${i} 64k;\n    }\n`,
).join('')}}\n`;

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

/** Everything a rule, a hover or a fix reads of a pool. */
function view(report: FileReport): unknown {
  return report.model!.pools.map((pool) =>
    plain({
      key: pool.key,
      loc: pool.loc,
      nameLoc: pool.nameLoc,
      algorithm: pool.algorithm,
      algorithmText: pool.algorithmText,
      algorithmLoc: pool.algorithmLoc,
      hash: pool.hash,
      facts: pool.facts,
      health: pool.health,
      members: pool.members,
    }),
  );
}

/** The text with `insert` written at the start of upstream `i`'s first server line. */
function typeIn(text: string, i: number, insert: string): string {
  const at = text.indexOf(`server 10.0.${i}.1:80`);
  return text.slice(0, at) + insert + text.slice(at);
}

function analyse(text: string, previous?: FileReport): FileReport {
  return analyzeFile({ path: PATH, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}) });
}

/** What a rule that spreads a pool and its members (`{ ...pool, members }`, unbalanced-ring.ts) reads of them. */
function spread(report: FileReport): unknown {
  return report.model!.pools.map((pool) => {
    const copy = { ...pool, members: pool.members };
    return plain({
      ...[copy.key, copy.name, copy.dialect, copy.kind, copy.context, copy.algorithm, copy.hash],
      members: copy.members.map((member) => {
        const m = { ...member };
        return [m.address, m.weight, m.weightExplicit, m.role, m.state, m.peers, m.resolvesByName, m.resolveParam, m.limits];
      }),
    });
  });
}

describe('nginx pools moved by an edit', () => {
  it('keeps the pools before the edit, moves those after it as views that read as a fresh lowering', () => {
    const first = analyse(TEXT);
    const text = typeIn(TEXT, 5, '  ');
    const next = analyse(text, first);
    expect((next.memo?.analysis.incremental as NginxIncrementalState).lowered).toBe('block');
    const pools = next.model!.pools;
    for (let i = 0; i < 5; i++) expect(pools[i]).toBe(first.model!.pools[i]);
    expect(pools[5]).toBeInstanceOf(NginxPool);
    expect(pools[5]).not.toBe(first.model!.pools[5]);
    for (let i = 6; i < UPSTREAMS; i++) expect(pools[i]).toBeInstanceOf(MovedNginxPool);
    expect(view(next)).toEqual(view(analyse(text)));
    expect(spread(next)).toEqual(spread(analyse(text)));
    // Moving a view again makes a view of the lowered pool, not a view of a view.
    const again = analyse(typeIn(text, 5, ' '), next);
    const moved = again.model!.pools[8] as MovedNginxPool;
    expect(moved.origin).toBe((first.model!.pools[8] as NginxPool));
    expect(moved.shift).toBe(3);
    expect(view(again)).toEqual(view(analyse(typeIn(text, 5, ' '))));
    // Typed, then deleted: the pools after the edit are back where they were lowered, as themselves.
    const back = analyse(TEXT, again);
    for (let i = 6; i < UPSTREAMS; i++) expect(back.model!.pools[i]).toBe(first.model!.pools[i]);
    expect(view(back)).toEqual(view(first));
  });

  it('reads from a bounded number of tree versions when edits go from block to block', () => {
    let text = TEXT;
    let report = analyse(text);
    let trees = 0;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < UPSTREAMS; i++) {
        text = typeIn(text, i, ' ');
        report = analyse(text, report);
        const distinct = new Set(report.model!.pools.map((pool) => poolTree(pool as NginxPool | MovedNginxPool)));
        trees = Math.max(trees, distinct.size);
        expect(view(report)).toEqual(view(analyse(text)));
      }
    }
    expect(trees).toBeGreaterThan(1);
    expect(trees).toBeLessThanOrEqual(4);
  });
});
