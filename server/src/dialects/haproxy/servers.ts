/**
 * `server` and `server-template` lines -> model members. A member's settings are the
 * `default-server` settings in effect (from the defaults section, then the proxy's own, in
 * order) merged with its own line. `server-template` expands into one member per number of its
 * range, named prefix+number, all with the template's address and settings. Server ids (`puid`,
 * which consistent hashing keys its tree nodes by) follow HAProxy: explicit `id`s first, then
 * the others numbered from 1 in declaration order, skipping used ids, with the counter moving
 * on at every server.
 */
import type { ParseProblem } from '../../core/finding';
import type { Member, MemberLimits, MemberRole, MemberState, Param } from '../../core/model';
import type { Loc } from '../../core/span';
import { isDigits } from './digits';
import { serverAddressProblem } from './server-address';
import { BACKUP, CHECK, COOKIE, DISABLED, effectiveParam, effectiveParams, ID, MAXCONN, OBSERVE, readServerParams, readSlots, SLOWSTART, TRACK, WEIGHT, type ServerParam, type Slots } from './server-params';
import type { HaLine, HaWord } from './syntax';
import { TIME_FORMAT, unexpectedTimeCharacter } from './time-values';

export const MAX_WEIGHT = 256;

/** A server-template's number of servers (`3`) or range (`1-3`). */
const TEMPLATE_RANGE = /^(\d+)(?:-(\d+))?$/;

/**
 * The `default-server` parameters in effect for the servers that follow: the list (in order, for
 * lookups by name and the parameter list) and its slots, read once for all those servers.
 */
export interface ServerDefaults {
  readonly list: readonly ServerParam[];
  readonly slots: Slots;
}

/** The slots of the server line being read: the inherited ones copied, then its own applied. */
const lineSlots: Slots = [];

function syntaxProblem(problems: ParseProblem[], file: string, message: string, at: HaWord | HaLine): void {
  problems.push({ kind: 'syntax', message, loc: { file, start: at.start, end: at.end } });
}

/**
 * Reads a `server` or `server-template` line into members, added to `members` (several for a
 * template); their ids are assigned once the whole proxy is read (`assignServerIds`).
 */
export function readServerLine(line: HaLine, defaults: ServerDefaults, file: string, problems: ParseProblem[], members: HaproxyMember[]): void {
  const words = line.words;
  const template = words[0]!.value === 'server-template';
  const nameWord = words[1];
  const addressWord = words[template ? 3 : 2];
  if (!nameWord || !addressWord) {
    syntaxProblem(
      problems,
      file,
      template
        ? 'server-template needs a prefix, a number or range of servers and an address: server-template srv 1-3 app.internal:8080'
        : `server ${nameWord?.value ?? ''} needs an address: server NAME ADDRESS[:PORT] [params]`.replace('server  ', 'server '),
      line,
    );
    return;
  }
  const { params, missing } = readServerParams(words, template ? 4 : 3);
  for (const word of missing) syntaxProblem(problems, file, `"${word.value}" on server ${nameWord.value} expects a value`, word);
  const addressProblem = serverAddressProblem(addressWord.value);
  if (addressProblem) syntaxProblem(problems, file, `server ${nameWord.value}: ${addressProblem}`, addressWord);
  const inherited = defaults.slots;
  for (let i = 0; i < inherited.length; i++) lineSlots[i] = inherited[i];
  const slots = readSlots(params, lineSlots);
  checkWeight(slots[WEIGHT], nameWord.value, file, problems);
  checkSlowstart(slots[SLOWSTART], nameWord.value, file, problems);
  if (!template) {
    members.push(new HaproxyMember(line, nameWord.value, nameWord, addressWord, defaults.list, params, slots, file));
    return;
  }
  const range = TEMPLATE_RANGE.exec(words[2]!.value);
  const low = range ? (range[2] !== undefined ? Number(range[1]) : 1) : 0;
  const high = range ? Number(range[2] ?? range[1]) : 0;
  if (!range || low < 1 || high < low || high - low >= 65536) {
    syntaxProblem(problems, file, `server-template ${nameWord.value}: "${words[2]!.value}" is not a number of servers or a range LOW-HIGH with 1 <= LOW <= HIGH`, words[2]!);
    return;
  }
  for (let i = low; i <= high; i++) members.push(new HaproxyMember(line, `${nameWord.value}${i}`, nameWord, addressWord, defaults.list, params, slots, file));
}

function checkWeight(param: ServerParam | undefined, server: string, file: string, problems: ParseProblem[]): void {
  if (!param?.value) return;
  const text = param.value.value;
  if (!isDigits(text) || Number(text) > MAX_WEIGHT) {
    problems.push({
      kind: 'syntax',
      message: `weight of server ${server} is "${text}": it must be an integer between 0 and ${MAX_WEIGHT}`,
      loc: { file, start: param.value.start, end: param.value.end },
    });
  }
}

/** `slowstart TIME`: HAProxy refuses to start on a value it cannot read as a time. */
function checkSlowstart(param: ServerParam | undefined, server: string, file: string, problems: ParseProblem[]): void {
  if (!param?.value) return;
  const text = param.value.value;
  const unexpected = unexpectedTimeCharacter(text);
  if (unexpected === undefined) return;
  problems.push({
    kind: 'syntax',
    message: `unexpected character '${unexpected}' in the slowstart of server ${server} (got "${text}"), so HAProxy will not start: ${TIME_FORMAT}, e.g. slowstart 30s`,
    loc: { file, start: param.value.start, end: param.value.end },
  });
}

/** Assigns HAProxy server ids (each member's `hashId`): explicit `id` values, then the next free number in order. */
export function assignServerIds(members: readonly HaproxyMember[]): void {
  let used: Set<number> | undefined;
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    // A server-template's `id` is its first server's: HAProxy copies a template's settings to the
    // servers it makes but not the id (srv_settings_cpy), so they are numbered like any other.
    const id = i > 0 && members[i - 1]!.line === member.line ? undefined : member.idParam?.value?.value;
    member.hashId = id !== undefined && isDigits(id) && Number(id) > 0 ? Number(id) : 0;
    if (member.hashId > 0) (used ??= new Set()).add(member.hashId);
  }
  // Without explicit ids (most backends) the servers are numbered 1, 2, 3, ... in order.
  let next = 1;
  for (let i = 0; i < members.length; i++, next++) {
    const member = members[i]!;
    if (member.hashId > 0) continue;
    if (used) {
      while (used.has(next)) next++;
      used.add(next);
    }
    member.hashId = next;
  }
}

export function paramLoc(param: ServerParam, file: string): Loc {
  return { file, start: param.word.start, end: (param.value ?? param.word).end };
}

/**
 * Members with the same `maxconn` and no `slowstart` share one limits object, frozen (a backend's
 * servers mostly take theirs from one default-server line). Bounded: a file with many distinct
 * values starts the table over.
 */
const SHARED_LIMITS = new Map<number | undefined, MemberLimits>();

function limitsOf(maxconn: string | undefined, slowstart: string | undefined): MemberLimits {
  const maxConns = maxconn !== undefined && isDigits(maxconn) ? Number(maxconn) : undefined;
  if (slowstart === undefined) {
    let shared = SHARED_LIMITS.get(maxConns);
    if (!shared) {
      if (SHARED_LIMITS.size >= 1024) SHARED_LIMITS.clear();
      SHARED_LIMITS.set(maxConns, (shared = Object.freeze(maxConns === undefined ? {} : { maxConns })));
    }
    return shared;
  }
  const limits: { -readonly [K in keyof MemberLimits]: MemberLimits[K] } = {};
  if (maxConns !== undefined) limits.maxConns = maxConns;
  limits.slowStart = slowstart;
  return limits;
}

/**
 * A member backed by its server line: scalars are read once, with the few parameters lowering
 * reads of every server (id, health checks, `track`); locations and the parameter list are made
 * when a rule, a hover or a fix asks for them, as large configs have many servers. One object per
 * server: its line, words and parameters are kept as read, not copied into a draft.
 */
export class HaproxyMember implements Member {
  readonly address: string;
  readonly weight: number;
  readonly weightExplicit: boolean;
  readonly role: MemberRole;
  readonly state: MemberState;
  readonly peers = 1;
  // HAProxy resolves a name to one address per server, so the member is one peer either way.
  readonly resolvesByName = false;
  readonly limits: MemberLimits;
  /** The server id, which consistent hashing keys its tree nodes by: assigned once the proxy is read. */
  hashId = 0;
  /** The effective `weight`, `id`, `check`, `observe` and `track` parameters, read with the others once. */
  readonly weightParam: ServerParam | undefined;
  readonly idParam: ServerParam | undefined;
  readonly checkParam: ServerParam | undefined;
  readonly observed: boolean;
  readonly trackParam: ServerParam | undefined;
  /** The effective `cookie` parameter, which the slots found: `paramValue('cookie')` reads it without a scan. */
  readonly cookieParam: ServerParam | undefined;

  constructor(
    readonly line: HaLine,
    readonly name: string,
    readonly nameWord: HaWord,
    readonly addressWord: HaWord,
    private readonly inherited: readonly ServerParam[],
    private readonly own: readonly ServerParam[],
    slots: Slots,
    readonly file: string,
  ) {
    const weightParam = slots[WEIGHT];
    const weightText = weightParam?.value?.value;
    this.address = addressWord.value;
    this.weight = weightText !== undefined && isDigits(weightText) ? Math.min(Number(weightText), MAX_WEIGHT) : 1;
    this.weightExplicit = weightParam !== undefined;
    this.role = slots[BACKUP] ? 'backup' : 'primary';
    this.state = slots[DISABLED] ? 'down' : this.weight === 0 ? 'drained' : 'up';
    this.limits = limitsOf(slots[MAXCONN]?.value?.value, slots[SLOWSTART]?.value?.value);
    this.weightParam = weightParam;
    this.idParam = slots[ID];
    this.checkParam = slots[CHECK];
    this.observed = slots[OBSERVE] !== undefined;
    this.trackParam = slots[TRACK];
    this.cookieParam = slots[COOKIE];
  }

  get loc(): Loc {
    return { file: this.file, start: this.line.start, end: this.line.end };
  }

  get nameLoc(): Loc | undefined {
    const word = this.nameWord;
    return word ? { file: this.file, start: word.start, end: word.end } : undefined;
  }

  get addressLoc(): Loc {
    return { file: this.file, start: this.addressWord.start, end: this.addressWord.end };
  }

  get weightLoc(): Loc | undefined {
    const weight = this.weightParam;
    return weight ? paramLoc(weight, this.file) : undefined;
  }

  private paramList?: readonly Param[];

  /** Made once: rules, track references and views read it several times per analysis. */
  get params(): readonly Param[] {
    return (this.paramList ??= [...effectiveParams(this.inherited, this.own)].map((p) => ({ name: p.name, value: p.value?.value ?? '', loc: paramLoc(p, this.file) })));
  }

  /** One parameter as `params` lists it; the list itself when it was made already. */
  param(name: string): Param | undefined {
    if (this.paramList) return this.paramList.filter((p) => p.name === name).pop();
    const p = effectiveParam(this.inherited, this.own, name);
    return p ? { name: p.name, value: p.value?.value ?? '', loc: paramLoc(p, this.file) } : undefined;
  }

  /**
   * Whether the server line (or an inherited default-server) sets a parameter, and its value
   * ('' for a flag), as `params` lists them, without
   * building that list: rules ask this of every server. Position-free, so a moved view of the
   * member (shift.ts) answers the same.
   */
  paramPresent(name: string): boolean {
    return effectiveParam(this.inherited, this.own, name) !== undefined;
  }

  paramValue(name: string): string | undefined {
    const param = name === 'cookie' ? this.cookieParam : effectiveParam(this.inherited, this.own, name);
    return param ? (param.value?.value ?? '') : undefined;
  }

  /** Plain data for JSON and test output; the getters above are not own properties. */
  toJSON(): Member {
    const { loc, addressLoc, weightLoc, params } = this;
    return {
      address: this.address,
      addressLoc,
      loc,
      name: this.name,
      weight: this.weight,
      weightExplicit: this.weightExplicit,
      ...(weightLoc ? { weightLoc } : {}),
      role: this.role,
      state: this.state,
      peers: this.peers,
      resolvesByName: this.resolvesByName,
      limits: this.limits,
      params,
      hashId: this.hashId,
    };
  }
}

/** A member's parameter as the model lists it (the last one written), without building the whole list. */
export function memberParam(member: Member, name: string): Param | undefined {
  if (!(member instanceof HaproxyMember)) return member.params.filter((p) => p.name === name).pop();
  return member.param(name);
}

/** Whether a member has a server parameter, without building its parameter list. */
export function memberHas(member: Member, name: string): boolean {
  return member instanceof HaproxyMember ? member.paramPresent(name) : member.params.some((p) => p.name === name);
}
