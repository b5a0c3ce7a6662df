/**
 * Which backends no `use_backend`, `default_backend` or `track` names, remembered with what was
 * read to find them: per reference the backend it resolves to and the backend a `track` names,
 * per pool its section, key and name. An edit that leaves all of these alone (a weight, a server
 * line, a timeout: most keystrokes) finds the same backends unused after one walk, without building
 * the used and tracked sets again from thousands of references.
 */
import type { Model } from '../../core/model';

interface LastModel {
  /** Per reference: its pool, and the name it tracks when a `track` (else undefined). */
  readonly references: readonly (string | undefined)[];
  /** Per pool: its section kind, key and name. */
  readonly pools: readonly string[];
  /** Indexes into the model's pools of the unused backends. */
  readonly unused: readonly number[];
}

let last: LastModel | undefined;

/** The indexes of the backends (not listen sections) that nothing in `model` routes to or tracks. */
export function unusedBackends(model: Model): readonly number[] {
  if (last && sameReads(last, model)) return last.unused;
  const references: (string | undefined)[] = [];
  const used = new Set<string>();
  // A backend another backend's server tracks (`track BACKEND/SERVER`, a `track` reference) is in use.
  const tracked = new Set<string>();
  for (const reference of model.references) {
    const trackedName = reference.kind === 'track' ? reference.name : undefined;
    if (reference.pool) used.add(reference.pool);
    if (trackedName !== undefined) tracked.add(trackedName);
    references.push(reference.pool, trackedName);
  }
  const pools: string[] = [];
  const unused: number[] = [];
  model.pools.forEach((pool, i) => {
    pools.push(pool.context, pool.key, pool.name);
    // A listen section receives its own traffic.
    if (pool.context === 'backend' && !used.has(pool.key) && !tracked.has(pool.name)) unused.push(i);
  });
  last = { references, pools, unused };
  return unused;
}

function sameReads(last: LastModel, model: Model): boolean {
  const { references, pools } = model;
  if (last.references.length !== references.length * 2 || last.pools.length !== pools.length * 3) return false;
  for (let i = 0; i < references.length; i++) {
    const reference = references[i]!;
    if (last.references[2 * i] !== reference.pool || last.references[2 * i + 1] !== (reference.kind === 'track' ? reference.name : undefined)) return false;
  }
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i]!;
    if (last.pools[3 * i] !== pool.context || last.pools[3 * i + 1] !== pool.key || last.pools[3 * i + 2] !== pool.name) return false;
  }
  return true;
}
