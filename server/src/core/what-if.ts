/**
 * What-if views of a pool for rules that say what the shares become when something happens: the
 * same pool, with the same facts, in which some members are out of rotation (as nginx treats a
 * member that failed `max_fails` times: skipped like a `down` one until `fail_timeout` passes).
 */
import type { Member, Pool } from './model';

export function withMembersOut(pool: Pool, out: ReadonlySet<Member>): Pool {
  const members = pool.members.map((m) => (out.has(m) ? (Object.create(m, { state: { value: 'down', enumerable: true } }) as Member) : m));
  // The view inherits everything else (facts, locations, algorithm) from the pool itself.
  return Object.create(pool, { members: { value: members, enumerable: true } }) as Pool;
}
