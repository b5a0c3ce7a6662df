/**
 * The settings a proxy section inherits from its defaults section and may override: balance,
 * hash-type, default-server, options (with `no option X`), timeouts, retries, mode, cookie,
 * hash-balance-factor and health checks. A `defaults` section is itself read with the same
 * collector (it may inherit from another with `from NAME`), and proxies copy it. A copy shares the
 * lists and maps of the settings it copies until a line of its own changes one: most proxies
 * change none, and copying them was a tenth of lowering a backend.
 */
import type { ServerParam } from './server-params';
import { readServerParams } from './server-params';
import { lineKeyword, wordIs, wordValue, type HaLine } from './syntax';

export interface OptionSetting {
  readonly line: HaLine;
  readonly enabled: boolean;
}

export interface ProxySettings {
  balance?: HaLine;
  hashType?: HaLine;
  hashBalanceFactor?: HaLine;
  retries?: HaLine;
  mode?: HaLine;
  cookie?: HaLine;
  httpCheck?: HaLine;
  readonly defaultServer: readonly ServerParam[];
  readonly options: ReadonlyMap<string, OptionSetting>;
  readonly timeouts: ReadonlyMap<string, HaLine>;
}

/**
 * The settings being collected, one shape for every section (a copy is a constructor call, where
 * a spread of settings of many shapes took the slow path): which of the lists and maps are still
 * the copied settings'.
 */
class Collected implements ProxySettings {
  balance: HaLine | undefined;
  hashType: HaLine | undefined;
  hashBalanceFactor: HaLine | undefined;
  retries: HaLine | undefined;
  mode: HaLine | undefined;
  cookie: HaLine | undefined;
  httpCheck: HaLine | undefined;
  defaultServer: ServerParam[];
  options: Map<string, OptionSetting>;
  timeouts: Map<string, HaLine>;
  borrowedDefaultServer: boolean;
  borrowedOptions: boolean;
  borrowedTimeouts: boolean;

  constructor(from: Collected | undefined) {
    this.balance = from?.balance;
    this.hashType = from?.hashType;
    this.hashBalanceFactor = from?.hashBalanceFactor;
    this.retries = from?.retries;
    this.mode = from?.mode;
    this.cookie = from?.cookie;
    this.httpCheck = from?.httpCheck;
    this.defaultServer = from ? from.defaultServer : [];
    this.options = from ? from.options : new Map();
    this.timeouts = from ? from.timeouts : new Map();
    this.borrowedDefaultServer = from !== undefined;
    this.borrowedOptions = from !== undefined;
    this.borrowedTimeouts = from !== undefined;
  }

  /** The own list of `default-server` parameters, copied from the settings copied at the first change. */
  ownDefaultServer(): ServerParam[] {
    if (this.borrowedDefaultServer) {
      this.borrowedDefaultServer = false;
      this.defaultServer = [...this.defaultServer];
    }
    return this.defaultServer;
  }

  ownOptions(): Map<string, OptionSetting> {
    if (this.borrowedOptions) {
      this.borrowedOptions = false;
      this.options = copyMap(this.options);
    }
    return this.options;
  }

  ownTimeouts(): Map<string, HaLine> {
    if (this.borrowedTimeouts) {
      this.borrowedTimeouts = false;
      this.timeouts = copyMap(this.timeouts);
    }
    return this.timeouts;
  }
}

/**
 * A copy of a map, in its order, without its iterator: `new Map(map)` reads it through the
 * iteration protocol, an entry list and a result object per entry, for every proxy with an
 * `option` or `timeout` line of its own.
 */
function copyMap<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  const copy = new Map<K, V>();
  map.forEach(copyEntry, copy);
  return copy;
}

function copyEntry<K, V>(this: Map<K, V>, value: V, key: K): void {
  this.set(key, value);
}

export function emptySettings(): ProxySettings {
  return new Collected(undefined);
}

/** A copy to apply lines to; its lists and maps are copied when a line first changes them. */
export function copySettings(from: ProxySettings): ProxySettings {
  return new Collected(from as Collected);
}

/**
 * Applies one keyword line to the settings; returns whether the line was a setting. In a proxy,
 * `default-server` is left to the caller: it applies only to the servers written after it.
 */
export function applySetting(collected: ProxySettings, line: HaLine, inDefaults: boolean): boolean {
  const settings = collected as Collected;
  const keyword = lineKeyword(line)!;
  switch (keyword) {
    case 'balance':
      settings.balance = line;
      return true;
    case 'hash-type':
      settings.hashType = line;
      return true;
    case 'hash-balance-factor':
      settings.hashBalanceFactor = line;
      return true;
    case 'retries':
      settings.retries = line;
      return true;
    case 'mode':
      settings.mode = line;
      return true;
    case 'cookie':
      settings.cookie = line;
      return true;
    case 'http-check':
      settings.httpCheck ??= line;
      return true;
    case 'default-server':
      if (!inDefaults) return false;
      settings.ownDefaultServer().push(...readServerParams(line, 1).params);
      return true;
    case 'timeout': {
      const name = wordValue(line, 1);
      if (name !== undefined) settings.ownTimeouts().set(name, line);
      return true;
    }
    case 'option': {
      const name = wordValue(line, 1);
      if (name !== undefined) settings.ownOptions().set(name, { line, enabled: true });
      return true;
    }
    case 'no':
    case 'default': {
      const name = wordIs(line, 1, 'option') ? wordValue(line, 2) : undefined;
      if (name !== undefined && keyword === 'no') settings.ownOptions().set(name, { line, enabled: false });
      else if (name !== undefined) settings.ownOptions().delete(name);
      return true;
    }
    default:
      return false;
  }
}

/** Whether the settings' timeouts are still those of the settings they copy (no line of theirs changed one). */
export function timeoutsBorrowed(settings: ProxySettings): boolean {
  return settings instanceof Collected && settings.borrowedTimeouts;
}

export function optionsBorrowed(settings: ProxySettings): boolean {
  return settings instanceof Collected && settings.borrowedOptions;
}

export function optionOn(settings: ProxySettings, name: string): OptionSetting | undefined {
  const option = settings.options.get(name);
  return option?.enabled ? option : undefined;
}
