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

const ALGORITHM_DIRECTIVES = new Set(['hash', 'ip_hash', 'least_conn', 'random', 'least_time']);

export class UpstreamCollector {
  private readonly members: Member[] = [];
  private readonly facts: At[] = [];
  private method: At | undefined;
  private readonly block: At;

  constructor(
    block: VisitedDirective,
    /** `http` or `stream`. */
    private readonly topContext: string,
    private readonly problems: ParseProblem[],
  ) {
    this.block = { tree: block.tree, id: block.id, file: block.file };
  }

  add(node: VisitedDirective): void {
    const { tree, id, file } = node;
    const name = tree.name(id);
    if (name === 'server') {
      const member = lowerUpstreamServer(tree, id, file, this.problems, this.members.at(-1)?.limits);
      if (member) this.members.push(member);
    } else if (ALGORITHM_DIRECTIVES.has(name)) {
      // nginx uses the last method written (and warns that it was redefined).
      this.method = { tree, id, file };
    } else {
      this.facts.push({ tree, id, file });
    }
  }

  finish(): Pool {
    // The pool keeps copies of exact length: an array grown by push holds 17 slots or more
    // (186 bytes for 3 members, 72 for the copy), and a large config has thousands of pools.
    return new NginxPool(this.block, this.topContext, this.members.slice(), this.method, this.facts.slice());
  }
}

export class NginxPool implements Pool {
  readonly key: string;
  readonly name: string;
  readonly dialect = 'nginx' as const;
  readonly kind = 'members' as const;
  readonly algorithm: Algorithm;
  readonly hash: HashSpec | undefined;
  // Made on first read and kept for the rest of the analysis.
  private factRecord: Readonly<Record<string, FactValue>> | undefined;
  private locView: Loc | undefined;
  private nameLocView: Loc | undefined;
  private algorithmTextView: string | undefined;
  private algorithmLocView: Loc | undefined;
  private healthView: HealthCheck | undefined;

  constructor(
    private readonly block: At,
    readonly context: string,
    readonly members: readonly Member[],
    private readonly method: At | undefined,
    private readonly factDirectives: readonly At[],
  ) {
    const { tree, id } = block;
    this.name = tree.argCount(id) > 0 ? tree.argValue(id, 0) : '';
    this.key = `${context}:upstream ${this.name}`;
    const [algorithm, hash] = method ? readMethod(method) : ['round-robin' as const, undefined];
    this.algorithm = algorithm;
    this.hash = hash;
  }

  get loc(): Loc {
    return (this.locView ??= directiveLoc(this.block));
  }

  /** The tree the pool's block, method and members were read from. */
  get tree(): NginxTree {
    return this.block.tree;
  }

  get nameLoc(): Loc {
    if (this.nameLocView) return this.nameLocView;
    const { tree, id, file } = this.block;
    this.nameLocView =
      tree.argCount(id) > 0 ? { file, start: tree.argStart(id, 0), end: tree.argEnd(id, 0) } : { file, start: tree.nameStart(id), end: tree.nameEnd(id) };
    return this.nameLocView;
  }

  get algorithmText(): string {
    return (this.algorithmTextView ??= this.method ? [this.method.tree.name(this.method.id), ...argValues(this.method)].join(' ') : '');
  }

  get algorithmLoc(): Loc | undefined {
    if (!this.method) return undefined;
    return (this.algorithmLocView ??= directiveLoc(this.method));
  }

  /** Built on first use and kept: rules ask for facts of every pool, often more than once. */
  get facts(): Readonly<Record<string, FactValue>> {
    if (!this.factRecord) {
      const facts: Record<string, FactValue> = {};
      for (const at of this.factDirectives) facts[at.tree.name(at.id)] = { value: argText(at), loc: directiveLoc(at) };
      this.factRecord = facts;
    }
    return this.factRecord;
  }

  get health(): HealthCheck {
    return (this.healthView ??= readHealth(this.members));
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
