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
 * The inherited parameters merged, once per list: every server after the same `default-server`
 * lines shares them (the list grows as a backend's default-server lines are read; its length
 * tells a grown list from the one merged).
 */
const INHERITED = new WeakMap<readonly ServerParam[], { readonly length: number; readonly merged: ReadonlyMap<string, ServerParam> }>();

function inheritedParams(inherited: readonly ServerParam[]): ReadonlyMap<string, ServerParam> {
  const known = INHERITED.get(inherited);
  if (known && known.length === inherited.length) return known.merged;
  const merged = applyParams(new Map(), inherited);
  INHERITED.set(inherited, { length: inherited.length, merged });
  return merged;
}

/**
 * A server's parameters: the inherited ones merged once for every server that shares them, and
 * its own looked up from the last. A map of its own per server cost more than the server.
 */
class MergedParams implements ServerParams {
  private all?: Map<string, ServerParam>;

  constructor(
    private readonly inherited: ReadonlyMap<string, ServerParam>,
    private readonly own: readonly ServerParam[],
  ) {}

  get(name: string): ServerParam | undefined {
    // A cancelling flag (`no-backup`) is never a parameter of its own.
    if (CANCELS.has(name)) return undefined;
    for (let i = this.own.length - 1; i >= 0; i--) {
      const param = this.own[i]!;
      if (param.name === name) return param;
      if (CANCELS.get(param.name) === name) return undefined;
    }
    return this.inherited.get(name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  values(): IterableIterator<ServerParam> {
    return (this.all ??= applyParams(new Map(this.inherited), this.own)).values();
  }
}

/**
 * The effective parameters: the inherited ones first, then the server's own, a later setting
 * replacing an earlier one of the same name and a `no-X` flag removing `X`.
 */
export function mergeServerParams(inherited: readonly ServerParam[], own: readonly ServerParam[]): ServerParams {
  return new MergedParams(inheritedParams(inherited), own);
}
