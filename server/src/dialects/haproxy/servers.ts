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
import { serverAddressProblem, writtenAddressFine } from './server-address';
import {
  BACKUP,
  DISABLED,
  cancellerOf,
  effectiveParams,
  ID,
  isCanceller,
  lastNamed,
  lineSlot,
  MAXCONN,
  ONLY_SLOTS,
  onlySlotParams,
  ownSlot,
  paramText,
  paramValueOf,
  readOwnSlots,
  readServerParams,
  SLOT_COUNT,
  SLOT_MASK,
  slotOf,
  slotSet,
  slotValueOf,
  slotValueSpan,
  SLOWSTART,
  WEIGHT,
  type ServerParam,
  type Slots,
} from './server-params';
import type { ServerDefaults } from './server-defaults';
import { lineKeyword, wordCount, wordEnd, wordStart, wordValue, type HaLine } from './syntax';
import { TIME_FORMAT, unexpectedTimeCharacter } from './time-values';

export const MAX_WEIGHT = 256;

/** A server-template's number of servers (`3`) or range (`1-3`). */
const TEMPLATE_RANGE = /^(\d+)(?:-(\d+))?$/;

/** The own parameters a member keeps when its slots say all of them (read again from its line when listed). */
const NO_OWN_PARAMS: readonly ServerParam[] = Object.freeze([]) as readonly ServerParam[];

/** Where the own parameter of each slot the server line being read touches is (`readOwnSlots`). */
const ownAt = new Int32Array(SLOT_COUNT);

function syntaxProblem(problems: ParseProblem[], file: string, message: string, at: { readonly start: number; readonly end: number }): void {
  problems.push({ kind: 'syntax', message, loc: { file, start: at.start, end: at.end } });
}

/** The span of word `index` of `line`. */
function wordSpan(line: HaLine, index: number): { start: number; end: number } {
  return { start: wordStart(line, index), end: wordEnd(line, index) };
}

/**
 * Reads a `server` or `server-template` line into members (`inherited`: the slots `defaults`
 * give, read by the caller), written to `members` from index `count` on (several for a template); answers the count after them. Their ids are assigned once
 * the whole proxy is read (`assignServerIds`). The line is read through the word accessors, so a
 * parsed line makes no word objects here.
 */
export function readServerLine(line: HaLine, defaults: ServerDefaults, inherited: Slots, text: string, problems: ParseProblem[], members: HaproxyMember[], count: number): number {
  const file = defaults.file;
  const template = lineKeyword(line) === 'server-template';
  const addressAt = template ? 3 : 2;
  if (wordCount(line) <= addressAt) {
    syntaxProblem(
      problems,
      file,
      template
        ? 'server-template needs a prefix, a number or range of servers and an address: server-template srv 1-3 app.internal:8080'
        : `server ${serverName(line)} needs an address: server NAME ADDRESS[:PORT] [params]`.replace('server  ', 'server '),
      line,
    );
    return count;
  }
  // The slots the line's own parameters set, read from its words: a line of slot parameters alone
  // (nearly every line) makes no parameter objects, as its member would keep none.
  const scan = readOwnSlots(line, addressAt + 1, ownAt);
  const touched = scan & SLOT_MASK;
  let own = NO_OWN_PARAMS;
  if ((scan & ONLY_SLOTS) === 0) {
    const { params, missing } = readServerParams(line, addressAt + 1);
    if (missing >= 0) syntaxProblem(problems, file, `"${wordValue(line, missing)!}" on server ${serverName(line)} expects a value`, wordSpan(line, missing));
    // A line whose parameters all set slots keeps no list: the slots answer every lookup, and the
    // list is read again from the line when asked.
    if (!onlySlotParams(params)) own = params;
  }
  // Judged in the text when it is written plainly (nearly always): the word is not sliced.
  if (!writtenAddressFine(text, wordStart(line, addressAt), wordEnd(line, addressAt))) {
    const addressProblem = serverAddressProblem(wordValue(line, addressAt)!);
    if (addressProblem) syntaxProblem(problems, file, `server ${serverName(line)}: ${addressProblem}`, wordSpan(line, addressAt));
  }
  // The scalars every member of the line shares, read once for a template's servers.
  const weightText = slotValueOf(line, touched, ownAt, inherited, WEIGHT);
  if (weightText !== undefined && (!isDigits(weightText) || Number(weightText) > MAX_WEIGHT)) {
    const at = slotValueSpan(line, touched, ownAt, inherited, WEIGHT);
    syntaxProblem(problems, file, `weight of server ${serverName(line)} is "${weightText}": it must be an integer between 0 and ${MAX_WEIGHT}`, at);
  }
  const slowstart = slotValueOf(line, touched, ownAt, inherited, SLOWSTART);
  if (slowstart !== undefined) checkSlowstart(slowstart, slotValueSpan(line, touched, ownAt, inherited, SLOWSTART), line, file, problems);
  const weight = weightText !== undefined && isDigits(weightText) ? Math.min(Number(weightText), MAX_WEIGHT) : 1;
  const state = slotSet(touched, ownAt, inherited, DISABLED) ? 2 : weight === 0 ? 1 : 0;
  const scalars =
    weight |
    (slotSet(touched, ownAt, inherited, WEIGHT) ? EXPLICIT : 0) |
    (slotSet(touched, ownAt, inherited, BACKUP) ? BACKUP_ROLE : 0) |
    (state << STATE_SHIFT);
  const maxconn = slotValueOf(line, touched, ownAt, inherited, MAXCONN);
  if (!template) {
    members[count] = new HaproxyMember(line, 0, defaults, own, touched, scalars, limitsOf(maxconn, slowstart));
    return count + 1;
  }
  const written = wordValue(line, 2)!;
  const range = TEMPLATE_RANGE.exec(written);
  const low = range ? (range[2] !== undefined ? Number(range[1]) : 1) : 0;
  const high = range ? Number(range[2] ?? range[1]) : 0;
  if (!range || low < 1 || high < low || high - low >= 65536) {
    syntaxProblem(problems, file, `server-template ${serverName(line)}: "${written}" is not a number of servers or a range LOW-HIGH with 1 <= LOW <= HIGH`, wordSpan(line, 2));
    return count;
  }
  for (let i = low; i <= high; i++) members[count++] = new HaproxyMember(line, i, defaults, own, touched, scalars, limitsOf(maxconn, slowstart));
  return count;
}

/** How many digits `number` is written with (none for 0: a `server` line's member has no number). */
function digitCount(number: number): number {
  let count = 0;
  for (let n = number; n > 0; n = Math.floor(n / 10)) count++;
  return count;
}

/** Character `i` of the name written at `[start, end)` of `text` followed by `number` (when not 0). */
function nameCode(text: string, start: number, end: number, number: number, i: number): number {
  if (start + i < end) return text.charCodeAt(start + i);
  const fromEnd = end - start + digitCount(number) - 1 - i;
  return 48 + (Math.floor(number / 10 ** fromEnd) % 10);
}

/** Whether the word at `[start, end)` of `text` is its value: no quote or backslash in it. */
function writtenPlainly(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 || code === 39 || code === 92) return false;
  }
  return true;
}

/** The server name a message names (read only for one: a member reads its own from the line when asked). */
function serverName(line: HaLine): string {
  return wordValue(line, 1) ?? '';
}

/** `slowstart TIME`: HAProxy refuses to start on a value it cannot read as a time. */
function checkSlowstart(text: string, at: { start: number; end: number }, line: HaLine, file: string, problems: ParseProblem[]): void {
  const unexpected = unexpectedTimeCharacter(text);
  if (unexpected === undefined) return;
  syntaxProblem(
    problems,
    file,
    `unexpected character '${unexpected}' in the slowstart of server ${serverName(line)} (got "${text}"), so HAProxy will not start: ${TIME_FORMAT}, e.g. slowstart 30s`,
    at,
  );
}

/** Assigns HAProxy server ids (each member's `hashId`): explicit `id` values, then the next free number in order. */
export function assignServerIds(members: readonly HaproxyMember[]): void {
  let used: Set<number> | undefined;
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    // A server-template's `id` is its first server's: HAProxy copies a template's settings to the
    // servers it makes but not the id (srv_settings_cpy), so they are numbered like any other.
    const id = i > 0 && members[i - 1]!.line === member.line ? undefined : paramValueOf(member.slotParam(ID));
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

/** Where a parameter is written: its keyword, and its value when it takes one. */
export function paramLoc(param: ServerParam, file: string): Loc {
  return { file, start: wordStart(param.line, param.at), end: wordEnd(param.line, param.valued ? param.at + 1 : param.at) };
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

/** The parameter lists made for members a rule, a fix or a view asked for (few of them): not a field of every member. */
const PARAM_LISTS = new WeakMap<HaproxyMember, readonly Param[]>();

/*
 * A member's scalars packed in one small integer (`bits`): its weight (0-256, nine bits), whether
 * the weight is written, its role, its state, and for a server-template's server its number (1 to
 * 65,536, seventeen bits; 0 for a `server` line), which names it. 30 bits: a small integer on
 * every V8 build, so the field holds no heap number.
 */
const EXPLICIT = 1 << 9;
const BACKUP_ROLE = 1 << 10;
const STATE_SHIFT = 11;
const STATES: readonly MemberState[] = ['up', 'drained', 'down'];
const NUMBER_SHIFT = 13;
/** The largest template number `bits` holds; a larger one (rare: HAProxy numbers from 1) is kept aside, in `LARGE_NUMBERS`. */
const MAX_PACKED_NUMBER = (1 << 17) - 1;
const LARGE_NUMBERS = new WeakMap<HaproxyMember, number>();

/**
 * The own parameters of the members that keep them (a line with a parameter that sets no slot:
 * `ssl`, `inter 2s`), beside them rather than in a field every member has: nearly every server
 * line sets slots alone (`weight 3 backup`). A member holding one has `KEPT_OWN` in its slot mask.
 */
const OWN_LISTS = new WeakMap<HaproxyMember, readonly ServerParam[]>();
const KEPT_OWN = 1 << SLOT_COUNT;

/**
 * A member backed by its server line: its scalars are read once and packed in one number, its
 * name and address are read from the line's words when asked (a template's server adds its
 * number to the prefix), and so are its locations, its parameter list and the parameters lowering
 * reads of some servers (id, health checks, `track`, `cookie`), as large configs have many
 * servers. One object per server, of six fields: its line (its words are not kept: their spans
 * and values are read from the line), the `default-server` settings in effect with the file
 * (shared by the servers of a pool), which slots its own parameters set (one number, the others
 * being the inherited ones, `defaults.slots`), the packed scalars, its limits and its id. Its own
 * parameters are kept (beside it, `OWN_LISTS`) only when one of them sets no slot: a line of slot parameters alone
 * (`weight 3 backup`, most lines) keeps none, and a slot it sets is read again from its words
 * when asked (`lineSlot`), which only locations, ids and the whole parameter list need. The name
 * and address read as fields do (prototype getters, so a spread copy loses them: use `toJSON`).
 */
export class HaproxyMember implements Member {
  readonly limits: MemberLimits;
  /** The server id, which consistent hashing keys its tree nodes by: assigned once the proxy is read. */
  hashId = 0;
  /** The packed scalars (above). */
  private readonly bits: number;
  // On the prototype (below), not on every member.
  declare readonly peers: number;
  declare readonly resolvesByName: boolean;

  /**
   * `number`: a template's server's number (0 for a `server` line); `ownSlots`: the mask of the
   * slots the line's own parameters set or emptied; `scalars`: the packed weight, role and state
   * the line gives (the same for every server of a template), read once by `readServerLine`.
   */
  constructor(
    readonly line: HaLine,
    number: number,
    private readonly defaults: ServerDefaults,
    own: readonly ServerParam[],
    ownSlots: number,
    scalars: number,
    limits: MemberLimits,
  ) {
    const packed = Math.min(number, MAX_PACKED_NUMBER);
    this.bits = scalars | (packed << NUMBER_SHIFT);
    this.limits = limits;
    this.ownSlots = own === NO_OWN_PARAMS ? ownSlots : ownSlots | KEPT_OWN;
    if (own !== NO_OWN_PARAMS) OWN_LISTS.set(this, own);
    if (packed === MAX_PACKED_NUMBER) LARGE_NUMBERS.set(this, number);
  }

  /**
   * The mask of the slots the line's own parameters set or emptied, and `KEPT_OWN` when the
   * member keeps a list of them (`OWN_LISTS`: a line with a parameter that sets no slot, rare).
   */
  private readonly ownSlots: number;

  /** The line's own parameters as kept: empty for a line of slot parameters alone, read again from its words (`ownParams`). */
  private get own(): readonly ServerParam[] {
    return (this.ownSlots & KEPT_OWN) === 0 ? NO_OWN_PARAMS : OWN_LISTS.get(this)!;
  }

  get file(): string {
    return this.defaults.file;
  }

  /** The server's name: its line's (`s1`), or a template's prefix and number (`tpl3`). */
  get name(): string {
    const packed = this.bits >>> NUMBER_SHIFT;
    const written = wordValue(this.line, 1)!;
    return packed === 0 ? written : `${written}${packed === MAX_PACKED_NUMBER ? LARGE_NUMBERS.get(this)! : packed}`;
  }

  /**
   * Whether this server and `other` have the same name, compared in `text` (the text the lines
   * were parsed from) when both name words are written plainly (no quote or backslash), a
   * template server's number digit by digit, so that neither name is made; by their names otherwise.
   * `plain`: both are known to be (`namePlain`, read once per server by a caller comparing many pairs).
   */
  sameNameAs(other: HaproxyMember, text: string, plain = false): boolean {
    const number = this.bits >>> NUMBER_SHIFT;
    const otherNumber = other.bits >>> NUMBER_SHIFT;
    if (!plain && (number === MAX_PACKED_NUMBER || otherNumber === MAX_PACKED_NUMBER)) return this.name === other.name;
    const start = wordStart(this.line, 1);
    const end = wordEnd(this.line, 1);
    const otherStart = wordStart(other.line, 1);
    const otherEnd = wordEnd(other.line, 1);
    if (!plain && (!writtenPlainly(text, start, end) || !writtenPlainly(text, otherStart, otherEnd))) return this.name === other.name;
    if (number === 0 && otherNumber === 0) {
      // Two `server` lines' names: their words, compared character by character.
      if (otherEnd - otherStart !== end - start) return false;
      for (let i = 0; i < end - start; i++) if (text.charCodeAt(start + i) !== text.charCodeAt(otherStart + i)) return false;
      return true;
    }
    // A name is its word, then a template server's number.
    const length = end - start + digitCount(number);
    if (otherEnd - otherStart + digitCount(otherNumber) !== length) return false;
    for (let i = 0; i < length; i++) if (nameCode(text, start, end, number, i) !== nameCode(text, otherStart, otherEnd, otherNumber, i)) return false;
    return true;
  }

  /** Whether `sameNameAs` may compare this server's name in `text`: its word has no quote or backslash, and its number is packed. */
  namePlain(text: string): boolean {
    return this.bits >>> NUMBER_SHIFT !== MAX_PACKED_NUMBER && writtenPlainly(text, wordStart(this.line, 1), wordEnd(this.line, 1));
  }

  get address(): string {
    return wordValue(this.line, this.addressIndex())!;
  }

  get weight(): number {
    return this.bits & (EXPLICIT - 1);
  }

  get weightExplicit(): boolean {
    return (this.bits & EXPLICIT) !== 0;
  }

  get role(): MemberRole {
    return (this.bits & BACKUP_ROLE) !== 0 ? 'backup' : 'primary';
  }

  get state(): MemberState {
    return STATES[(this.bits >> STATE_SHIFT) & 3]!;
  }

  /**
   * The effective parameter of a slot (`ID`, `CHECK`, `OBSERVE`, `TRACK`, `COOKIE`, ... of
   * server-params.ts): the line's own when its parameters touch the slot, else the inherited one.
   * Position-free reads only (a moved view of the member calls it on the lowered member's line).
   */
  slotParam(slot: number): ServerParam | undefined {
    if (((this.ownSlots >> slot) & 1) === 0) return this.defaults.slot(slot);
    return (this.ownSlots & KEPT_OWN) === 0 ? lineSlot(this.line, this.addressIndex() + 1, slot) : ownSlot(this.own, slot);
  }

  /** Whether slot `slot` is set, as `slotParam` reads it, without making the inherited parameter (health checks and rules ask this of every server). */
  hasSlot(slot: number): boolean {
    return ((this.ownSlots >> slot) & 1) === 0 ? this.defaults.has(slot) : this.slotParam(slot) !== undefined;
  }

  /**
   * The line's own parameters: the kept list, or, for a line whose parameters all set slots
   * (`NO_OWN_PARAMS` with slots touched), the list read again from the line.
   */
  private ownParams(): readonly ServerParam[] {
    if ((this.ownSlots & KEPT_OWN) !== 0 || this.ownSlots === 0) return this.own;
    return readServerParams(this.line, this.addressIndex() + 1).params;
  }

  /**
   * The effective parameter named `name`: by its slot when it has one, else by name among the
   * inherited parameters and the line's own (a kept list holds every own parameter without a
   * slot; an empty one means the line has none).
   */
  private effective(name: string): ServerParam | undefined {
    const slot = slotOf(name);
    if (slot >= 0) return this.slotParam(slot);
    // A cancelling flag (`no-ssl`) is never a parameter of its own.
    if (isCanceller(name)) return undefined;
    const canceller = cancellerOf(name);
    const found = lastNamed(this.own, name, canceller);
    return (found !== undefined ? found : this.defaults.named(name, canceller)) ?? undefined;
  }

  /** The index of the address among the line's words (after the template's range). */
  private addressIndex(): number {
    return lineKeyword(this.line) === 'server-template' ? 3 : 2;
  }

  get loc(): Loc {
    return { file: this.file, start: this.line.start, end: this.line.end };
  }

  get nameLoc(): Loc | undefined {
    return { file: this.file, start: wordStart(this.line, 1), end: wordEnd(this.line, 1) };
  }

  get addressLoc(): Loc {
    const at = this.addressIndex();
    return { file: this.file, start: wordStart(this.line, at), end: wordEnd(this.line, at) };
  }

  get weightLoc(): Loc | undefined {
    const weight = this.slotParam(WEIGHT);
    return weight ? paramLoc(weight, this.file) : undefined;
  }

  /** Made once: rules, track references and views read it several times per analysis. */
  get params(): readonly Param[] {
    let list = PARAM_LISTS.get(this);
    if (!list) PARAM_LISTS.set(this, (list = [...effectiveParams(this.defaults.list, this.ownParams())].map((p) => ({ name: p.name, value: paramText(p), loc: paramLoc(p, this.file) }))));
    return list;
  }

  /** One parameter as `params` lists it; the list itself when it was made already. */
  param(name: string): Param | undefined {
    const list = PARAM_LISTS.get(this);
    if (list) return list.filter((p) => p.name === name).pop();
    const p = this.effective(name);
    return p ? { name: p.name, value: paramText(p), loc: paramLoc(p, this.file) } : undefined;
  }

  /**
   * Whether the server line (or an inherited default-server) sets a parameter, and its value
   * ('' for a flag), as `params` lists them, without
   * building that list: rules ask this of every server. Position-free, so a moved view of the
   * member (shift.ts) answers the same.
   */
  paramPresent(name: string): boolean {
    const slot = slotOf(name);
    return slot >= 0 ? this.hasSlot(slot) : this.effective(name) !== undefined;
  }

  paramValue(name: string): string | undefined {
    const param = this.effective(name);
    return param ? paramText(param) : undefined;
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

// HAProxy resolves a name to one address per server, so the member is one peer either way.
Object.defineProperties(HaproxyMember.prototype, { peers: { value: 1 }, resolvesByName: { value: false } });

/** A member's parameter as the model lists it (the last one written), without building the whole list. */
export function memberParam(member: Member, name: string): Param | undefined {
  if (!(member instanceof HaproxyMember)) return member.params.filter((p) => p.name === name).pop();
  return member.param(name);
}

/** Whether a member has a server parameter, without building its parameter list. */
export function memberHas(member: Member, name: string): boolean {
  return member instanceof HaproxyMember ? member.paramPresent(name) : member.params.some((p) => p.name === name);
}
