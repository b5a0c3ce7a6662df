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
import { serverAddressProblem } from './server-address';
import { mergeServerParams, readServerParams, type ServerParam, type ServerParams } from './server-params';
import type { HaLine, HaWord } from './syntax';

export const MAX_WEIGHT = 256;

export interface ServerDraft {
  readonly line: HaLine;
  readonly name: string;
  readonly nameWord?: HaWord;
  readonly addressWord: HaWord;
  readonly params: ServerParams;
}

/** Reads a `server` or `server-template` line into drafts (several for a template). */
export function readServerLine(line: HaLine, defaults: readonly ServerParam[], file: string, problems: ParseProblem[]): ServerDraft[] {
  const words = line.words;
  const template = words[0]!.value === 'server-template';
  const report = (message: string, at: HaWord | HaLine) => problems.push({ kind: 'syntax', message, loc: { file, start: at.start, end: at.end } });
  const nameWord = words[1];
  const addressWord = words[template ? 3 : 2];
  if (!nameWord || !addressWord) {
    report(
      template
        ? 'server-template needs a prefix, a number or range of servers and an address: server-template srv 1-3 app.internal:8080'
        : `server ${nameWord?.value ?? ''} needs an address: server NAME ADDRESS[:PORT] [params]`.replace('server  ', 'server '),
      line,
    );
    return [];
  }
  const { params, missing } = readServerParams(words.slice(template ? 4 : 3));
  for (const word of missing) report(`"${word.value}" on server ${nameWord.value} expects a value`, word);
  const addressProblem = serverAddressProblem(addressWord.value);
  if (addressProblem) report(`server ${nameWord.value}: ${addressProblem}`, addressWord);
  const merged = mergeServerParams(defaults, params);
  checkWeight(merged.get('weight'), nameWord.value, file, problems);
  if (!template) return [{ line, name: nameWord.value, nameWord, addressWord, params: merged }];
  const range = /^(\d+)(?:-(\d+))?$/.exec(words[2]!.value);
  const low = range ? (range[2] !== undefined ? Number(range[1]) : 1) : 0;
  const high = range ? Number(range[2] ?? range[1]) : 0;
  if (!range || low < 1 || high < low || high - low >= 65536) {
    report(`server-template ${nameWord.value}: "${words[2]!.value}" is not a number of servers or a range LOW-HIGH with 1 <= LOW <= HIGH`, words[2]!);
    return [];
  }
  const drafts: ServerDraft[] = [];
  for (let i = low; i <= high; i++) drafts.push({ line, name: `${nameWord.value}${i}`, nameWord, addressWord, params: merged });
  return drafts;
}

function checkWeight(param: ServerParam | undefined, server: string, file: string, problems: ParseProblem[]): void {
  if (!param?.value) return;
  const text = param.value.value;
  if (!/^\d+$/.test(text) || Number(text) > MAX_WEIGHT) {
    problems.push({
      kind: 'syntax',
      message: `weight of server ${server} is "${text}": it must be an integer between 0 and ${MAX_WEIGHT}`,
      loc: { file, start: param.value.start, end: param.value.end },
    });
  }
}

/** Assigns HAProxy server ids: explicit `id` values, then the next free number in order. */
export function assignServerIds(drafts: readonly ServerDraft[]): number[] {
  const explicit = drafts.map((d, i) => {
    // A server-template's `id` is its first server's: HAProxy copies a template's settings to the
    // servers it makes but not the id (srv_settings_cpy), so they are numbered like any other.
    if (i > 0 && drafts[i - 1]!.line === d.line) return 0;
    const id = d.params.get('id')?.value?.value;
    return id !== undefined && /^\d+$/.test(id) && Number(id) > 0 ? Number(id) : 0;
  });
  const used = new Set(explicit.filter((id) => id > 0));
  const ids: number[] = [];
  let next = 1;
  drafts.forEach((_, i) => {
    if (explicit[i]! > 0) ids.push(explicit[i]!);
    else {
      while (used.has(next)) next++;
      used.add(next);
      ids.push(next);
    }
    next++;
  });
  return ids;
}

function paramLoc(param: ServerParam, file: string): Loc {
  return { file, start: param.word.start, end: (param.value ?? param.word).end };
}

/**
 * A member backed by its server line: scalars are read once; locations and the parameter list
 * are made when a rule, a hover or a fix asks for them, as large configs have many servers.
 */
class HaproxyMember implements Member {
  readonly address: string;
  readonly name: string;
  readonly weight: number;
  readonly weightExplicit: boolean;
  readonly role: MemberRole;
  readonly state: MemberState;
  readonly peers = 1;
  // HAProxy resolves a name to one address per server, so the member is one peer either way.
  readonly resolvesByName = false;
  readonly limits: MemberLimits;

  constructor(
    private readonly draft: ServerDraft,
    readonly hashId: number,
    private readonly file: string,
  ) {
    const { params } = draft;
    const weightText = params.get('weight')?.value?.value;
    this.address = draft.addressWord.value;
    this.name = draft.name;
    this.weight = weightText !== undefined && /^\d+$/.test(weightText) ? Math.min(Number(weightText), MAX_WEIGHT) : 1;
    this.weightExplicit = params.has('weight');
    this.role = params.has('backup') ? 'backup' : 'primary';
    this.state = params.has('disabled') ? 'down' : this.weight === 0 ? 'drained' : 'up';
    const limits: { -readonly [K in keyof MemberLimits]: MemberLimits[K] } = {};
    const maxconn = params.get('maxconn')?.value?.value;
    if (maxconn !== undefined && /^\d+$/.test(maxconn)) limits.maxConns = Number(maxconn);
    const slowstart = params.get('slowstart')?.value?.value;
    if (slowstart !== undefined) limits.slowStart = slowstart;
    this.limits = limits;
  }

  get loc(): Loc {
    return { file: this.file, start: this.draft.line.start, end: this.draft.line.end };
  }

  get nameLoc(): Loc | undefined {
    const word = this.draft.nameWord;
    return word ? { file: this.file, start: word.start, end: word.end } : undefined;
  }

  get addressLoc(): Loc {
    return { file: this.file, start: this.draft.addressWord.start, end: this.draft.addressWord.end };
  }

  get weightLoc(): Loc | undefined {
    const weight = this.draft.params.get('weight');
    return weight ? paramLoc(weight, this.file) : undefined;
  }

  private paramList?: readonly Param[];

  /** Made once: rules, track references and views read it several times per analysis. */
  get params(): readonly Param[] {
    return (this.paramList ??= [...this.draft.params.values()].map((p) => ({ name: p.name, value: p.value?.value ?? '', loc: paramLoc(p, this.file) })));
  }

  /** One parameter as `params` lists it; the list itself when it was made already. */
  param(name: string): Param | undefined {
    if (this.paramList) return this.paramList.filter((p) => p.name === name).pop();
    const p = this.draft.params.get(name);
    return p ? { name: p.name, value: p.value?.value ?? '', loc: paramLoc(p, this.file) } : undefined;
  }

  /**
   * Whether the server line (or an inherited default-server) sets a parameter, and its value
   * ('' for a flag), as `params` lists them, without
   * building that list: rules ask this of every server. Position-free, so a moved view of the
   * member (shift.ts) answers the same.
   */
  paramPresent(name: string): boolean {
    return this.draft.params.has(name);
  }

  paramValue(name: string): string | undefined {
    const param = this.draft.params.get(name);
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

export function toMember(draft: ServerDraft, hashId: number, file: string): Member {
  return new HaproxyMember(draft, hashId, file);
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
