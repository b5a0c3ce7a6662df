import { percent } from '../core/format';
import type { Fix } from '../core/fix';
import { ReportOnRead, type ReportWords } from '../core/deferred-report';
import type { Pool } from '../core/model';
import type { Loc } from '../core/span';
import { defineRule } from '../core/rule';
import { gcd } from '../traffic/format';
import { checkHashNotConsistentHaproxy } from './haproxy/hashing';

/** nginx's map-based `hash` uses 15 bits of crc32: ((crc32(key) >> 16) & 0x7fff). */
const HASH_VALUES = 32768;

/** Every finding of this rule has a fixes field (empty when the key's location is unknown). */
const WITH_FIXES = { fixes: true } as const;

const rule = defineRule({
  meta: {
    id: 'hash-not-consistent',
    scope: 'pool',
    title: 'Adding or removing a member of a `hash` pool remaps nearly every key',
    severity: 'warning',
    dialects: ['nginx', 'haproxy'],
    fixable: 'unsafe',
    options: {},
    docs: {
      whatItDoes:
        'Reports `hash $key` without `consistent` in a pool with several primary members and says, exactly for this pool, which fraction of keys would move to another member if its last member were removed or another like it added. nginx maps a key to one of 32768 hash values, `(crc32(key) >> 16) & 0x7fff`, takes it modulo the total weight W and walks the weights in declaration order; the rule counts the hash values whose owner changes when W becomes W - w or W + w. For n equal members that is about 1 - 1/n of all keys on removal and n/(n + 1) on addition, where a consistent ring moves only the 1/n that the member owns (or 1/(n + 1) it takes).',
      whyItMatters:
        'Hashing is chosen to keep a key on the member that has its data: a cache, a session, a shard. With the map-based method, scaling the pool, removing a dead member or even reordering lines sends most keys to a member that does not have their data, so a cache tier loses nearly all of its hits at once and its origin takes the full load.',
      example: 'upstream cache {\n    hash $request_uri;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}',
      fix: 'Add `consistent` after the key (ketama consistent hashing). The quick fix does it; it is unsafe because switching methods itself remaps keys once. Prefer it before the pool next changes, at a quiet time.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#hash'],
    },
  },
  check(context) {
    if (context.model.dialect === 'haproxy') return checkHashNotConsistentHaproxy(context);
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members' || pool.algorithm !== 'hash' || !pool.hash || !pool.hash.key.includes('$')) continue;
      // Primaries are counted in place; their list and the fix are made with the words.
      let primaryCount = 0;
      for (const m of pool.members) if (m.role === 'primary') primaryCount++;
      if (primaryCount < 2) continue;
      // The words (and the remap counts they give) are made when the finding is read: a generated
      // file can have hundreds of such pools, of which the cap lists 100. A report object holds the
      // pool; no closure captures the loop's pool, whose context was made for every pool read.
      context.report(new HashReport(pool.algorithmLoc ?? pool.nameLoc, pool));
    }
  },
});

/** A pool's finding, its words made when read (one object per report). */
class HashReport extends ReportOnRead {
  constructor(
    loc: Loc,
    private readonly pool: Pool,
  ) {
    super(loc, WITH_FIXES, undefined);
  }

  protected makeWords(): ReportWords {
    const { pool } = this;
    const hash = pool.hash!;
    const primaries = pool.members.filter((m) => m.role === 'primary');
    const fixes: Fix[] = hash.keyLoc
      ? [
          {
            title: `Add consistent to the hash of ${pool.name} (remaps keys once)`,
            safety: 'unsafe',
            intents: [{ kind: 'edit', edits: [{ loc: { ...hash.keyLoc, start: hash.keyLoc.end }, newText: ' consistent' }] }],
          },
        ]
      : [];
    // One slot run per peer, in declaration order; down peers keep their slots.
    const weights = primaries.flatMap((m) => Array<number>(Math.max(1, m.peers)).fill(m.weight));
    const total = weights.reduce((a, b) => a + b, 0);
    const last = primaries[primaries.length - 1]!;
    const lastWeight = weights[weights.length - 1]!;
    const removed = movedValues(weights, weights.slice(0, -1));
    const added = movedValues(weights, [...weights, lastWeight]);
    return {
      message:
        `hash ${hash.key} in upstream ${pool.name} is not consistent: removing ${last.address}, the last of ${primaries.length} members, ` +
        `would move ${percent(removed / HASH_VALUES)} of keys (${removed} of ${HASH_VALUES} hash values) to another member, ` +
        `and adding one more like it ${percent(added / HASH_VALUES)}; a consistent ring moves only about ` +
        `${percent(lastWeight / total)} and ${percent(lastWeight / (total + lastWeight))}. Add consistent.`,
      fixes,
    };
  }
}

/** Where each peer's run of slots ends in nginx's weight walk (slot s belongs to the first peer whose end is above s). */
function runEnds(weights: readonly number[]): { total: number; ends: Float64Array } {
  const ends = new Float64Array(weights.length);
  let total = 0;
  for (let peer = 0; peer < weights.length; peer++) ends[peer] = total += weights[peer]!;
  return { total, ends };
}

/**
 * How many of the 32768 hash values land on another peer after the weights change. Hash value h
 * goes to slot h % total; the owners of both walks are constant over runs of slots, so the count
 * steps from run boundary to run boundary instead of value by value, and over one period
 * (the least common multiple of both totals) when that is shorter than 32768.
 */
export function movedValues(before: readonly number[], after: readonly number[]): number {
  const a = runEnds(before);
  const b = runEnds(after);
  const whole = (n: number) => Number.isInteger(n) && n > 0;
  if (!whole(a.total) || !whole(b.total) || !before.every(Number.isInteger) || !after.every(Number.isInteger)) {
    return movedValuesOneByOne(before, after);
  }
  const period = (a.total / gcd(a.total, b.total)) * b.total;
  if (period >= HASH_VALUES) return movedBelow(a, b, HASH_VALUES);
  return movedBelow(a, b, period) * Math.floor(HASH_VALUES / period) + movedBelow(a, b, HASH_VALUES % period);
}

/** Hash values below `limit` whose owner differs, walking both weight runs together. */
function movedBelow(a: { total: number; ends: Float64Array }, b: { total: number; ends: Float64Array }, limit: number): number {
  let moved = 0;
  let slotA = 0;
  let slotB = 0;
  let peerA = 0;
  let peerB = 0;
  for (let h = 0; h < limit; ) {
    while (a.ends[peerA]! <= slotA) peerA++;
    while (b.ends[peerB]! <= slotB) peerB++;
    const step = Math.min(a.ends[peerA]! - slotA, b.ends[peerB]! - slotB, limit - h);
    if (peerA !== peerB) moved += step;
    h += step;
    slotA += step;
    slotB += step;
    if (slotA === a.total) slotA = peerA = 0;
    if (slotB === b.total) slotB = peerB = 0;
  }
  return moved;
}

/**
 * The same count value by value, for weights that are not positive whole numbers (a weight walk
 * nginx would not build; kept so that the answer does not change for them).
 */
function movedValuesOneByOne(before: readonly number[], after: readonly number[]): number {
  const a = owners(before);
  const b = owners(after);
  let moved = 0;
  for (let h = 0; h < HASH_VALUES; h++) if (a.table[h % a.total] !== b.table[h % b.total]) moved++;
  return moved;
}

/**
 * Slot owners of nginx's weight walk: slot s belongs to the peer whose weight run covers it. Only
 * the first 32768 slots matter (a first-attempt hash is below that), so the table never grows
 * with the weights.
 */
function owners(weights: readonly number[]): { total: number; table: Int32Array } {
  const total = weights.reduce((a, b) => a + b, 0);
  const table = new Int32Array(Math.min(total, HASH_VALUES));
  let slot = 0;
  for (let peer = 0; peer < weights.length && slot < table.length; peer++) {
    const end = Math.min(table.length, slot + weights[peer]!);
    table.fill(peer, slot, end);
    slot = end;
  }
  return { total, table };
}

export default rule;
