/**
 * The spliced tree is a view: typing in one block reads the first tree's stores instead of copying
 * them on every keystroke, an edit in another block copies once, and every view answers what a
 * parse of the whole new text gives (fields, arguments, comments, the object tree, the directives
 * of a name).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlatNginxTree } from '../../../server/src/dialects/nginx/flat-tree';
import { parseFlatNginxTree } from '../../../server/src/dialects/nginx/tree-parser';
import { spliceTree } from '../../../server/src/dialects/nginx/tree-splice';
import { SplicedNginxTree } from '../../../server/src/dialects/nginx/tree-spliced';
import type { NginxSyntaxError } from '../../../server/src/dialects/nginx/syntax';
import { CONFIGS } from '../../engine/edit-arbitraries';
import { dumpTree } from './tree-dump';

interface Version {
  readonly text: string;
  readonly tree: FlatNginxTree;
  readonly errors: readonly NginxSyntaxError[];
}

/** `text` with `length` characters at `at` replaced by `typed`, re-parsed by splicing when it can be. */
function edit(previous: Version, at: number, length: number, typed: string): Version & { readonly spliced: boolean } {
  const text = previous.text.slice(0, at) + typed + previous.text.slice(at + length);
  const change = { start: at, oldEnd: at + length, newEnd: at + typed.length };
  const result = spliceTree(previous.tree, previous.errors, text, change);
  const full = parseFlatNginxTree(text);
  if (!result) return { text, tree: full.tree, errors: full.errors, spliced: false };
  expect(dumpTree(result.tree)).toEqual(dumpTree(full.tree));
  expect(result.tree.rootDirectives()).toEqual(full.tree.rootDirectives());
  expect(result.errors).toEqual(full.errors);
  for (const name of ['include', 'server']) expect([...result.tree.directivesNamed(name)]).toEqual([...full.tree.directivesNamed(name)]);
  return { text, tree: result.tree, errors: result.errors, spliced: true };
}

function parsed(text: string): Version {
  return { text, ...parseFlatNginxTree(text) };
}

const MAIN = CONFIGS[0]!;

describe('spliced nginx tree', () => {
  it('reads the first tree’s stores while typing in one block, instead of copying them', () => {
    const first = parsed(MAIN);
    const at = MAIN.indexOf('weight=5') + 'weight=5'.length;
    let version: Version = first;
    const typed = ' max_conns=100 # cap';
    for (let i = 0; i < typed.length; i++) {
      const next = edit(version, at + i, 0, typed[i]!);
      expect(next.spliced).toBe(true);
      expect(next.tree.store.directives).toBe(first.tree.store.directives);
      expect(next.tree.store.args).toBe(first.tree.store.args);
      expect((next.tree as SplicedNginxTree).base).toBe(first.tree);
      version = next;
    }
    for (let i = typed.length; i > 0; i--) {
      version = edit(version, at + i - 1, 1, '');
      expect((version.tree as SplicedNginxTree).base).toBe(first.tree);
    }
    expect(version.text).toBe(MAIN);
  });

  it('keeps its base when the next edit is in a block around the last one, and copies once for another block', () => {
    const first = parsed(MAIN);
    const inLocation = MAIN.indexOf('proxy_pass http://auth;');
    const location = edit(first, inLocation, 0, ' ');
    expect((location.tree as SplicedNginxTree).base).toBe(first.tree);
    // Between two locations of the same server: the server's body holds the location's.
    const inServer = location.text.indexOf('        location /old');
    const server = edit(location, inServer, 0, 'x');
    expect((server.tree as SplicedNginxTree).base).toBe(first.tree);
    // Another upstream: the view is copied into a flat tree once, and typing there reads the copy.
    const inCache = server.text.indexOf('weight=40') + 'weight=4'.length;
    const cache = edit(server, inCache, 0, '1');
    const copy = (cache.tree as SplicedNginxTree).base;
    expect(copy).not.toBe(first.tree);
    expect(copy).not.toBeInstanceOf(SplicedNginxTree);
    expect(dumpTree(copy)).toEqual(dumpTree(parseFlatNginxTree(server.text).tree));
    const again = edit(cache, inCache + 1, 0, '2');
    expect((again.tree as SplicedNginxTree).base).toBe(copy);
  });

  it('reads only the siblings around an edit between the children of a block, not the whole block', () => {
    const first = parsed(MAIN);
    const http = MAIN.indexOf('http {');
    const cases = [
      // An upstream's name: the upstream alone is read and lowered again.
      { at: MAIN.indexOf('upstream cache') + 'upstream cache'.length, typed: 'd', unit: 'upstream' },
      // A comment between two upstreams: the upstream before it is read again with it.
      { at: MAIN.indexOf('\n', MAIN.indexOf('upstream unused')) + 1, typed: '    # spare\n', unit: 'http' },
      // A space in the indentation before a block: nothing is read, the block after it only moved.
      { at: MAIN.indexOf('    server {'), typed: ' ', unit: 'server' },
    ];
    for (const { at, typed, unit } of cases) {
      const text = MAIN.slice(0, at) + typed + MAIN.slice(at);
      const change = { start: at, oldEnd: at, newEnd: at + typed.length };
      const result = spliceTree(first.tree, first.errors, text, change)!;
      expect(result).toBeDefined();
      expect(dumpTree(result.tree)).toEqual(dumpTree(parseFlatNginxTree(text).tree));
      expect(result.tree.name(result.block)).toBe(unit);
      // A few lines, not the whole http block.
      expect(result.reread.start).toBeGreaterThan(http + 10);
      expect(result.reread.end - result.reread.start).toBeLessThan(600);
    }
  });

  it('equals a full parse while a cursor types, deletes and jumps', () => {
    // fc.double leans to the ends of its range; a place in the text should not.
    const fraction = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);
    // Mostly words, spaces, semicolons and line breaks; now and then a brace, a quote or a comment
    // start, after which a file often stays unbalanced and is parsed whole.
    const typing = fc.oneof(
      { weight: 12, arbitrary: fc.record({ kind: fc.constant('type' as const), text: fc.constantFrom('x', ' ', ';', '\n', '9', '=', 'weight=3', 'server a:80;', 'include a.conf;') }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('type' as const), text: fc.constantFrom('#', '{', '}', '"') }) },
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('delete' as const), length: fc.integer({ min: 1, max: 3 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('jump' as const), at: fraction }) },
    );
    let reused = 0;
    let spliced = 0;
    fc.assert(
      fc.property(fc.constantFrom(...CONFIGS), fraction, fc.array(typing, { minLength: 1, maxLength: 30 }), (seed, start, steps) => {
        let version: Version = parsed(seed);
        let cursor = Math.floor(start * seed.length);
        for (const step of steps) {
          const before = version.tree;
          let next;
          if (step.kind === 'jump') {
            cursor = Math.floor(step.at * version.text.length);
            continue;
          } else if (step.kind === 'type') {
            next = edit(version, cursor, 0, step.text);
            cursor += step.text.length;
          } else {
            const length = Math.min(step.length, cursor);
            next = edit(version, cursor - length, length, '');
            cursor -= length;
          }
          if (next.spliced) spliced++;
          if (before instanceof SplicedNginxTree && next.tree instanceof SplicedNginxTree && next.tree.base === before.base) reused++;
          version = next;
        }
      }),
      { numRuns: 300, seed: 7 },
    );
    // The property must exercise views over an earlier base, not only fresh ones.
    expect(spliced).toBeGreaterThan(800);
    expect(reused).toBeGreaterThan(500);
  });
});
