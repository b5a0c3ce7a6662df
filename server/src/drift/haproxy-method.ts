/**
 * A HAProxy backend's balancing method is two lines, `balance` and `hash-type`, each written in
 * the backend or inherited from its defaults section. Drift compares what is in effect, and the
 * revert writes the stable value into the backend itself: editing an inherited line in a defaults
 * section would change every other proxy that inherits it too.
 */
import type { TextEdit } from '../core/fix';
import type { Pool } from '../core/model';
import { eolAt, lineEnd } from './text';

/** What HAProxy uses when the line is absent. */
const DEFAULTS: Readonly<Record<string, string>> = { balance: 'roundrobin', 'hash-type': 'map-based' };

/** The value in effect, spelled as HAProxy reads it without its defaults: `consistent`, `uri whole`. */
function effective(pool: Pool, keyword: string): string {
  const value = pool.facts[keyword]?.value.trim().replace(/\s+/g, ' ');
  return value || DEFAULTS[keyword]!;
}

/** The lines that decide the method: `hash-type` only matters when the backend hashes. */
function methodKeywords(now: Pool, then: Pool): string[] {
  return now.hash || then.hash ? ['balance', 'hash-type'] : ['balance'];
}

/** `balance uri, hash-type consistent`: the balance line and a hash-type other than map-based. */
export function haproxyMethodText(pool: Pool): string {
  const balance = `balance ${effective(pool, 'balance')}`;
  const hashType = effective(pool, 'hash-type');
  return pool.hash && hashType !== 'map-based' ? `${balance}, hash-type ${hashType}` : balance;
}

/** Puts each method line whose value differs back to its stable value, in the backend itself. */
export function haproxyMethodEdits(text: string, now: Pool, then: Pool): TextEdit[] {
  const edits: TextEdit[] = [];
  const inserted: string[] = [];
  for (const keyword of methodKeywords(now, then)) {
    const stable = effective(then, keyword);
    if (effective(now, keyword) === stable) continue;
    const own = now.facts[keyword]?.loc;
    if (own && own.file === now.loc.file && own.start >= now.loc.start && own.end <= now.loc.end) edits.push({ loc: own, newText: `${keyword} ${stable}` });
    else inserted.push(`${keyword} ${stable}`);
  }
  if (inserted.length > 0) {
    // New lines go right under the section header, indented like HAProxy's examples.
    const at = lineEnd(text, now.nameLoc.end);
    const eol = eolAt(text, at);
    edits.push({ loc: { file: now.loc.file, start: at, end: at }, newText: inserted.map((line) => `${eol}    ${line}`).join('') });
  }
  return edits;
}
