/**
 * nginx `split_clients "key" $variable { 10% a; 90% b; }` lowered to a traffic-split pool. Member
 * weights are hundredths of a percent, as nginx stores them; `*` takes what the others leave and is
 * the one member whose weight is not explicit.
 */
import type { ParseProblem } from '../../core/finding';
import type { Member, Pool } from '../../core/model';
import { loc } from '../../core/span';
import type { NginxTree } from './tree';
import { directiveLoc, type VisitedDirective } from './walk';

const PERCENT = /^(\d+)(?:\.(\d{1,2}))?%$/;
export const SPLIT_TOTAL = 10000;

interface Entry {
  readonly tree: NginxTree;
  readonly id: number;
  readonly file: string;
}

export class SplitClientsCollector {
  private readonly entries: Entry[] = [];
  private readonly block: Entry;

  constructor(
    block: VisitedDirective,
    private readonly topContext: string,
    private readonly problems: ParseProblem[],
  ) {
    this.block = { tree: block.tree, id: block.id, file: block.file };
  }

  add(node: VisitedDirective): void {
    this.entries.push({ tree: node.tree, id: node.id, file: node.file });
  }

  finish(): Pool {
    const { tree, id, file } = this.block;
    const argLoc = (i: number) => loc(file, { start: tree.argStart(id, i), end: tree.argEnd(id, i) });
    const hasKey = tree.argCount(id) > 0;
    const hasName = tree.argCount(id) > 1;
    const name = hasName ? tree.argValue(id, 1) : '';
    const members: Member[] = [];
    let sum = 0;
    let wildcard: Entry | undefined;
    for (const entry of this.entries) {
      const label = entry.tree.name(entry.id);
      if (label === '*') {
        wildcard = entry;
        continue;
      }
      const match = PERCENT.exec(label);
      if (!match) {
        this.problems.push({
          kind: 'syntax',
          message: `invalid percent value "${label}" in split_clients ${name}: write it like 10% or 0.5%`,
          loc: loc(entry.file, { start: entry.tree.nameStart(entry.id), end: entry.tree.nameEnd(entry.id) }),
        });
        continue;
      }
      const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
      sum += hundredths;
      members.push(member(entry, hundredths, true));
    }
    const blockLoc = directiveLoc(this.block);
    if (sum > SPLIT_TOTAL) {
      this.problems.push({
        kind: 'syntax',
        message: `split_clients ${name} adds up to ${(sum / 100).toFixed(2)}%, more than 100%; nginx -t rejects it`,
        loc: blockLoc,
      });
    }
    if (wildcard) members.push(member(wildcard, Math.max(0, SPLIT_TOTAL - sum), false));
    return {
      key: `${this.topContext}:split_clients ${name}`,
      name,
      dialect: 'nginx',
      kind: 'split',
      context: this.topContext,
      loc: blockLoc,
      nameLoc: hasName ? argLoc(1) : loc(file, { start: tree.nameStart(id), end: tree.nameEnd(id) }),
      algorithm: 'weighted-split',
      algorithmText: 'split_clients',
      ...(hasKey ? { hash: { key: tree.argValue(id, 0), keyLoc: argLoc(0), consistent: false, function: 'murmurhash2' } } : {}),
      members,
      health: { active: false, passive: false, passiveDisabledAt: [] },
      facts: { splitClients: { value: name, loc: blockLoc } },
    };
  }
}

function member(entry: Entry, weight: number, explicit: boolean): Member {
  const { tree, id, file } = entry;
  const hasValue = tree.argCount(id) > 0;
  const directiveAt = directiveLoc(entry);
  return {
    // The value as written; an empty value (`* "";`) shows as its quotes.
    address: hasValue ? tree.argValue(id, 0) || '""' : '',
    addressLoc: hasValue ? loc(file, { start: tree.argStart(id, 0), end: tree.argEnd(id, 0) }) : directiveAt,
    loc: directiveAt,
    weight,
    weightExplicit: explicit,
    weightLoc: loc(file, { start: tree.nameStart(id), end: tree.nameEnd(id) }),
    role: 'primary',
    state: 'up',
    peers: 1,
    resolvesByName: false,
    limits: {},
    params: [],
  };
}
