/**
 * What the HAProxy branches of the shared rules have in common: how a backend is named in
 * messages and how a server's parameters are read.
 */
import type { Member, Pool } from '../../core/model';

/** `backend app`, `listen stats`: a pool as HAProxy's own messages name it. */
export function proxyLabel(pool: Pool): string {
  return `${pool.context} ${pool.name}`;
}

/** A server by name and address: `web1 (10.0.0.1:80)`. */
export function serverLabel(member: Member): string {
  return member.name ? `${member.name} (${member.address})` : member.address;
}

/** Whether a server line (or an inherited default-server) sets a parameter. */
export function hasParam(member: Member, name: string): boolean {
  return member.params.some((p) => p.name === name);
}

export function paramValue(member: Member, name: string): string | undefined {
  return member.params.filter((p) => p.name === name).pop()?.value;
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
