/**
 * Which backends no `use_backend`, `default_backend` or `track` names, remembered with what was
 * read to find them: per reference the backend it resolves to and the backend a `track` names,
 * per pool its section, key and name. An edit that leaves all of these alone (a weight, a server
 * line, a timeout: most keystrokes) finds the same backends unused after one walk, without building
 * the used and tracked sets again from thousands of references.
 */
import type { Model, Pool, Reference } from '../../core/model';
import { FlatReads } from '../../core/flat-reads';

/** Per reference: its pool, and the name it tracks when a `track` (else undefined); one moved from the same reference reads the same. */
const REFERENCE_READS = new FlatReads<Reference>(2, (r, k) => (k === 0 ? r.pool : r.kind === 'track' ? r.name : undefined), true);
/** Per pool: its section kind, key and name; one moved from the same pool reads the same. */
const POOL_READS = new FlatReads<Pool>(3, (pool, k) => (k === 0 ? pool.context : k === 1 ? pool.key : pool.name), true);

interface LastModel {
  readonly references: readonly unknown[];
  readonly pools: readonly unknown[];
  /** Indexes into the model's pools of the unused backends. */
  readonly unused: readonly number[];
}

let last: LastModel | undefined;

/** The indexes of the backends (not listen sections) that nothing in `model` routes to or tracks. */
export function unusedBackends(model: Model): readonly number[] {
  if (last && REFERENCE_READS.same(last.references, model.references) && POOL_READS.same(last.pools, model.pools)) return last.unused;
  const used = new Set<string>();
  // A backend another backend's server tracks (`track BACKEND/SERVER`, a `track` reference) is in use.
  const tracked = new Set<string>();
  for (const reference of model.references) {
    if (reference.pool) used.add(reference.pool);
    if (reference.kind === 'track') tracked.add(reference.name);
  }
  const unused: number[] = [];
  model.pools.forEach((pool, i) => {
    // A listen section receives its own traffic.
    if (pool.context === 'backend' && !used.has(pool.key) && !tracked.has(pool.name)) unused.push(i);
  });
  last = { references: REFERENCE_READS.read(model.references), pools: POOL_READS.read(model.pools), unused };
  return unused;
}

/** Forgets the last model's reads (the references they hold): for a caller that analyses no next version. */
export function forgetUnusedBackends(): void {
  last = undefined;
}
