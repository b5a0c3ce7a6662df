/**
 * What the HAProxy moved-view memo tests share: a file whose first proxy section (`backend edited`)
 * is where they type, so every later section is a moved view; text edits; and model items whose
 * field reads are counted, to show that a memo knows a moved item without reading it.
 */
import type { TextChange } from '../../server/src/core/dialect';
import { MOVED_FROM, movedFrom } from '../../server/src/core/moved-from';

export const ROOT = '/etc/haproxy/haproxy.cfg';
export const options = { dialect: 'haproxy' as const };

/** A global and a defaults section, as a file starts. */
export const PRELUDE = `global
    maxconn 100

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
`;

/** The prelude, then the backend the tests type in (before every section they add). */
export const EDITED_FIRST = `${PRELUDE}
backend edited
    server e1 10.0.0.1:80
    server e2 10.0.0.2:80
`;

export function edit(text: string, change: TextChange, inserted: string): string {
  return text.slice(0, change.start) + inserted + text.slice(change.oldEnd);
}

/**
 * Proxies of `items` that count every read of the named fields. A proxy stands for its item:
 * `movedFrom` gives what the item was moved from, or the item itself.
 */
export function countingReads<T extends object>(items: readonly T[], fields: readonly string[]): { items: T[]; reads: () => number } {
  let reads = 0;
  const counted = new Set(fields);
  const handler: ProxyHandler<T> = {
    get(target, key) {
      if (key === MOVED_FROM) return movedFrom(target);
      if (typeof key === 'string' && counted.has(key)) reads++;
      return Reflect.get(target, key, target) as unknown;
    },
  };
  return { items: items.map((item) => new Proxy(item, handler)), reads: () => reads };
}
