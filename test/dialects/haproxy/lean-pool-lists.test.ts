/**
 * A lowered pool keeps its lists at their size: its members, and the default-server parameters
 * in effect when a backend has its own `default-server` line. A list grown by pushes (or a spread)
 * keeps room for 17 items or more for as long as the model lives, most of it unused: a backend has
 * a few servers and a few default-server parameters. Measured as the heap the model of 3,000 such
 * backends keeps, with the parse kept on both sides (no test asserts a time).
 */
import { setFlagsFromString, getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { versionTarget } from '../../../server/src/dialects/haproxy/conditions';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BACKENDS = 3000;
const SERVERS = 6;

function text(): string {
  const lines = ['defaults', '    mode http', '    default-server inter 3s fall 3 rise 2', ''];
  for (let b = 0; b < BACKENDS; b++) {
    lines.push(`backend be_${b}`, '    balance roundrobin', `    default-server check maxconn ${100 + (b % 50)} weight ${1 + (b % 7)}`);
    for (let s = 0; s < SERVERS; s++) lines.push(`    server s${s} 10.${b >> 8}.${b & 255}.${s}:80`);
  }
  return lines.join('\n') + '\n';
}

function usedAfterGc(): number {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
}

describe('a lowered pool', () => {
  it('keeps its members and default-server lists at their size', () => {
    const source = { path: 'haproxy.cfg', text: text() };
    const parsed = parseHaproxy(source.text, versionTarget(undefined));
    // Once before measuring, so that what lowering makes once (shared tables, code) is made; then
    // the least of three measures, as a collection may leave some garbage of the one before.
    let least = Infinity;
    let kept = analyzeHaproxy(source, noIncludes, undefined, false, parsed);
    for (let i = 0; i < 3; i++) {
      kept = undefined as unknown as typeof kept;
      const before = usedAfterGc();
      kept = analyzeHaproxy(source, noIncludes, undefined, false, parsed);
      least = Math.min(least, usedAfterGc() - before);
    }
    expect(kept.model.pools).toHaveLength(BACKENDS);
    expect(kept.model.pools.every((p) => p.members.length === SERVERS)).toBe(true);
    // About 1,610-1,650 bytes a pool with lists at their size (this file's pools); lists grown by pushes
    // or spreads kept about 200 more (1,850-1,860).
    expect(least / BACKENDS).toBeLessThan(1750);
  });
});
