/**
 * The settings a proxy section inherits from its defaults section and may override: balance,
 * hash-type, default-server, options (with `no option X`), timeouts, retries, mode, cookie,
 * hash-balance-factor and health checks. A `defaults` section is itself read with the same
 * collector (it may inherit from another with `from NAME`), and proxies copy it.
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
  readonly defaultServer: ServerParam[];
  readonly options: Map<string, OptionSetting>;
  readonly timeouts: Map<string, HaLine>;
}

export function emptySettings(): ProxySettings {
  return { defaultServer: [], options: new Map(), timeouts: new Map() };
}

export function copySettings(from: ProxySettings): ProxySettings {
  return { ...from, defaultServer: [...from.defaultServer], options: new Map(from.options), timeouts: new Map(from.timeouts) };
}

/**
 * Applies one keyword line to the settings; returns whether the line was a setting. In a proxy,
 * `default-server` is left to the caller: it applies only to the servers written after it.
 */
export function applySetting(settings: ProxySettings, line: HaLine, inDefaults: boolean): boolean {
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
      settings.defaultServer.push(...readServerParams(words.slice(1)).params);
      return true;
    case 'timeout':
      if (words[1]) settings.timeouts.set(words[1].value, line);
      return true;
    case 'option':
      if (words[1]) settings.options.set(words[1].value, { line, enabled: true });
      return true;
    case 'no':
    case 'default':
      if (words[1]?.value === 'option' && words[2]) {
        if (keyword === 'no') settings.options.set(words[2].value, { line, enabled: false });
        else settings.options.delete(words[2].value);
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
