/**
 * `track BACKEND/SERVER` on a server line names another backend, whose server's health this one
 * copies: a reference to that backend, so that definition, references and hover reach it as they
 * reach a `use_backend` target. A `track SERVER` without a backend names a server of the same
 * proxy and is not a reference to a backend. `track /SERVER` names the backend "" (HAProxy refuses
 * it), so it is a reference that resolves to nothing.
 */
import type { Member, Param, Pool, Reference } from '../../core/model';
import { paramText, TRACK } from './server-params';
import { HaproxyMember, memberParam, paramLoc } from './servers';

export function trackReferences(pools: readonly Pool[], text: string): Reference[] {
  const out: Reference[] = [];
  for (const pool of pools) {
    for (const member of pool.members) {
      // The last `track` wins, as for any server parameter written twice; read without building
      // the member's parameter list, which most servers never need.
      const track = trackOf(member);
      const slash = track ? track.value.indexOf('/') : -1;
      if (!track || slash < 0) continue;
      const name = track.value.slice(0, slash);
      const start = text.indexOf(track.value, track.loc.start);
      if (start < 0 || name === pool.name) continue;
      out.push({ kind: 'track', name, context: pool.context, loc: track.loc, nameLoc: { file: track.loc.file, start, end: start + name.length } });
    }
  }
  return out;
}

/**
 * A member's last `track` parameter as the model lists it; for a lowered member made only when it
 * has one (read with its other parameters), as most servers have none.
 */
function trackOf(member: Member): Param | undefined {
  if (!(member instanceof HaproxyMember)) return memberParam(member, 'track');
  const track = member.slotParam(TRACK);
  return track && { name: track.name, value: paramText(track), loc: paramLoc(track, member.file) };
}
