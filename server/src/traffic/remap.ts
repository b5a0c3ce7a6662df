/**
 * `keyRemap`: which fraction of a hashing pool's keys (or client networks) a change sends to a
 * different backend, by the dialect that hashes them (nginx/remap.ts, haproxy/remap.ts). Members
 * are identified by address (`memberIdentity`), so reordering lines or respelling an address moves
 * nothing unless the balancer itself hashes differently.
 */
import type { Pool } from '../core/model';
import { haproxyKeyRemap, haproxyRemapComparable } from './haproxy/remap';
import { nginxKeyRemap, nginxRemapComparable } from './nginx/remap';

export interface KeyRemap {
  /** Fraction 0..1 of the keys (or networks) that reach another backend than at the other revision. */
  readonly fraction: number;
  readonly unit: 'keys' | 'client networks';
  /**
   * False when the fraction depends on the lengths of the keys, which lb-drift cannot know: nginx's
   * map-based `hash` rehashes keys past members that cannot serve by a function of the key's length
   * (see remap-rehash.ts). The fraction is then an average over typical lengths.
   */
  readonly exact: boolean;
}

export interface KeyRemapOptions {
  /** Key lengths in bytes to average rehashed keys over; by default a guess from the key. */
  readonly keyLengths?: readonly number[];
}

/** Whether the two revisions hash the same keys, so that their key spaces can be compared. */
export function remapComparable(a: Pool, b: Pool): boolean {
  if (a.dialect !== b.dialect) return false;
  if (a.dialect === 'haproxy') return haproxyRemapComparable(a, b);
  return a.dialect === 'nginx' && nginxRemapComparable(a, b);
}

/** The remap from revision `a` to revision `b`, or undefined when they are not comparable. */
export function keyRemap(a: Pool, b: Pool, options: KeyRemapOptions = {}): KeyRemap | undefined {
  if (!remapComparable(a, b)) return undefined;
  if (a.dialect === 'haproxy') return { ...haproxyKeyRemap(a, b), unit: 'keys' };
  return nginxKeyRemap(a, b, options);
}
