/**
 * HAProxy keywords as data: where each balancing-relevant keyword may appear, how many arguments
 * it needs, the version that brought it, and the keywords HAProxy removed with what replaces
 * them. Keywords missing here are accepted silently: HAProxy has hundreds, and lb-drift reports
 * only what it knows to be wrong, so a configuration HAProxy accepts never gets a false error.
 */
import type { SectionKind } from './syntax';

type ProxySection = 'defaults' | 'frontend' | 'backend' | 'listen';

export interface KeywordSpec {
  readonly sections: readonly SectionKind[];
  /** Arguments the keyword needs at least. */
  readonly minArgs?: number;
  /** The HAProxy version that brought it. */
  readonly since?: string;
}

export interface RemovedKeyword {
  /** The version that no longer accepts it. */
  readonly removedIn: string;
  /** What to write instead, as an instruction. */
  readonly replacement: string;
  /** The exact keyword that replaces it, when a rename is the whole fix. */
  readonly rename?: string;
}

const BACKENDS: readonly ProxySection[] = ['defaults', 'backend', 'listen'];
const FRONTENDS: readonly ProxySection[] = ['defaults', 'frontend', 'listen'];
const PROXIES: readonly ProxySection[] = ['defaults', 'frontend', 'backend', 'listen'];

const KEYWORD_TABLE: Readonly<Record<string, KeywordSpec>> = {
  server: { sections: ['backend', 'listen', 'peers', 'ring'], minArgs: 1 },
  'server-template': { sections: ['backend', 'listen'], minArgs: 3, since: '1.8' },
  'default-server': { sections: BACKENDS, minArgs: 0 },
  balance: { sections: BACKENDS, minArgs: 0 },
  'hash-type': { sections: BACKENDS, minArgs: 1 },
  'hash-balance-factor': { sections: BACKENDS, minArgs: 1, since: '1.8' },
  use_backend: { sections: ['frontend', 'listen'], minArgs: 1 },
  default_backend: { sections: FRONTENDS, minArgs: 1 },
  'use-server': { sections: ['backend', 'listen'], minArgs: 1 },
  cookie: { sections: BACKENDS, minArgs: 1 },
  retries: { sections: BACKENDS, minArgs: 1 },
  'stick-table': { sections: ['frontend', 'backend', 'listen', 'peers'], minArgs: 0 },
  'http-check': { sections: BACKENDS, minArgs: 1 },
  timeout: { sections: PROXIES, minArgs: 2 },
  mode: { sections: PROXIES, minArgs: 1 },
  bind: { sections: ['frontend', 'listen', 'peers', 'log-forward'], minArgs: 1 },
  option: { sections: PROXIES, minArgs: 1 },
  nbthread: { sections: ['global'], minArgs: 1, since: '1.8' },
  'http-after-response': { sections: PROXIES, minArgs: 1, since: '2.2' },
};

const REMOVED_KEYWORD_TABLE: Readonly<Record<string, RemovedKeyword>> = {
  contimeout: { removedIn: '2.1', replacement: 'timeout connect', rename: 'timeout connect' },
  clitimeout: { removedIn: '2.1', replacement: 'timeout client', rename: 'timeout client' },
  srvtimeout: { removedIn: '2.1', replacement: 'timeout server', rename: 'timeout server' },
  redispatch: { removedIn: '2.1', replacement: 'option redispatch', rename: 'option redispatch' },
  nbproc: { removedIn: '2.5', replacement: 'nbthread (threads replace processes)', rename: 'nbthread' },
  'bind-process': { removedIn: '2.5', replacement: 'the "thread" setting of "bind" lines (threads replace processes)' },
  'cpu-map-process': { removedIn: '2.5', replacement: 'cpu-map with thread numbers' },
  'monitor-net': { removedIn: '2.5', replacement: '"http-request return status 200 if { src <net> }" or "tcp-request connection" rules' },
  appsession: { removedIn: '1.6', replacement: '"cookie" persistence or "stick-table"/"stick on"' },
  block: { removedIn: '2.1', replacement: 'http-request deny', rename: 'http-request deny' },
  reqadd: { removedIn: '2.1', replacement: 'http-request add-header' },
  reqdel: { removedIn: '2.1', replacement: 'http-request del-header' },
  reqidel: { removedIn: '2.1', replacement: 'http-request del-header' },
  reqrep: { removedIn: '2.1', replacement: 'http-request replace-header, replace-path or replace-uri' },
  reqirep: { removedIn: '2.1', replacement: 'http-request replace-header, replace-path or replace-uri' },
  reqdeny: { removedIn: '2.1', replacement: 'http-request deny' },
  reqideny: { removedIn: '2.1', replacement: 'http-request deny' },
  reqallow: { removedIn: '2.1', replacement: 'http-request allow' },
  reqiallow: { removedIn: '2.1', replacement: 'http-request allow' },
  reqpass: { removedIn: '2.1', replacement: 'http-request rules (reqpass has no effect of its own)' },
  reqipass: { removedIn: '2.1', replacement: 'http-request rules (reqipass has no effect of its own)' },
  reqtarpit: { removedIn: '2.1', replacement: 'http-request tarpit' },
  reqitarpit: { removedIn: '2.1', replacement: 'http-request tarpit' },
  rspadd: { removedIn: '2.1', replacement: 'http-response add-header' },
  rspdel: { removedIn: '2.1', replacement: 'http-response del-header' },
  rspidel: { removedIn: '2.1', replacement: 'http-response del-header' },
  rsprep: { removedIn: '2.1', replacement: 'http-response replace-header' },
  rspirep: { removedIn: '2.1', replacement: 'http-response replace-header' },
  rspdeny: { removedIn: '2.1', replacement: 'http-response deny' },
  rspideny: { removedIn: '2.1', replacement: 'http-response deny' },
};

/** Removed `option` names. */
const REMOVED_OPTION_TABLE: Readonly<Record<string, RemovedKeyword>> = {
  'http-use-htx': { removedIn: '2.1', replacement: 'nothing: HTX is always on; remove the line' },
  'http-tunnel': { removedIn: '2.1', replacement: 'option http-keep-alive (the default) or option httpclose' },
  forceclose: { removedIn: '2.0', replacement: 'option httpclose', rename: 'option httpclose' },
  'independant-streams': { removedIn: '1.5', replacement: 'option independent-streams', rename: 'option independent-streams' },
};

/** `balance` algorithms HAProxy knows, with the version that brought the newer ones. */
const BALANCE_ALGORITHM_TABLE: Readonly<Record<string, { readonly since?: string }>> = {
  roundrobin: {},
  'static-rr': {},
  leastconn: {},
  first: { since: '1.5' },
  source: {},
  uri: {},
  url_param: {},
  hdr: {},
  'rdp-cookie': {},
  random: { since: '1.9' },
  hash: { since: '2.6' },
};

const HASH_FUNCTION_TABLE: Readonly<Record<string, { readonly since?: string }>> = {
  sdbm: {},
  djb2: {},
  wt6: {},
  crc32: {},
  none: { since: '2.8' },
};

/*
 * The tables above are written as object literals for reading; lookups go through maps, so a
 * word such as `constructor` or `__proto__` in a configuration finds nothing.
 */
export const KEYWORDS: ReadonlyMap<string, KeywordSpec> = new Map(Object.entries(KEYWORD_TABLE));
export const REMOVED_KEYWORDS: ReadonlyMap<string, RemovedKeyword> = new Map(Object.entries(REMOVED_KEYWORD_TABLE));
export const REMOVED_OPTIONS: ReadonlyMap<string, RemovedKeyword> = new Map(Object.entries(REMOVED_OPTION_TABLE));
export const BALANCE_ALGORITHMS: ReadonlyMap<string, { readonly since?: string }> = new Map(Object.entries(BALANCE_ALGORITHM_TABLE));
export const HASH_FUNCTIONS: ReadonlyMap<string, { readonly since?: string }> = new Map(Object.entries(HASH_FUNCTION_TABLE));
