/**
 * Collects the directives of one nginx `upstream` block (including those pulled in by `include`)
 * and lowers them to a model pool when the block ends.
 */
import type { ParseProblem } from '../../core/finding';
import type { Algorithm, FactValue, HashSpec, Member, Pool } from '../../core/model';
import { loc, type Loc } from '../../core/span';
import { lowerUpstreamServer } from './upstream-server';
import type { VisitedDirective } from './walk';

const ALGORITHM_DIRECTIVES = new Set(['hash', 'ip_hash', 'least_conn', 'random', 'least_time']);

export class UpstreamCollector {
  private readonly members: Member[] = [];
  private readonly facts: Record<string, FactValue> = {};
  private algorithm: Algorithm = 'round-robin';
  private algorithmText = '';
  private algorithmLoc: Loc | undefined;
  private hash: HashSpec | undefined;

  constructor(
    private readonly block: VisitedDirective,
    /** `http` or `stream`. */
    private readonly topContext: string,
    private readonly problems: ParseProblem[],
  ) {}

  add(node: VisitedDirective): void {
    const { directive, file } = node;
    if (directive.name === 'server') {
      const member = lowerUpstreamServer(directive, file, this.problems);
      if (member) this.members.push(member);
      return;
    }
    if (ALGORITHM_DIRECTIVES.has(directive.name)) {
      this.setAlgorithm(node);
      return;
    }
    const text = node.directive.args.map((a) => a.value).join(' ');
    this.facts[directive.name] = { value: text, loc: node.loc };
  }

  private setAlgorithm(node: VisitedDirective): void {
    const { directive } = node;
    const args = directive.args.map((a) => a.value);
    this.algorithmLoc = node.loc;
    this.algorithmText = [directive.name, ...args].join(' ');
    this.hash = undefined;
    switch (directive.name) {
      case 'ip_hash':
        this.algorithm = 'ip-hash';
        break;
      case 'least_conn':
      case 'least_time':
        this.algorithm = 'least-conn';
        break;
      case 'random':
        this.algorithm = args[0] === 'two' ? 'random-two' : 'random';
        break;
      case 'hash': {
        const key = directive.args[0];
        const consistent = args[1] === 'consistent';
        this.algorithm = consistent ? 'consistent-hash' : 'hash';
        if (key) this.hash = { key: key.value, keyLoc: loc(node.file, key.span), consistent };
        break;
      }
    }
  }

  finish(): Pool {
    const { directive, file } = this.block;
    const nameArg = directive.args[0];
    const name = nameArg?.value ?? '';
    const primaries = this.members.filter((m) => m.role === 'primary' && m.state !== 'down');
    const passiveOff = primaries.filter((m) => m.limits.maxFails === 0);
    return {
      key: `${this.topContext}:upstream ${name}`,
      name,
      dialect: 'nginx',
      kind: 'members',
      context: this.topContext,
      loc: this.block.loc,
      nameLoc: nameArg ? loc(file, nameArg.span) : loc(file, directive.nameSpan),
      algorithm: this.algorithm,
      algorithmText: this.algorithmText,
      ...(this.algorithmLoc ? { algorithmLoc: this.algorithmLoc } : {}),
      ...(this.hash ? { hash: this.hash } : {}),
      members: this.members,
      health: {
        active: false,
        passive: primaries.length === 0 || passiveOff.length < primaries.length,
        passiveDisabledAt: passiveOff.map((m) => m.params.find((p) => p.name === 'max_fails')!.loc),
      },
      facts: this.facts,
    };
  }
}
