/**
 * What the HAProxy branches of the shared rules have in common: how a backend is named in
 * messages and how a server's parameters are read.
 */
import { isActive, type Member, type Pool } from '../../core/model';
import type { Loc } from '../../core/span';
import { forgetShadowedRoutes } from './shadowed-route-model-memo';
import { forgetUnusedBackends } from './unused-backends';

/** `backend app`, `listen stats`: a pool as HAProxy's own messages name it. */
export function proxyLabel(pool: Pool): string {
  return `${pool.context} ${pool.name}`;
}

/**
 * Whether a deferred report about `pool` may point at `loc` (core/deferred-report.ts): inside the
 * pool's section, or in another file. A HAProxy setting can be inherited from a `defaults`
 * section or a `default-server` line outside the backend; a report that points there is made
 * at once instead.
 */
export function liesInPool(pool: Pool, loc: Loc): boolean {
  return loc.file !== pool.loc.file || (loc.start >= pool.loc.start && loc.end <= pool.loc.end);
}

/** Whether an edit that inserts at `offset` of `file` lies in the pool as `liesInPool` reads it, without making its location. */
export function offsetInPool(pool: Pool, file: string, offset: number): boolean {
  return file !== pool.loc.file || (offset >= pool.loc.start && offset <= pool.loc.end);
}

/**
 * Whether a deferred report about `pool` at `loc`, whose fix removes the active members' written
 * weights, points only inside the pool: a weight inherited from a `default-server` line in a
 * defaults section does not.
 */
export function weightsLieInPool(pool: Pool, loc: Loc, active: readonly Member[]): boolean {
  if (!liesInPool(pool, loc)) return false;
  for (const m of active) {
    const weightLoc = m.weightExplicit ? m.weightLoc : undefined;
    if (weightLoc && !liesInPool(pool, weightLoc)) return false;
  }
  return true;
}

/** The number of active members (primary, up, weight above 0), counted up to `enough`. */
export function countActive(pool: Pool, enough = Infinity): number {
  let count = 0;
  for (const m of pool.members) if (isActive(m) && ++count >= enough) break;
  return count;
}

/** A server by name and address: `web1 (10.0.0.1:80)`. */
export function serverLabel(member: Member): string {
  return member.name ? `${member.name} (${member.address})` : member.address;
}

/**
 * What a member that reads its parameters one at a time offers (HAProxy servers do): rules ask
 * about one parameter of every server, and building every server's parameter list, locations
 * and all, cost more than the rules themselves.
 */
interface ParamReader {
  paramPresent?(name: string): boolean;
  paramValue?(name: string): string | undefined;
}

/** Whether a server line (or an inherited default-server) sets a parameter. */
export function hasParam(member: Member, name: string): boolean {
  const reader = member as Member & ParamReader;
  return typeof reader.paramPresent === 'function' ? reader.paramPresent(name) : member.params.some((p) => p.name === name);
}

/** The value of a parameter (the last one written), '' for a flag, undefined when not set. */
export function paramValue(member: Member, name: string): string | undefined {
  const reader = member as Member & ParamReader;
  return typeof reader.paramValue === 'function' ? reader.paramValue(name) : member.params.filter((p) => p.name === name).pop()?.value;
}

/**
 * A member as plain data, to copy with changes: HAProxy members keep their locations and
 * parameters in getters, which a spread would drop.
 */
export function plainMember(member: Member): Member {
  const withJson = member as Member & { toJSON?: () => Member };
  return typeof withJson.toJSON === 'function' ? withJson.toJSON() : member;
}

/** The file's own line break, so an added line matches the others. */
export function lineBreakOf(text: string): string {
  const match = /\r\n|\r|\n/.exec(text);
  return match ? match[0] : '\n';
}

/** The end of the section header line (after any comment, before its line break). */
export function headerEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > from && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

/**
 * Whether repeated servers are spare slots: HAProxy's runtime API (`set server addr`, `enable
 * server`) fills servers written `disabled`, and controllers such as the HAProxy Kubernetes
 * Ingress write their spare slots as `127.0.0.1:<port> disabled`. Slots that all stay disabled
 * carry no traffic and are not one backend listed twice.
 */
export function areSpareSlots(pool: Pool, members: readonly Member[]): boolean {
  return pool.dialect === 'haproxy' && members.every((m) => m.state === 'down');
}

/**
 * Forgets what the HAProxy rules remember of the last model to answer the next version of the
 * same file at once (unused-backends.ts, shadowed-route-model-memo.ts). Their reads hold the
 * model's references, route tests and names: a caller that analyses each file once (the CLI)
 * forgets them after the analyses, so printing does not keep them (27 MB of a 10 MB haproxy.cfg).
 */
export function forgetLastHaproxyModels(): void {
  forgetUnusedBackends();
  forgetShadowedRoutes();
}
