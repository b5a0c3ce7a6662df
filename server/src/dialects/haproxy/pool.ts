/**
 * One `backend` or `listen` section -> a model pool: its members (default-server inheritance and
 * server-template expansion), its balance algorithm and hash, health checks, stickiness, and the
 * facts rules and the traffic engine read, each with where it is written (the defaults section
 * when inherited).
 */
import type { ParseProblem } from '../../core/finding';
import type { FactValue, HealthCheck, Pool, Stickiness } from '../../core/model';
import type { Loc } from '../../core/span';
import { readBalance } from './balance';
import { inheritedSlots, readServerParams, readSlots } from './server-params';
import { serverRulesOf } from './server-rules';
import { assignServerIds, paramLoc, readServerLine, type HaproxyMember, type ServerDefaults } from './servers';
import { reportServerIdProblems } from './server-ids';
import { optionOn, type ProxySettings } from './settings';
import type { HaLine, HaSection } from './syntax';

/** Options a rule or the traffic engine needs, exposed as `option NAME` facts when on. */
const OPTION_FACTS = ['allbackups', 'redispatch', 'httpchk', 'persist', 'prefer-last-server', 'tcp-check', 'ssl-hello-chk', 'mysql-check', 'pgsql-check', 'redis-check', 'smtpchk', 'ldap-check'];

/**
 * A fact written on a line: its value is the words after the first `skip`, its location the line.
 * Kept per line object for the lines of `defaults` sections (`inherited`), which are facts of
 * every proxy inheriting them; a proxy's own line is read once, and keeping it would only grow
 * the tables (weak tables cost the garbage collector a look at every entry).
 */
const FACTS_FROM: readonly WeakMap<HaLine, FactValue>[] = [new WeakMap(), new WeakMap(), new WeakMap()];

function lineFact(line: HaLine, skip: 1 | 2, file: string, inherited: boolean): FactValue {
  const known = inherited ? FACTS_FROM[skip]!.get(line) : undefined;
  if (known && known.loc.file === file) return known;
  let value = '';
  for (let i = skip; i < line.words.length; i++) value += i === skip ? line.words[i]!.value : ` ${line.words[i]!.value}`;
  const fact = { value, loc: { file, start: line.start, end: line.end } };
  if (inherited) FACTS_FROM[skip]!.set(line, fact);
  return fact;
}

const OPTION_FACT_NAMES = OPTION_FACTS.map((name) => [name, `option ${name}`] as const);
const TIMEOUT_FACT_NAMES = new Map<string, string>();
const timeoutFact = (name: string): string => {
  let fact = TIMEOUT_FACT_NAMES.get(name);
  if (fact === undefined) TIMEOUT_FACT_NAMES.set(name, (fact = `timeout ${name}`));
  return fact;
};

export function buildPool(section: HaSection, settings: ProxySettings, own: readonly HaLine[], file: string, problems: ParseProblem[]): Pool {
  const lineLoc = (line: HaLine): Loc => ({ file, start: line.start, end: line.end });
  // Lines outside the section are a defaults section's.
  const written = (line: HaLine, skip: 1 | 2): FactValue => lineFact(line, skip, file, line.start < section.start || line.start > section.end);
  const balanceFact = settings.balance && written(settings.balance, 1);
  const facts: Record<string, FactValue> = {};
  const fact = (name: string, line: HaLine | undefined, value?: string) => {
    if (line) facts[name] = value === undefined ? (line === settings.balance ? balanceFact! : written(line, 1)) : { value, loc: lineLoc(line) };
  };

  // default-server lines apply to the servers written after them. Until the first, the servers
  // take the defaults section's list itself, whose slots are then read once for all the proxies
  // inheriting it (server-params.ts).
  let serverDefaults: ServerDefaults = { list: settings.defaultServer, slots: inheritedSlots(settings.defaultServer) };
  const members: HaproxyMember[] = [];
  for (const line of own) {
    const keyword = line.words[0]!.value;
    if (keyword === 'server' || keyword === 'server-template') readServerLine(line, serverDefaults, file, problems, members);
    else if (keyword === 'default-server') {
      const params = readServerParams(line.words, 1).params;
      serverDefaults = { list: [...serverDefaults.list, ...params], slots: readSlots(params, [...serverDefaults.slots]) };
    } else if (keyword === 'stick-table' || keyword === 'stick' || keyword === 'use-server') fact(keyword, line);
  }
  assignServerIds(members);
  reportDuplicateNames(members, section, file, problems);
  reportServerIdProblems(members, file, problems);

  const reading = readBalance(settings.balance, settings.hashType, file);
  const mode = settings.mode?.words[1]?.value ?? 'tcp';
  fact('mode', settings.mode);
  fact('balance', settings.balance);
  fact('hash-type', settings.hashType);
  fact('hash-balance-factor', settings.hashBalanceFactor);
  fact('retries', settings.retries);
  fact('cookie', settings.cookie);
  fact('http-check', settings.httpCheck);
  for (const [name, line] of settings.timeouts) facts[timeoutFact(name)] = written(line, 2);
  for (const [name, fact] of OPTION_FACT_NAMES) {
    const line = optionOn(settings, name)?.line;
    if (line) facts[fact] = written(line, 1);
  }
  if (reading.draws !== undefined && settings.balance) fact('random-draws', settings.balance, String(reading.draws));

  // HAProxy falls back to round-robin when a layer-7 hash is asked for outside `mode http`.
  const fallback = reading.needsHttp && mode !== 'http';
  if (fallback && settings.balance) fact('layer7-fallback', settings.balance, `balance ${balanceFact!.value} needs mode http; mode is ${mode}, so HAProxy balances round-robin`);
  const algorithm = fallback ? 'round-robin' : reading.algorithm;
  const balanceLoc = settings.balance ? lineLoc(settings.balance) : undefined;

  const kind = section.kind;
  const name = section.name!.value;
  // Written field by field in the model's order: a literal with spreads and a getter costs more
  // than the pool's servers. Optional fields are left out, not undefined.
  const pool: Record<string, unknown> = {};
  pool.key = `${kind} ${name}`;
  pool.name = name;
  pool.dialect = 'haproxy';
  pool.kind = 'members';
  pool.context = kind;
  pool.loc = { file, start: section.start, end: section.end };
  pool.nameLoc = { file, start: section.name!.start, end: section.name!.end };
  pool.algorithm = algorithm;
  pool.algorithmText = balanceFact ? `balance ${balanceFact.value}` : '';
  if (balanceLoc) pool.algorithmLoc = balanceLoc;
  if (reading.hash && !fallback) pool.hash = reading.hash;
  pool.members = members;
  pool.health = healthOf(members, file);
  const stickiness = stickinessOf(facts);
  if (stickiness) pool.stickiness = stickiness;
  pool.facts = facts;
  const { memberReferences } = serverRulesOf(own, members, file);
  if (memberReferences) pool.memberReferences = memberReferences;
  return pool as unknown as Pool;
}

/** `check` on every server that can serve is active checking. */
function healthOf(members: readonly HaproxyMember[], file: string): HealthCheck {
  let serving = false;
  let everyServingChecked = true;
  let checked: HaproxyMember | undefined;
  let passive = false;
  for (const m of members) {
    const check = m.checkParam !== undefined;
    if (check) checked ??= m;
    if (m.state === 'up' && m.weight > 0) {
      serving = true;
      everyServingChecked &&= check;
    }
    passive ||= m.observed;
  }
  const activeLoc = checked && paramLoc(checked.checkParam!, file);
  const active = serving && everyServingChecked;
  return activeLoc ? { active, activeLoc, passive, passiveDisabledAt: [] } : { active, passive, passiveDisabledAt: [] };
}

/** From the pool's `cookie` fact (its words after the keyword, the line's location), else its `stick` fact. */
function stickinessOf(facts: Record<string, FactValue>): Stickiness | undefined {
  const cookie = facts.cookie;
  if (cookie) return { kind: `cookie ${cookie.value}`, loc: cookie.loc };
  const stick = facts.stick;
  return stick ? { kind: `stick ${stick.value}`, loc: stick.loc } : undefined;
}
/** HAProxy refuses two servers of one proxy with the same name unless they have explicit ids. */
function reportDuplicateNames(members: readonly HaproxyMember[], section: HaSection, file: string, problems: ParseProblem[]): void {
  const seen = new Map<string, HaproxyMember>();
  for (const member of members) {
    if (member.idParam) continue;
    const earlier = seen.get(member.name);
    if (earlier && earlier.line !== member.line) {
      const at = member.nameWord;
      problems.push({
        kind: 'syntax',
        message: `${section.kind} ${section.name?.value ?? ''}: another server named "${member.name}" is already defined; use distinct names`,
        loc: { file, start: at.start, end: at.end },
      });
    } else seen.set(member.name, member);
  }
}
