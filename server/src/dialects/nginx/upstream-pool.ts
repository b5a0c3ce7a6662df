/**
 * Collects the directives of one nginx `upstream` block (including those pulled in by `include`)
 * and lowers them to a model pool when the block ends. Like its members, the pool keeps tree
 * positions and makes locations, facts and the health summary the first time they are asked for,
 * then keeps them: rules read them for every pool, often more than once, and allocate nothing.
 */
import type { ParseProblem } from '../../core/finding';
import type { Algorithm, FactValue, HashSpec, HealthCheck, Member, Pool } from '../../core/model';
import type { Loc } from '../../core/span';
import { plainIpv4PortKey } from '../../traffic/address-key';
import type { NginxTree } from './tree';
import type { MemberSite } from './upstream-member';
import { lowerUpstreamServer } from './upstream-server';
import type { VisitedDirective } from './walk';

/** A directive position: which tree, which directive, which file. */
interface At {
  readonly tree: NginxTree;
  readonly id: number;
  readonly file: string;
}

/**
 * A directive of the pool: its id when it stands in the block's own tree and file (almost
 * always), else where it stands (a directive an `include` in the block brings). A number keeps
 * the pool from holding an object per directive, and a large config has thousands of pools.
 */
type Place = number | At;

/**
 * The pool's fact directives: a lone one in the block's own tree and file as its id (the
 * `keepalive` of most generated and many real upstreams), any other list as an array. A list of
 * one was an array object and its store, 56 bytes per pool.
 */
type FactPlaces = number | readonly Place[];

/** The views a pool makes when first asked, in one object: many pools never make one. */
interface PoolViews {
  nameLoc?: Loc;
  algorithmText?: string;
  algorithmLoc?: Loc;
  health?: HealthCheck;
}

const ALGORITHM_DIRECTIVES = new Set(['hash', 'ip_hash', 'least_conn', 'random', 'least_time']);

/**
 * One collector serves every upstream block of a lowering, one block at a time (`start` to
 * `finish`): its lists are reused from block to block and each pool gets copies of exact length.
 * A collector and two lists grown by push per block were a third of what lowering a large config
 * allocated (an array grown by push holds 17 slots or more: 152 bytes for 3 members). The lists
 * are emptied by their counts, not by `length = 0`, which gives V8 arrays a new, empty store that
 * the next push grows again: 152 bytes per list and pool.
 */
export class UpstreamCollector {
  /** The block's members are `members[0, memberCount)`, its facts `facts[0, factCount)`; entries past them are stale. */
  private readonly members: Member[] = [];
  private memberCount = 0;
  private readonly facts: Place[] = [];
  private factCount = 0;
  private method: Place | undefined;
  /**
   * Whether every member so far has a plain `a.b.c.d:port` address and none repeats one: their
   * numbers (`plainIpv4PortKey`) in `plainKeys`. duplicate-member reads the verdict
   * (`Pool.distinctPlainAddresses`) instead of reading every member of every pool again, when
   * the members are no longer in the processor's cache.
   */
  private distinctPlain = true;
  private readonly plainKeys = new Float64Array(MAX_PLAIN_COMPARED);
  private tree!: NginxTree;
  /** The tree and file of the members read last, shared by every member read there (almost always the root file's). */
  private site: MemberSite | undefined;
  private id = -1;
  private file = '';
  /** `http` or `stream`. */
  private topContext = '';

  constructor(private readonly problems: ParseProblem[]) {}

  /** Begins the block `block`, whose pool lives in `topContext` (`http` or `stream`). */
  start(block: VisitedDirective, topContext: string): this {
    this.tree = block.tree;
    this.id = block.id;
    this.file = block.file;
    this.topContext = topContext;
    this.memberCount = 0;
    this.factCount = 0;
    this.method = undefined;
    this.distinctPlain = true;
    return this;
  }

  add(node: VisitedDirective): void {
    const { tree, id, file } = node;
    const name = tree.name(id);
    if (name === 'server') {
      const count = this.memberCount;
      let site = this.site;
      if (site === undefined || site.tree !== tree || site.file !== file) this.site = site = { tree, file };
      const member = lowerUpstreamServer(site, id, this.problems);
      if (member) {
        if (this.distinctPlain) this.distinctPlain = this.plainAndNew(member.address, count);
        this.members[this.memberCount++] = member;
      }
    } else if (ALGORITHM_DIRECTIVES.has(name)) {
      // nginx uses the last method written (and warns that it was redefined).
      this.method = this.place(node);
    } else {
      this.facts[this.factCount++] = this.place(node);
    }
  }

  finish(): Pool {
    const count = this.factCount;
    const only = this.facts[0];
    const facts = count === 0 ? NO_PLACES : count === 1 && typeof only === 'number' ? only : this.facts.slice(0, count);
    const members = this.members.slice(0, this.memberCount);
    return new NginxPool(this.tree, this.id, this.file, this.topContext, members, this.method, facts, this.distinctPlain);
  }

  /** Whether `address`, the address of member `index`, is plain and differs from those before it. */
  private plainAndNew(address: string, index: number): boolean {
    if (index >= MAX_PLAIN_COMPARED) return false;
    const key = plainIpv4PortKey(address);
    if (key < 0) return false;
    const keys = this.plainKeys;
    for (let i = 0; i < index; i++) if (keys[i] === key) return false;
    keys[index] = key;
    return true;
  }

  private place({ tree, id, file }: VisitedDirective): Place {
    return tree === this.tree && file === this.file ? id : { tree, id, file };
  }
}

const NO_PLACES: readonly Place[] = Object.freeze([]);
/** Pools with more members are compared by duplicate-member itself (the comparison here is quadratic). */
const MAX_PLAIN_COMPARED = 16;

export class NginxPool implements Pool {
  readonly key: string;
  readonly name: string;
  readonly dialect = 'nginx' as const;
  readonly kind = 'members' as const;
  readonly algorithm: Algorithm;
  readonly hash: HashSpec | undefined;
  // Made on first read and kept for the rest of the analysis: the location (which every
  // analysis reads) and the facts (which rules read for most pools) in fields, the rest together.
  private locView: Loc | undefined;
  private factRecord: Readonly<Record<string, FactValue>> | undefined;
  private views: PoolViews | undefined;
  // Not an own property, so a pool serialises and spreads as before (a spread copy leaves the
  // verdict behind, and duplicate-member then compares the copy's addresses itself).
  readonly #distinctPlain: boolean;

  constructor(
    /** The tree the pool's block, method and members were read from. */
    readonly tree: NginxTree,
    private readonly blockId: number,
    private readonly file: string,
    readonly context: string,
    readonly members: readonly Member[],
    private readonly method: Place | undefined,
    private readonly factDirectives: FactPlaces,
    distinctPlainAddresses: boolean,
  ) {
    this.#distinctPlain = distinctPlainAddresses;
    this.name = tree.argCount(blockId) > 0 ? tree.argValue(blockId, 0) : '';
    this.key = `${context}:upstream ${this.name}`;
    const at = method === undefined ? undefined : this.at(method);
    this.algorithm = at === undefined ? 'round-robin' : methodAlgorithm(at);
    this.hash = at === undefined ? undefined : methodHash(at);
  }

  get distinctPlainAddresses(): boolean {
    return this.#distinctPlain;
  }

  get loc(): Loc {
    return (this.locView ??= { file: this.file, start: this.tree.start(this.blockId), end: this.tree.end(this.blockId) });
  }

  get nameLoc(): Loc {
    const views = (this.views ??= {});
    if (views.nameLoc) return views.nameLoc;
    const { tree, blockId: id, file } = this;
    views.nameLoc =
      tree.argCount(id) > 0 ? { file, start: tree.argStart(id, 0), end: tree.argEnd(id, 0) } : { file, start: tree.nameStart(id), end: tree.nameEnd(id) };
    return views.nameLoc;
  }

  get algorithmText(): string {
    const method = this.method === undefined ? undefined : this.at(this.method);
    return ((this.views ??= {}).algorithmText ??= method ? `${method.tree.name(method.id)}${method.tree.argCount(method.id) > 0 ? ` ${argText(method)}` : ''}` : '');
  }

  get algorithmLoc(): Loc | undefined {
    if (this.method === undefined) return undefined;
    return ((this.views ??= {}).algorithmLoc ??= directiveLoc(this.at(this.method)));
  }

  /** Built on first use and kept: rules ask for facts of every pool, often more than once. */
  get facts(): Readonly<Record<string, FactValue>> {
    if (!this.factRecord) {
      const facts: Record<string, FactValue> = {};
      const places = this.factDirectives;
      if (typeof places === 'number') this.readFact(facts, places);
      else for (const place of places) this.readFact(facts, place);
      this.factRecord = facts;
    }
    return this.factRecord;
  }

  get health(): HealthCheck {
    return ((this.views ??= {}).health ??= readHealth(this.members));
  }

  private readFact(facts: Record<string, FactValue>, place: Place): void {
    const at = this.at(place);
    facts[at.tree.name(at.id)] = { value: argText(at), loc: directiveLoc(at) };
  }

  /** Where a directive of the pool stands (made when asked: most are read once). */
  private at(place: Place): At {
    return typeof place === 'number' ? { tree: this.tree, id: place, file: this.file } : place;
  }
}

/**
 * nginx has no active checks; passive ones are on unless every primary that can serve has
 * `max_fails=0`. One pass over the members, and no arrays unless some member switched them off.
 */
function readHealth(members: readonly Member[]): HealthCheck {
  let primaries = 0;
  let passiveDisabledAt: Loc[] | undefined;
  for (const m of members) {
    if (m.role !== 'primary' || m.state === 'down') continue;
    primaries++;
    if (m.limits.maxFails === 0) (passiveDisabledAt ??= []).push(m.params.find((p) => p.name === 'max_fails')!.loc);
  }
  const off = passiveDisabledAt?.length ?? 0;
  return { active: false, passive: primaries === 0 || off < primaries, passiveDisabledAt: passiveDisabledAt ?? NO_LOCS };
}

const NO_LOCS: readonly Loc[] = Object.freeze([]);

/** The algorithm of the method directive `at`, read without making its argument list. */
function methodAlgorithm({ tree, id }: At): Algorithm {
  switch (tree.name(id)) {
    case 'ip_hash':
      return 'ip-hash';
    case 'least_conn':
    case 'least_time':
      return 'least-conn';
    case 'random':
      return tree.argCount(id) > 0 && tree.argValue(id, 0) === 'two' ? 'random-two' : 'random';
    default:
      return isConsistent(tree, id) ? 'consistent-hash' : 'hash';
  }
}

/** The key of a `hash` method directive, if it has one. */
function methodHash({ tree, id, file }: At): HashSpec | undefined {
  if (tree.name(id) !== 'hash' || tree.argCount(id) === 0) return undefined;
  return { key: tree.argValue(id, 0), keyLoc: { file, start: tree.argStart(id, 0), end: tree.argEnd(id, 0) }, consistent: isConsistent(tree, id) };
}

function isConsistent(tree: NginxTree, id: number): boolean {
  return tree.argCount(id) > 1 && tree.argValue(id, 1) === 'consistent';
}

/** The arguments joined by spaces; one argument (most facts) is returned as it is. */
function argText({ tree, id }: At): string {
  const count = tree.argCount(id);
  if (count === 1) return tree.argValue(id, 0);
  let text = '';
  for (let i = 0; i < count; i++) text += (i > 0 ? ' ' : '') + tree.argValue(id, i);
  return text;
}

function directiveLoc({ tree, id, file }: At): Loc {
  return { file, start: tree.start(id), end: tree.end(id) };
}
