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
import type { HaLine } from './syntax';

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

/** The settings being collected: which of the lists and maps are still the copied settings'. */
interface Collected extends ProxySettings {
  defaultServer: ServerParam[];
  options: Map<string, OptionSetting>;
  timeouts: Map<string, HaLine>;
  borrowed?: { defaultServer: boolean; options: boolean; timeouts: boolean };
}

export function emptySettings(): ProxySettings {
  return { defaultServer: [], options: new Map(), timeouts: new Map() };
}

/** A copy to apply lines to; its lists and maps are copied when a line first changes them. */
export function copySettings(from: ProxySettings): ProxySettings {
  const copy: Collected = { ...(from as Collected), borrowed: { defaultServer: true, options: true, timeouts: true } };
  return copy;
}

/** The settings' own `key` list or map, copied from the settings they copy on the first change. */
function own<K extends 'defaultServer' | 'options' | 'timeouts'>(settings: Collected, key: K): Collected[K] {
  if (settings.borrowed?.[key]) {
    settings.borrowed[key] = false;
    const value = settings[key];
    settings[key] = (Array.isArray(value) ? [...value] : new Map(value as Map<string, unknown>)) as Collected[K];
  }
  return settings[key];
}

/**
 * Applies one keyword line to the settings; returns whether the line was a setting. In a proxy,
 * `default-server` is left to the caller: it applies only to the servers written after it.
 */
export function applySetting(collected: ProxySettings, line: HaLine, inDefaults: boolean): boolean {
  const settings = collected as Collected;
  const words = line.words;
  const keyword = words[0]!.value;
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
      own(settings, 'defaultServer').push(...readServerParams(words, 1).params);
      return true;
    case 'timeout':
      if (words[1]) own(settings, 'timeouts').set(words[1].value, line);
      return true;
    case 'option':
      if (words[1]) own(settings, 'options').set(words[1].value, { line, enabled: true });
      return true;
    case 'no':
    case 'default':
      if (words[1]?.value === 'option' && words[2]) {
        if (keyword === 'no') own(settings, 'options').set(words[2].value, { line, enabled: false });
        else own(settings, 'options').delete(words[2].value);
      }
      return true;
    default:
      return false;
  }
}

export function optionOn(settings: ProxySettings, name: string): OptionSetting | undefined {
  const option = settings.options.get(name);
  return option?.enabled ? option : undefined;
}
