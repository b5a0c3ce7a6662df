/**
 * Every directive name lb-drift knows, with the builds of nginx that accept it: open-source nginx
 * (and since which release), NGINX Plus, and the common third-party modules. A name missing from
 * every list makes nginx refuse to start ("unknown directive"); a name only some builds have is
 * worth a word when the project says which build it targets.
 */
import { NGINX_CORE } from './nginx-core';
import { NGINX_HTTP } from './nginx-http';
import { NGINX_PLUS } from './nginx-plus';
import { NGINX_STREAM } from './nginx-stream';
import { OFFICIAL_ADDONS } from './official-addons';
import { OPENRESTY_AND_NJS } from './third-party-openresty';
import { OTHER_THIRD_PARTY } from './third-party-other';
import type { DirectiveBuild, KnownModule, KnownWhere } from './types';

export type { DirectiveBuild, KnownWhere } from './types';

const MODULES: readonly KnownModule[] = [
  ...NGINX_CORE,
  ...NGINX_HTTP,
  ...NGINX_STREAM,
  ...NGINX_PLUS,
  ...OFFICIAL_ADDONS,
  ...OPENRESTY_AND_NJS,
  ...OTHER_THIRD_PARTY,
];

interface Entry {
  readonly where: KnownWhere;
  readonly build: DirectiveBuild;
}

const NAME = /^([^@!]+)(?:@([\d.]+))?(?:!([\d.]+))?$/;

function buildIndex(): Map<string, Entry[]> {
  const index = new Map<string, Entry[]>();
  for (const module of MODULES) {
    const edition = module.plus ? 'commercial' : module.thirdParty ? 'third-party' : 'open-source';
    for (const token of module.names.split(/\s+/)) {
      const match = NAME.exec(token);
      if (!match) continue;
      const [, name, since, until] = match;
      const build: DirectiveBuild = {
        edition,
        module: module.module,
        ...(since && edition === 'open-source' ? { since } : {}),
        ...(until ? { until } : {}),
        ...(module.addon ? { addon: module.addon } : {}),
      };
      let entries = index.get(name!);
      if (!entries) index.set(name!, (entries = []));
      entries.push({ where: module.where, build });
    }
  }
  return index;
}

let index: Map<string, Entry[]> | undefined;

function entriesOf(name: string): Entry[] | undefined {
  index ??= buildIndex();
  return index.get(name);
}

/** The coarse family of a place: a name of the same family is the likelier meant one. */
function familyOf(where: KnownWhere): string {
  switch (where) {
    case 'upstream':
      return 'http';
    case 'stream-upstream':
      return 'stream';
    case 'events':
      return 'main';
    default:
      return where;
  }
}

/**
 * The builds that accept `name` where it stands, or undefined when no build lb-drift knows has the
 * name anywhere. A name known only elsewhere (`gzip` in a stream block) gives the builds of
 * elsewhere: where a known directive may stand is the context check's business, not this one's.
 */
export function directiveBuilds(name: string, where: KnownWhere): readonly DirectiveBuild[] | undefined {
  const entries = entriesOf(name);
  if (!entries) return undefined;
  const exact = entries.filter((e) => e.where === where || e.where === 'any');
  // Third-party lists say `http` for a module's upstream directives too.
  const family = entries.filter((e) => e.build.edition === 'third-party' && familyOf(e.where) === familyOf(where));
  const chosen = exact.length > 0 ? [...exact, ...family.filter((e) => !exact.includes(e))] : family.length > 0 ? family : entries;
  return chosen.map((e) => e.build);
}

/** Whether every build of the list is open-source nginx 1.0.0 or later, never removed, built in. */
export function isPlainDirective(builds: readonly DirectiveBuild[]): boolean {
  return builds.some((b) => b.edition === 'open-source' && !b.since && !b.until && !b.addon);
}

const suggestions = new Map<string, string | null>();

/**
 * The known name closest to an unknown one, within two edits (one for names of three letters or
 * fewer), preferring names of the same family of contexts, then open-source nginx, then the
 * alphabet.
 */
export function suggestDirective(name: string, where: KnownWhere): string | undefined {
  const key = `${where}\u0000${name}`;
  const cached = suggestions.get(key);
  if (cached !== undefined) return cached ?? undefined;
  index ??= buildIndex();
  const limit = name.length <= 3 ? 1 : 2;
  const family = familyOf(where);
  let best: { name: string; rank: number[] } | undefined;
  for (const [candidate, entries] of index) {
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate, limit);
    if (distance > limit) continue;
    const sameFamily = entries.some((e) => familyOf(e.where) === family || e.where === 'any');
    const openSource = entries.some((e) => e.build.edition === 'open-source');
    const rank = [distance, sameFamily ? 0 : 1, openSource ? 0 : 1];
    if (!best || compareRanks(rank, best.rank, candidate, best.name) < 0) best = { name: candidate, rank };
  }
  suggestions.set(key, best?.name ?? null);
  return best?.name;
}

function compareRanks(a: number[], b: number[], nameA: string, nameB: string): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}

/**
 * Levenshtein distance with adjacent transpositions counted as one edit (`porxy_pass`), cut
 * short once every path exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const n = b.length;
  let before: number[] = [];
  let previous: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return rowMin;
    before = previous;
    previous = current;
  }
  return previous[n]!;
}
