/**
 * Key remapping between two revisions of an nginx `split_clients` block: each part takes an
 * interval of the 2^32 MurmurHash2 values of the key, so the measure of values whose part (by its
 * value as written) differs is a sweep over the union of both revisions' thresholds. Exact.
 */
import type { Pool } from '../../core/model';
import { splitParts } from './split';

const SPACE = 2 ** 32;
/** Hashes past the listed percentages, where the variable is left empty. */
const EMPTY = -3;

interface Intervals {
  /** Exclusive ends, ascending; the last is 2^32. */
  readonly ends: number[];
  readonly owners: number[];
}

function intervals(pool: Pool, identity: Int32Array): Intervals {
  const ends: number[] = [];
  const owners: number[] = [];
  for (const part of splitParts(pool)) {
    if (part.threshold <= part.from) continue;
    ends.push(part.threshold);
    owners.push(identity[part.member]!);
  }
  if (ends.length === 0 || ends[ends.length - 1]! < SPACE) {
    ends.push(SPACE);
    owners.push(EMPTY);
  }
  return { ends, owners };
}

export function splitRemap(a: Pool, identityA: Int32Array, b: Pool, identityB: Int32Array): number {
  const x = intervals(a, identityA);
  const y = intervals(b, identityB);
  let i = 0;
  let j = 0;
  let position = 0;
  let moved = 0;
  while (position < SPACE) {
    const end = Math.min(x.ends[i]!, y.ends[j]!);
    if (x.owners[i] !== y.owners[j]) moved += end - position;
    position = end;
    if (x.ends[i] === end) i++;
    if (y.ends[j] === end) j++;
  }
  return moved / SPACE;
}
