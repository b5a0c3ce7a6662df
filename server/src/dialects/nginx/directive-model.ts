/**
 * The vocabulary of the directive table: the contexts a directive may appear in (as bits, the way
 * nginx's `ngx_command_t.type` encodes them), whether it takes a block, and how many arguments it
 * takes. `directives.ts` holds the data; this file holds the types and the small functions that
 * read them.
 */

/**
 * The contexts nginx distinguishes when it checks where a directive stands. They are finer than
 * the public `NginxContext`: nginx tells an `if` inside a `server` (SIF) from one inside a
 * `location` (LIF), and so must we to say what `nginx -t` says.
 */
export type DirectiveContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'upstream'
  | 'server-if'
  | 'location-if'
  | 'limit_except'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream'
  | 'mail'
  | 'mail-server';

export const MAIN = 1 << 0;
export const EVENTS = 1 << 1;
export const HTTP = 1 << 2;
export const SRV = 1 << 3;
export const LOC = 1 << 4;
export const UPS = 1 << 5;
export const SIF = 1 << 6;
export const LIF = 1 << 7;
export const LMT = 1 << 8;
export const STREAM = 1 << 9;
export const STREAM_SRV = 1 << 10;
export const STREAM_UPS = 1 << 11;
export const MAIL = 1 << 12;
export const MAIL_SRV = 1 << 13;
/** nginx's NGX_ANY_CONF: every context, `if` and `limit_except` included (used by `include`). */
export const ANY = (1 << 14) - 1;

/** The bit of each context, in the order used to list them in messages. */
export const CONTEXT_BITS: ReadonlyArray<readonly [DirectiveContext, number]> = [
  ['main', MAIN],
  ['events', EVENTS],
  ['http', HTTP],
  ['server', SRV],
  ['location', LOC],
  ['upstream', UPS],
  ['server-if', SIF],
  ['location-if', LIF],
  ['limit_except', LMT],
  ['stream', STREAM],
  ['stream-server', STREAM_SRV],
  ['stream-upstream', STREAM_UPS],
  ['mail', MAIL],
  ['mail-server', MAIL_SRV],
];

const BIT_OF = new Map<DirectiveContext, number>(CONTEXT_BITS);

export function contextBit(context: DirectiveContext): number {
  return BIT_OF.get(context) ?? 0;
}

/**
 * How many arguments a directive takes: a list of exact counts (nginx's TAKE1, TAKE12, NOARGS...),
 * `flag` (exactly one, `on` or `off`), `1+` / `2+` (at least that many), or `any`.
 */
export type Arity = readonly number[] | 'flag' | 'any' | '1+' | '2+';

export interface DirectiveUse {
  /** The contexts, as a bit set of the constants above. */
  readonly contexts: number;
  /** Whether the directive takes a `{ ... }` block instead of ending with `;`. */
  readonly block: boolean;
  readonly args: Arity;
  /**
   * `args` as a bit set, so the checker tests a count with a shift: bit n (n < 31) is set when n
   * arguments are accepted, bit 31 when every count above 30 is.
   */
  readonly counts: number;
}

export function simple(contexts: number, args: Arity): DirectiveUse {
  return { contexts, block: false, args, counts: countBits(args) };
}

export function block(contexts: number, args: Arity): DirectiveUse {
  return { contexts, block: true, args, counts: countBits(args) };
}

function countBits(arity: Arity): number {
  let bits = 0;
  for (let count = 0; count <= 31; count++) if (arityAccepts(arity, count)) bits |= 1 << count;
  return bits;
}

/** `arityAccepts(use.args, count)`, read from the precomputed bits. */
export function useAccepts(use: DirectiveUse, count: number): boolean {
  return ((use.counts >>> (count < 31 ? count : 31)) & 1) !== 0;
}

/** nginx passes at most 8 words (name included) to a directive with a fixed argument count. */
const MAX_FIXED_ARGS = 7;

export function arityAccepts(arity: Arity, count: number): boolean {
  switch (arity) {
    case 'any':
      return true;
    case 'flag':
      return count === 1;
    case '1+':
      return count >= 1;
    case '2+':
      return count >= 2;
    default:
      return count <= MAX_FIXED_ARGS && arity.includes(count);
  }
}

/** "1", "1 or 2", "0, 1 or 2", "at least 1", "1 (on or off)". */
export function describeArity(arity: Arity): string {
  switch (arity) {
    case 'any':
      return 'any number';
    case 'flag':
      return '1 (on or off)';
    case '1+':
      return 'at least 1';
    case '2+':
      return 'at least 2';
    default:
      return joinOr(arity.map(String));
  }
}

export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
