/**
 * Collects the directives of one nginx `upstream` block (including those pulled in by `include`)
 * and lowers them to a model pool when the block ends. Like its members, the pool keeps tree
 * positions and makes locations, facts and the health summary the first time they are asked for,
 * then keeps them: rules read them for every pool, often more than once, and allocate nothing.
 */
import type { ParseProblem } from '../../core/finding';
import type { Algorithm, FactValue, HashSpec, HealthCheck, Member, Pool } from '../../core/model';
import type { Loc } from '../../core/span';
import type { NginxTree } from './tree';
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

/** The views a pool makes when first asked, in one object: many pools never make one. */
interface PoolViews {
  nameLoc?: Loc;
  algorithmText?: string;
  algorithmLoc?: Loc;
  health?: HealthCheck;
}

const ALGORITHM_DIRECTIVES = new Set(['hash', 'ip_hash', 'least_conn', 'random', 'least_time']);

export class UpstreamCollector {
  private readonly members: Member[] = [];
  private readonly facts: Place[] = [];
  private method: Place | undefined;
  private readonly tree: NginxTree;
  private readonly id: number;
  private readonly file: string;

  constructor(
    block: VisitedDirective,
    /** `http` or `stream`. */
    private readonly topContext: string,
    private readonly problems: ParseProblem[],
  ) {
    this.tree = block.tree;
    this.id = block.id;
    this.file = block.file;
  }

  add(node: VisitedDirective): void {
    const { tree, id, file } = node;
    const name = tree.name(id);
    if (name === 'server') {
      const member = lowerUpstreamServer(tree, id, file, this.problems, this.members.at(-1)?.limits);
      if (member) this.members.push(member);
    } else if (ALGORITHM_DIRECTIVES.has(name)) {
      // nginx uses the last method written (and warns that it was redefined).
      this.method = this.place(node);
    } else {
      this.facts.push(this.place(node));
    }
  }

  finish(): Pool {
    // The pool keeps copies of exact length: an array grown by push holds 17 slots or more
    // (186 bytes for 3 members, 72 for the copy), and a large config has thousands of pools.
    return new NginxPool(this.tree, this.id, this.file, this.topContext, this.members.slice(), this.method, this.facts.slice());
  }

  private place({ tree, id, file }: VisitedDirective): Place {
    return tree === this.tree && file === this.file ? id : { tree, id, file };
  }
}

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

  constructor(
    /** The tree the pool's block, method and members were read from. */
    readonly tree: NginxTree,
    private readonly blockId: number,
    private readonly file: string,
    readonly context: string,
    readonly members: readonly Member[],
    private readonly method: Place | undefined,
    private readonly factDirectives: readonly Place[],
  ) {
    this.name = tree.argCount(blockId) > 0 ? tree.argValue(blockId, 0) : '';
    this.key = `${context}:upstream ${this.name}`;
    const [algorithm, hash] = method !== undefined ? readMethod(this.at(method)) : ['round-robin' as const, undefined];
    this.algorithm = algorithm;
    this.hash = hash;
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
    return ((this.views ??= {}).algorithmText ??= method ? [method.tree.name(method.id), ...argValues(method)].join(' ') : '');
  }

  get algorithmLoc(): Loc | undefined {
    if (this.method === undefined) return undefined;
    return ((this.views ??= {}).algorithmLoc ??= directiveLoc(this.at(this.method)));
  }

  /** Built on first use and kept: rules ask for facts of every pool, often more than once. */
  get facts(): Readonly<Record<string, FactValue>> {
    if (!this.factRecord) {
      const facts: Record<string, FactValue> = {};
      for (const place of this.factDirectives) {
        const at = this.at(place);
        facts[at.tree.name(at.id)] = { value: argText(at), loc: directiveLoc(at) };
      }
      this.factRecord = facts;
    }
    return this.factRecord;
  }

  get health(): HealthCheck {
    return ((this.views ??= {}).health ??= readHealth(this.members));
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

function readMethod(at: At): [Algorithm, HashSpec | undefined] {
  const { tree, id, file } = at;
  const args = argValues(at);
  switch (tree.name(id)) {
    case 'ip_hash':
      return ['ip-hash', undefined];
    case 'least_conn':
    case 'least_time':
      return ['least-conn', undefined];
    case 'random':
      return [args[0] === 'two' ? 'random-two' : 'random', undefined];
    default: {
      const consistent = args[1] === 'consistent';
      const hash =
        args.length > 0
          ? { key: args[0]!, keyLoc: { file, start: tree.argStart(id, 0), end: tree.argEnd(id, 0) }, consistent }
          : undefined;
      return [consistent ? 'consistent-hash' : 'hash', hash];
    }
  }
}

function argValues({ tree, id }: At): string[] {
  const values: string[] = [];
  for (let i = 0; i < tree.argCount(id); i++) values.push(tree.argValue(id, i));
  return values;
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
