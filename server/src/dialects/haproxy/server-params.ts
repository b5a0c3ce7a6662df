/**
 * The parameters of `server`, `server-template` and `default-server` lines: which take a value
 * (so the value is not mistaken for a flag), and how a list of words becomes parameters.
 * `default-server` settings are inherited by the servers that follow, and a server's own
 * setting wins, as in HAProxy (srv_settings_cpy).
 */
import type { HaWord } from './syntax';

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

export interface ServerParam {
  readonly name: string;
  /** The value word, for keywords that take one. */
  readonly value?: HaWord;
  /** The keyword word. */
  readonly word: HaWord;
}

export function takesValue(name: string): boolean {
  return WITH_VALUE.has(name);
}

const NONE_MISSING: readonly HaWord[] = [];

/** The parameters of the line being read, copied out at its end. */
const scratch: ServerParam[] = [];

/**
 * Reads parameter words (those of `words` from `from` on) into parameters; a keyword missing its
 * value (only the last word can miss one) is returned in `missing`. Every server line comes here,
 * so the list is made at its size rather than grown (a grown one keeps room for 17).
 */
export function readServerParams(words: readonly HaWord[], from = 0): { params: ServerParam[]; missing: readonly HaWord[] } {
  // Written by index: setting the length to 0 would drop the array's room.
  const params = scratch;
  let count = 0;
  let missing = NONE_MISSING;
  for (let i = from; i < words.length; i++) {
    const word = words[i]!;
    if (!WITH_VALUE.has(word.value)) params[count++] = { name: word.value, word };
    else if (i + 1 < words.length) params[count++] = { name: word.value, value: words[++i]!, word };
    else missing = [word];
  }
  return { params: params.slice(0, count), missing };
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
  for (let i = own.length - 1; i >= 0; i--) {
    const param = own[i]!;
    if (param.name === name) return param;
    if (param.name === canceller) return undefined;
  }
  for (let i = inherited.length - 1; i >= 0; i--) {
    const param = inherited[i]!;
    if (param.name === name) return param;
    if (param.name === canceller) return undefined;
  }
  return undefined;
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
const SLOT_COUNT = 10;

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

/** `slots` (the inherited ones, or all empty) with `params` applied in order. */
export function readSlots(params: readonly ServerParam[], slots: Slots): Slots {
  for (const param of params) {
    const slot = SLOT_OF.get(param.name);
    if (slot === undefined) continue;
    if (slot >= 0) slots[slot] = param;
    else slots[-1 - slot] = undefined;
  }
  return slots;
}

export function emptySlots(): Slots {
  return new Array<ServerParam | undefined>(SLOT_COUNT).fill(undefined);
}

/** The slots of an inherited `default-server` list, read once per list (a list that grew is read again). */
const INHERITED_SLOTS = new WeakMap<readonly ServerParam[], { readonly length: number; readonly slots: Slots }>();

export function inheritedSlots(inherited: readonly ServerParam[]): Slots {
  const known = INHERITED_SLOTS.get(inherited);
  if (known && known.length === inherited.length) return known.slots;
  const slots = readSlots(inherited, emptySlots());
  INHERITED_SLOTS.set(inherited, { length: inherited.length, slots });
  return slots;
}
