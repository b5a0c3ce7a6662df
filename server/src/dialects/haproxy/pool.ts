/**
 * One `backend` or `listen` section -> a model pool: its members (default-server inheritance and
 * server-template expansion), its balance algorithm and hash, health checks, stickiness, and the
 * facts rules and the traffic engine read, each with where it is written (the defaults section
 * when inherited).
 */
import type { ParseProblem } from '../../core/finding';
import type { FactValue, HealthCheck, MemberReference, Pool, Stickiness } from '../../core/model';
import type { Loc } from '../../core/span';
import { readBalance } from './balance';
import { CHECK, emptySlots, ID, inheritedSlots, OBSERVE, type ServerParam, type Slots } from './server-params';
import { serverRulesOf } from './server-rules';
import { ServerDefaults } from './server-defaults';
import { assignServerIds, paramLoc, readServerLine, type HaproxyMember } from './servers';
import { reportServerIdProblems } from './server-ids';
import { optionOn, optionsBorrowed, timeoutsBorrowed, type ProxySettings } from './settings';
import { joinedWordValues, lineKeyword, wordValue, type HaLine, type HaSection } from './syntax';

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
  const fact = { value: joinedWordValues(line, skip), loc: { file, start: line.start, end: line.end } };
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

/** A fact written on `line` of a pool's `section` or of the defaults section it inherits (outside it). */
function writtenFact(line: HaLine, skip: 1 | 2, file: string, section: HaSection): FactValue {
  return lineFact(line, skip, file, line.start < section.start || line.start > section.end);
}

/**
 * The timeout facts (in the map's order) or the option facts (in OPTION_FACTS order) of a map of
 * settings. A defaults section's map, which every proxy changing none of its timeouts (or options)
 * shares, is read once per file for all of them: its lines are all outside the proxies.
 */
type NamedFacts = readonly (readonly [string, FactValue])[];
const SHARED_FACTS = new WeakMap<object, { readonly file: string; readonly facts: NamedFacts }>();

function timeoutFacts(settings: ProxySettings, file: string, section: HaSection): NamedFacts {
  if (!timeoutsBorrowed(settings)) return readTimeoutFacts(settings, file, section);
  // Shared: read once per defaults map and file, without a closure per pool.
  const known = SHARED_FACTS.get(settings.timeouts);
  if (known && known.file === file) return known.facts;
  return keepShared(settings.timeouts, file, readTimeoutFacts(settings, file, section));
}

function optionFacts(settings: ProxySettings, file: string, section: HaSection): NamedFacts {
  if (!optionsBorrowed(settings)) return readOptionFacts(settings, file, section);
  const known = SHARED_FACTS.get(settings.options);
  if (known && known.file === file) return known.facts;
  return keepShared(settings.options, file, readOptionFacts(settings, file, section));
}

function readTimeoutFacts(settings: ProxySettings, file: string, section: HaSection): NamedFacts {
  const facts: [string, FactValue][] = [];
  for (const [name, line] of settings.timeouts) facts.push([timeoutFact(name), writtenFact(line, 2, file, section)]);
  return facts;
}

function readOptionFacts(settings: ProxySettings, file: string, section: HaSection): NamedFacts {
  const facts: [string, FactValue][] = [];
  for (const [name, fact] of OPTION_FACT_NAMES) {
    const line = optionOn(settings, name)?.line;
    if (line) facts.push([fact, writtenFact(line, 1, file, section)]);
  }
  return facts;
}

function keepShared(map: object, file: string, facts: NamedFacts): NamedFacts {
  SHARED_FACTS.set(map, { file, facts });
  return facts;
}

/**
 * The members of the proxy being read, in order (`readServerLine` writes them): one list for
 * every pool, which keeps a copy at its size, where a list of its own grew by pushes to room for
 * 17 servers or more and was thrown away.
 */
const READ_MEMBERS: HaproxyMember[] = [];

/** The slots in effect after a proxy's `default-server` lines, while its servers are read (the levels of `ServerDefaults` keep no copy). */
const POOL_SLOTS: Slots = emptySlots();

/** `text`: the text the section's lines were parsed from (server addresses are judged in it). */
export function buildPool(section: HaSection, settings: ProxySettings, own: readonly HaLine[], file: string, text: string, problems: ParseProblem[]): Pool {
  const balanceFact = settings.balance && writtenFact(settings.balance, 1, file, section);
  const facts: Record<string, FactValue> = {};

  // default-server lines apply to the servers written after them. Until the first, the servers
  // take the defaults section's list itself, whose slots are then read once for all the proxies
  // inheriting it (server-params.ts).
  let serverDefaults = ServerDefaults.root(settings.defaultServer, file);
  // The slots in effect, for the server lines read: the root's own (shared: not written), then a
  // scratch copy each default-server line applies its parameters to.
  let slots = inheritedSlots(settings.defaultServer);
  let count = 0;
  for (const line of own) {
    const keyword = lineKeyword(line);
    if (keyword === 'server' || keyword === 'server-template') count = readServerLine(line, serverDefaults, slots, text, problems, READ_MEMBERS, count);
    else if (keyword === 'default-server') {
      if (slots !== POOL_SLOTS) for (let i = 0; i < slots.length; i++) POOL_SLOTS[i] = slots[i];
      slots = POOL_SLOTS;
      serverDefaults = serverDefaults.then(line, POOL_SLOTS);
    } else if (keyword === 'stick-table' || keyword === 'stick' || keyword === 'use-server') facts[keyword] = writtenFact(line, 1, file, section);
  }
  // The pool keeps a copy at its size; the scratch list lets go of the members it read.
  const members = READ_MEMBERS.slice(0, count);
  READ_MEMBERS.fill(undefined as unknown as HaproxyMember, 0, count);
  POOL_SLOTS.fill(undefined);
  assignServerIds(members);
  reportDuplicateNames(members, section, file, text, problems);
  reportServerIdProblems(members, file, problems);

  const reading = readBalance(settings.balance, settings.hashType, file);
  const mode = (settings.mode && wordValue(settings.mode, 1)) ?? 'tcp';
  if (settings.mode) facts.mode = writtenFact(settings.mode, 1, file, section);
  if (balanceFact) facts.balance = balanceFact;
  if (settings.hashType) facts['hash-type'] = writtenFact(settings.hashType, 1, file, section);
  if (settings.hashBalanceFactor) facts['hash-balance-factor'] = writtenFact(settings.hashBalanceFactor, 1, file, section);
  if (settings.retries) facts.retries = writtenFact(settings.retries, 1, file, section);
  if (settings.cookie) facts.cookie = writtenFact(settings.cookie, 1, file, section);
  if (settings.httpCheck) facts['http-check'] = writtenFact(settings.httpCheck, 1, file, section);
  for (const [name, fact] of timeoutFacts(settings, file, section)) facts[name] = fact;
  for (const [name, fact] of optionFacts(settings, file, section)) facts[name] = fact;
  if (reading.draws !== undefined && balanceFact) facts['random-draws'] = { value: String(reading.draws), loc: balanceFact.loc };

  // HAProxy falls back to round-robin when a layer-7 hash is asked for outside `mode http`.
  const fallback = reading.needsHttp && mode !== 'http';
  if (fallback && balanceFact) {
    facts['layer7-fallback'] = { value: `balance ${balanceFact.value} needs mode http; mode is ${mode}, so HAProxy balances round-robin`, loc: balanceFact.loc };
  }
  const algorithm = fallback ? 'round-robin' : reading.algorithm;
  // The balance line's location is its fact's (the same file, start and end): one object for both.
  const balanceLoc = balanceFact ? balanceFact.loc : undefined;

  const { memberReferences } = serverRulesOf(own, members, file);
  return new LoweredPool(section, file, algorithm, balanceFact ? algorithmText(balanceFact.value) : '', balanceLoc, fallback ? undefined : reading.hash, members, healthOf(members, file), facts, memberReferences) as unknown as Pool;
}

/**
 * `balance VALUE`, one string per value: a file's backends write a handful of balance lines, and
 * each pool keeps its text for as long as the model lives (21,000 in a 10 MB file). Bounded: a
 * file with many distinct values starts the table over.
 */
const ALGORITHM_TEXTS = new Map<string, string>();

function algorithmText(value: string): string {
  let text = ALGORITHM_TEXTS.get(value);
  if (text === undefined) {
    if (ALGORITHM_TEXTS.size >= 256) ALGORITHM_TEXTS.clear();
    ALGORITHM_TEXTS.set(value, (text = `balance ${value}`));
  }
  return text;
}

/**
 * A lowered pool: its fields written in the model's order, optional ones left out (not
 * undefined). A class rather than a literal grown field by field: V8 counts the constructor's
 * `this.` stores and makes the object at that size with every field inside it (a literal grown
 * to sixteen fields moves them to a property store it reallocates three times), and one shape
 * serves every pool with the same optional fields. The fields are declared only, so none is
 * defined before the constructor writes it.
 */
class LoweredPool {
  declare key: string;
  declare name: string;
  declare dialect: 'haproxy';
  declare kind: 'members';
  declare context: string;
  declare loc: Loc;
  declare nameLoc: Loc;
  declare algorithm: Pool['algorithm'];
  declare algorithmText: string;
  declare algorithmLoc: Loc;
  declare hash: NonNullable<Pool['hash']>;
  declare members: HaproxyMember[];
  declare health: HealthCheck;
  declare stickiness: Stickiness;
  declare facts: Record<string, FactValue>;
  declare memberReferences: MemberReference[];

  constructor(
    section: HaSection,
    file: string,
    algorithm: Pool['algorithm'],
    algorithmText: string,
    algorithmLoc: Loc | undefined,
    hash: Pool['hash'],
    members: HaproxyMember[],
    health: HealthCheck,
    facts: Record<string, FactValue>,
    memberReferences: MemberReference[] | undefined,
  ) {
    const kind = section.kind;
    const name = section.name!.value;
    // A short rope costs what the flat string would (its pieces are kept anyway): made by +.
    this.key = `${kind} ${name}`;
    this.name = name;
    this.dialect = 'haproxy';
    this.kind = 'members';
    this.context = kind;
    this.loc = { file, start: section.start, end: section.end };
    this.nameLoc = { file, start: section.name!.start, end: section.name!.end };
    this.algorithm = algorithm;
    this.algorithmText = algorithmText;
    if (algorithmLoc) this.algorithmLoc = algorithmLoc;
    if (hash) this.hash = hash;
    this.members = members;
    this.health = health;
    const stickiness = stickinessOf(facts);
    if (stickiness) this.stickiness = stickiness;
    this.facts = facts;
    if (memberReferences) this.memberReferences = memberReferences;
  }
}

/** `check` on every server that can serve is active checking. */
function healthOf(members: readonly HaproxyMember[], file: string): HealthCheck {
  let serving = false;
  let everyServingChecked = true;
  let checkedParam: ServerParam | undefined;
  let passive = false;
  for (const m of members) {
    // The first checked server's parameter gives the location; the others are asked only whether they check.
    let check: boolean;
    if (checkedParam === undefined) check = (checkedParam = m.slotParam(CHECK)) !== undefined;
    else check = m.hasSlot(CHECK);
    if (m.state === 'up' && m.weight > 0) {
      serving = true;
      everyServingChecked &&= check;
    }
    passive ||= m.hasSlot(OBSERVE);
  }
  const active = serving && everyServingChecked;
  if (!checkedParam) return UNCHECKED[passive ? 1 : 0]!;
  return { active, activeLoc: paramLoc(checkedParam, file), passive, passiveDisabledAt: NO_LOCS };
}

/** HAProxy has no setting that switches passive checks off per server: every pool shares one empty list. */
const NO_LOCS: readonly Loc[] = Object.freeze([]);

/** The health of a pool without `check` on any server (never active), without and with `observe`: shared, frozen. */
const UNCHECKED: readonly HealthCheck[] = [false, true].map((passive) => Object.freeze({ active: false, passive, passiveDisabledAt: NO_LOCS }));

/** From the pool's `cookie` fact (its words after the keyword, the line's location), else its `stick` fact. */
function stickinessOf(facts: Record<string, FactValue>): Stickiness | undefined {
  const cookie = facts.cookie;
  if (cookie) return { kind: `cookie ${cookie.value}`, loc: cookie.loc };
  const stick = facts.stick;
  return stick ? { kind: `stick ${stick.value}`, loc: stick.loc } : undefined;
}
/**
 * HAProxy refuses two servers of one proxy with the same name unless they have explicit ids. Two
 * servers of one line never share a name (a template numbers them), so a server is reported when
 * an earlier one without an id has its name; a backend's few servers are compared pairwise, in
 * the text (`sameNameAs`): a member reads its name from its line when asked, and only a reported
 * one's is read here.
 */
function reportDuplicateNames(members: readonly HaproxyMember[], section: HaSection, file: string, text: string, problems: ParseProblem[]): void {
  const seen = members.length > 16 ? new Set<string>() : undefined;
  // Which servers have an id, bit i for server i (read once: a slot of a line without a kept list
  // is read from its words); only the pairwise comparison of up to 16 servers reads it.
  let withId = 0;
  // Which servers' names are compared in the text (bit i for server i), read once per server
  // rather than once per pair.
  let plain = 0;
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    if (!seen && member.namePlain(text)) plain |= 1 << i;
    if (member.hasSlot(ID)) {
      if (!seen) withId |= 1 << i;
      continue;
    }
    if (seen) {
      const name = member.name;
      if (!seen.has(name)) {
        seen.add(name);
        continue;
      }
    } else if (!namedBefore(members, withId, plain, i, text)) continue;
    const at = member.nameLoc!;
    problems.push({
      kind: 'syntax',
      message: `${section.kind} ${section.name?.value ?? ''}: another server named "${member.name}" is already defined; use distinct names`,
      loc: { file, start: at.start, end: at.end },
    });
  }
}

/**
 * Whether a server before `index` (below 16) without an id (bit j of `withId` clear) has the name
 * of the server at `index`; bit j of `plain`: server j's name is compared in the text.
 */
function namedBefore(members: readonly HaproxyMember[], withId: number, plain: number, index: number, text: string): boolean {
  const member = members[index]!;
  for (let j = 0; j < index; j++) {
    if (((withId >> j) & 1) === 0 && members[j]!.line !== member.line && member.sameNameAs(members[j]!, text, ((plain >> index) & (plain >> j) & 1) !== 0)) return true;
  }
  return false;
}
