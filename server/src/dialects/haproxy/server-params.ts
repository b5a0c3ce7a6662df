/**
 * The parameters of `server`, `server-template` and `default-server` lines: which take a value
 * (so the value is not mistaken for a flag), and how a list of words becomes parameters.
 * `default-server` settings are inherited by the servers that follow, and a server's own
 * setting wins, as in HAProxy (srv_settings_cpy).
 */
import { wordCount, wordEnd, wordStart, wordValue, type HaLine, type HaWord } from './syntax';

/** Server keywords that take one argument. Anything else is a flag. */
const WITH_VALUE = new Set([
  'addr', 'agent-addr', 'agent-inter', 'agent-port', 'agent-send', 'alpn', 'ca-file', 'check-alpn', 'check-proto',
  'check-sni', 'ciphers', 'ciphersuites', 'client-sigalgs', 'cookie', 'crl-file', 'crt', 'curves', 'downinter',
  'error-limit', 'fall', 'fastinter', 'hash-key', 'id', 'init-addr', 'init-state', 'inter', 'log-bufsize', 'log-proto', 'max-reuse',
  'maxconn', 'maxqueue', 'minconn', 'namespace', 'npn', 'observe', 'on-error', 'on-marked-down', 'on-marked-up',
  'pool-conn-name', 'pool-low-conn', 'pool-max-conn', 'pool-purge-delay', 'port', 'proto', 'redir', 'resolve-net',
  'resolve-opts', 'resolve-prefer', 'resolvers', 'rise', 'set-proxy-v2-tlv-fmt', 'shard', 'sigalgs', 'slowstart',
  'sni', 'source', 'ssl-max-ver', 'ssl-min-ver', 'tcp-ut', 'track', 'usesrc', 'verify', 'verifyhost', 'weight', 'ws',
  'proxy-v2-options', 'send-proxy-v2-options', 'interface', 'usesrc', 'strict-maxconn', 'guid',
]);

/**
 * One parameter of a server or default-server line, named by where its words are on the line
 * (the value, when it takes one, is the next word): no word object is kept or made for it, and
 * its span and value are read from the line when asked (`paramLoc`, `paramText`).
 */
export interface ServerParam {
  readonly name: string;
  /** The line the parameter is written on. */
  readonly line: HaLine;
  /** The index of its keyword among the line's words. */
  readonly at: number;
  /** Whether a value word follows the keyword (the word at `at + 1`). */
  readonly valued: boolean;
}

/**
 * A parameter as the readers below make it: a class rather than a literal. V8 tracks the objects
 * a literal makes and, when nearly all of them live through a young collection, makes the next
 * ones in the old generation directly (allocation-site pretenuring); the parameters of
 * `default-server` lines, which every server after them reads, would then be made old and hold
 * their young line, and with it the parse and text of every version an edit re-read, until a
 * full collection. Objects a constructor makes are not tracked.
 */
class LineParam implements ServerParam {
  constructor(
    readonly name: string,
    readonly line: HaLine,
    readonly at: number,
    readonly valued: boolean,
  ) {}
}

/** The parameter's value as written ('' for a flag, as the model's `Param.value`). */
export function paramText(param: ServerParam): string {
  return param.valued ? wordValue(param.line, param.at + 1)! : '';
}

/** The value of a parameter that takes one, or undefined for a flag. */
export function paramValueOf(param: ServerParam | undefined): string | undefined {
  return param?.valued ? wordValue(param.line, param.at + 1) : undefined;
}

/** Where the parameter's value is written, or undefined for a flag. */
export function valueSpan(param: ServerParam): { start: number; end: number } | undefined {
  return param.valued ? { start: wordStart(param.line, param.at + 1), end: wordEnd(param.line, param.at + 1) } : undefined;
}

export function takesValue(name: string): boolean {
  return WITH_VALUE.has(name);
}

const NO_PARAMS: readonly ServerParam[] = Object.freeze([]) as readonly ServerParam[];

/** The parameters of the line being read, copied out at its end. */
const scratch: ServerParam[] = [];

/**
 * What `readServerParams` read: the parameters, and the index of a keyword missing its value (only
 * the last word can miss one), or -1. One object, reused by every call: read it before the next.
 */
export interface ParamReading {
  params: readonly ServerParam[];
  missing: number;
}

const reading: ParamReading = { params: NO_PARAMS, missing: -1 };

/**
 * Reads the parameter words of `line` (those from word `from` on) into parameters. Every server
 * line comes here, so the list is made at its size rather than grown (a grown one keeps room for
 * 17), the common line without parameters shares one empty list, and the answer is one reused
 * object. A list of words (a line lexed again by the fixer) is read as a line of those words.
 */
export function readServerParams(source: HaLine | readonly HaWord[], from = 0): ParamReading {
  const line: HaLine = Array.isArray(source) ? wordsLine(source as readonly HaWord[]) : (source as HaLine);
  const count = wordCount(line);
  let found = 0;
  let missing = -1;
  for (let i = from; i < count; i++) {
    const name = wordValue(line, i)!;
    if (!WITH_VALUE.has(name)) scratch[found++] = new LineParam(name, line, i, false);
    else if (i + 1 < count) scratch[found++] = new LineParam(name, line, i++, true);
    else missing = i;
  }
  reading.params = found === 0 ? NO_PARAMS : scratch.slice(0, found);
  reading.missing = missing;
  return reading;
}

/** A line of the given words, for readers that hold words rather than a parsed line. */
function wordsLine(words: readonly HaWord[]): HaLine {
  const first = words[0];
  return { words, start: first?.start ?? 0, end: words[words.length - 1]?.end ?? 0, lineStart: first?.start ?? 0, active: true };
}

/** Flags that cancel another flag (`no-backup` cancels an inherited `backup`). */
const CANCELS: ReadonlyMap<string, string> = new Map([
  ['no-backup', 'backup'],
  ['no-check', 'check'],
  ['enabled', 'disabled'],
  ['no-ssl', 'ssl'],
  ['no-send-proxy', 'send-proxy'],
  ['no-agent-check', 'agent-check'],
]);

/** The flag that cancels each cancellable parameter (`backup` -> `no-backup`). */
const CANCELLED_BY: ReadonlyMap<string, string> = new Map([...CANCELS].map(([flag, cancelled]) => [cancelled, flag]));

/** The effective parameters of a server, read like a map by name (a later setting wins). */
export interface ServerParams {
  get(name: string): ServerParam | undefined;
  has(name: string): boolean;
  /** In the order a map fed the inherited parameters, then the server's own, would list them. */
  values(): IterableIterator<ServerParam>;
}

/** Applies parameters in order: a later setting replaces an earlier one of its name, `no-X` removes `X`. */
function applyParams(merged: Map<string, ServerParam>, params: readonly ServerParam[]): Map<string, ServerParam> {
  for (const param of params) {
    const cancelled = CANCELS.get(param.name);
    if (cancelled) merged.delete(cancelled);
    else merged.set(param.name, param);
  }
  return merged;
}

/**
 * The parameter `name` of a server whose inherited parameters are `inherited` and own ones `own`,
 * read from the last: the first one named `name` wins, and the flag that cancels it (`no-backup`
 * for `backup`) met first means none. What a map fed both lists in order would hold, without
 * the map.
 */
export function effectiveParam(inherited: readonly ServerParam[], own: readonly ServerParam[], name: string): ServerParam | undefined {
  // A cancelling flag (`no-backup`) is never a parameter of its own.
  if (CANCELS.has(name)) return undefined;
  const canceller = CANCELLED_BY.get(name);
  const found = lastNamed(own, name, canceller);
  return found !== undefined ? (found ?? undefined) : (lastNamed(inherited, name, canceller) ?? undefined);
}

/**
 * Parameter `name` as `list` leaves it, read from its last: the parameter, null when its
 * cancelling flag `canceller` comes after the last one, undefined when the list has neither.
 */
export function lastNamed(list: readonly ServerParam[], name: string, canceller: string | undefined): ServerParam | null | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const param = list[i]!;
    if (param.name === name) return param;
    if (param.name === canceller) return null;
  }
  return undefined;
}

/** Whether `name` is a cancelling flag (`no-backup`), never a parameter of its own. */
export function isCanceller(name: string): boolean {
  return CANCELS.has(name);
}

/** The flag that cancels parameter `name` (`backup` -> `no-backup`), if any. */
export function cancellerOf(name: string): string | undefined {
  return CANCELLED_BY.get(name);
}

/** The effective parameters in map order: the inherited ones applied, then the server's own. */
export function effectiveParams(inherited: readonly ServerParam[], own: readonly ServerParam[]): IterableIterator<ServerParam> {
  return applyParams(applyParams(new Map(), inherited), own).values();
}

/** A server's parameters, looked up from the last (a map of its own per server cost more than the server). */
class MergedParams implements ServerParams {
  constructor(
    private readonly inherited: readonly ServerParam[],
    private readonly own: readonly ServerParam[],
  ) {}

  get(name: string): ServerParam | undefined {
    return effectiveParam(this.inherited, this.own, name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  values(): IterableIterator<ServerParam> {
    return effectiveParams(this.inherited, this.own);
  }
}

/**
 * The effective parameters: the inherited ones first, then the server's own, a later setting
 * replacing an earlier one of the same name and a `no-X` flag removing `X`.
 */
export function mergeServerParams(inherited: readonly ServerParam[], own: readonly ServerParam[]): ServerParams {
  return new MergedParams(inherited, own);
}

/**
 * The parameters lowering reads of every server (its weight, role, state, limits, id, health
 * checks, `track` and `cookie`), each found once per server by `readSlots` instead of looked up by name
 * again and again. A slot holds the effective parameter or undefined.
 */
export const WEIGHT = 0;
export const BACKUP = 1;
export const DISABLED = 2;
export const MAXCONN = 3;
export const SLOWSTART = 4;
export const ID = 5;
export const CHECK = 6;
export const OBSERVE = 7;
export const TRACK = 8;
/** Read for duplicate-cookie, which asks every server for its cookie (few have one). */
export const COOKIE = 9;
export const SLOT_COUNT = 10;

/** The slot of each parameter name, and for a cancelling flag the slot it empties, as `-1 - slot`. */
const SLOT_OF: ReadonlyMap<string, number> = new Map([
  ['weight', WEIGHT],
  ['backup', BACKUP],
  ['disabled', DISABLED],
  ['maxconn', MAXCONN],
  ['slowstart', SLOWSTART],
  ['id', ID],
  ['check', CHECK],
  ['observe', OBSERVE],
  ['track', TRACK],
  ['cookie', COOKIE],
  ['no-backup', -1 - BACKUP],
  ['enabled', -1 - DISABLED],
  ['no-check', -1 - CHECK],
]);

export type Slots = (ServerParam | undefined)[];

/** The slot a parameter name sets (`weight` -> WEIGHT), or -1 for a name that sets none (cancelling flags included). */
export function slotOf(name: string): number {
  const slot = SLOT_OF.get(name);
  return slot !== undefined && slot >= 0 ? slot : -1;
}

/**
 * Whether every parameter sets or empties a slot: then the slots say all a by-name lookup could
 * find among them (a name without a slot is neither set nor cancelled by any of them), and a
 * member need not keep the list (servers.ts reads it again from its line when asked).
 */
export function onlySlotParams(params: readonly ServerParam[]): boolean {
  for (let i = 0; i < params.length; i++) if (!SLOT_OF.has(params[i]!.name)) return false;
  return true;
}

/**
 * Applies `params` in order to `slots` (the inherited ones, or all empty) and returns which slots
 * they set or emptied, as a mask (bit k for slot k): a member keeps that mask, not the slots, and
 * reads a slot its own line left alone from the inherited ones (`ownSlot`).
 */
export function readSlots(params: readonly ServerParam[], slots: Slots): number {
  let touched = 0;
  for (let i = 0; i < params.length; i++) {
    const param = params[i]!;
    const slot = SLOT_OF.get(param.name);
    if (slot === undefined) continue;
    if (slot >= 0) slots[slot] = param;
    else slots[-1 - slot] = undefined;
    touched |= 1 << (slot >= 0 ? slot : -1 - slot);
  }
  return touched;
}

/**
 * Slot `slot` as the parameters of `line` from word `from` on leave it, read from the words
 * without making a parameter list: the parameter that sets it last, or undefined when none does
 * or a cancelling flag empties it after. Only keywords are read (a value word is skipped, as
 * `readServerParams` skips it), and they are mostly shared strings.
 */
export function lineSlot(line: HaLine, from: number, slot: number): ServerParam | undefined {
  const count = wordCount(line);
  let found = -1;
  for (let i = from; i < count; i++) {
    const name = wordValue(line, i)!;
    const valued = WITH_VALUE.has(name);
    if (valued && i + 1 >= count) break;
    const at = SLOT_OF.get(name);
    if (at === slot) found = i;
    else if (at === -1 - slot) found = -1;
    if (valued) i++;
  }
  return found < 0 ? undefined : new LineParam(wordValue(line, found)!, line, found, WITH_VALUE.has(wordValue(line, found)!));
}

/**
 * The parameter setting slot `slot` written at word `at` of `line` (where `readOwnSlots` found
 * it): a slot is set by one name only, so the name and whether it takes a value are the slot's.
 */
export function slotParamAt(line: HaLine, at: number, slot: number): ServerParam {
  return new LineParam(SLOT_NAMES[slot]!, line, at, SLOT_VALUED[slot]!);
}

/** Set in `readOwnSlots`' answer when every parameter of the line sets or empties a slot and none misses its value. */
export const ONLY_SLOTS = 1 << 30;

/** The slots a mask of touched slots can name (bits 0 to SLOT_COUNT - 1). */
export const SLOT_MASK = (1 << SLOT_COUNT) - 1;

/** The name that sets each slot (`weight` for WEIGHT). */
const SLOT_NAMES: readonly string[] = (() => {
  const names = new Array<string>(SLOT_COUNT).fill('');
  for (const [name, slot] of SLOT_OF) if (slot >= 0) names[slot] = name;
  return names;
})();

/** Whether the parameter of each slot takes a value (`weight 3`) or is a flag (`backup`). */
const SLOT_VALUED: readonly boolean[] = (() => {
  const valued = new Array<boolean>(SLOT_COUNT).fill(false);
  for (const [name, slot] of SLOT_OF) if (slot >= 0) valued[slot] = WITH_VALUE.has(name);
  return valued;
})();

/**
 * The slots the parameters of `line` from word `from` on set or empty, read from the words
 * without making a parameter or a list: `at[slot]` is the word index of the parameter that sets
 * the slot last, or -1 when a cancelling flag empties it after; the answer is the mask of touched
 * slots (as `readSlots` gives it), with `ONLY_SLOTS` when every parameter sets or empties a slot
 * and no keyword misses its value. A line of slot parameters alone (`weight 3 backup`: most
 * server lines) then needs no `readServerParams`, whose list its member would not keep.
 */
export function readOwnSlots(line: HaLine, from: number, at: Int32Array): number {
  const count = wordCount(line);
  let touched = 0;
  let only = ONLY_SLOTS;
  for (let i = from; i < count; i++) {
    const name = wordValue(line, i)!;
    const valued = WITH_VALUE.has(name);
    if (valued && i + 1 >= count) {
      only = 0;
      break;
    }
    const slot = SLOT_OF.get(name);
    if (slot === undefined) only = 0;
    else {
      const index = slot >= 0 ? slot : -1 - slot;
      at[index] = slot >= 0 ? i : -1;
      touched |= 1 << index;
    }
    if (valued) i++;
  }
  return touched | only;
}

/**
 * The value of slot `slot` as a line's own parameters leave it (`touched` and `at` from
 * `readOwnSlots`) over the inherited slots: undefined when the slot is unset, emptied or a flag.
 */
export function slotValueOf(line: HaLine, touched: number, at: Int32Array, inherited: Slots, slot: number): string | undefined {
  if (((touched >> slot) & 1) === 0) return paramValueOf(inherited[slot]);
  return at[slot]! >= 0 && SLOT_VALUED[slot] ? wordValue(line, at[slot]! + 1) : undefined;
}

/** Whether slot `slot` is set, as `slotValueOf` reads it. */
export function slotSet(touched: number, at: Int32Array, inherited: Slots, slot: number): boolean {
  return ((touched >> slot) & 1) === 0 ? inherited[slot] !== undefined : at[slot]! >= 0;
}

/** Where the value of a set, valued slot is written, as `slotValueOf` reads it. */
export function slotValueSpan(line: HaLine, touched: number, at: Int32Array, inherited: Slots, slot: number): { start: number; end: number } {
  if (((touched >> slot) & 1) === 0) return valueSpan(inherited[slot]!)!;
  return { start: wordStart(line, at[slot]! + 1), end: wordEnd(line, at[slot]! + 1) };
}

/** Slot `slot` as `own` leaves it: the last of its parameters that sets or empties it (undefined when emptied). */
export function ownSlot(own: readonly ServerParam[], slot: number): ServerParam | undefined {
  for (let i = own.length - 1; i >= 0; i--) {
    const at = SLOT_OF.get(own[i]!.name);
    if (at === slot) return own[i];
    if (at === -1 - slot) return undefined;
  }
  return undefined;
}

export function emptySlots(): Slots {
  return new Array<ServerParam | undefined>(SLOT_COUNT).fill(undefined);
}

/** The slots of an inherited `default-server` list, read once per list (a list that grew is read again). */
const INHERITED_SLOTS = new WeakMap<readonly ServerParam[], { readonly length: number; readonly slots: Slots }>();

export function inheritedSlots(inherited: readonly ServerParam[]): Slots {
  const known = INHERITED_SLOTS.get(inherited);
  if (known && known.length === inherited.length) return known.slots;
  const slots = emptySlots();
  readSlots(inherited, slots);
  INHERITED_SLOTS.set(inherited, { length: inherited.length, slots });
  return slots;
}
