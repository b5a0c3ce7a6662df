/**
 * nginx `split_clients "key" $variable { 10% a; 90% b; }` lowered to a traffic-split pool. Member
 * weights are hundredths of a percent, as nginx stores them; `*` takes what the others leave and is
 * the one member whose weight is not explicit.
 */
import type { ParseProblem } from '../../core/finding';
import type { Member, Pool } from '../../core/model';
import { loc } from '../../core/span';
import type { NginxDirective } from './syntax';
import type { VisitedDirective } from './walk';

const PERCENT = /^(\d+)(?:\.(\d{1,2}))?%$/;
export const SPLIT_TOTAL = 10000;

export class SplitClientsCollector {
  private readonly entries: { directive: NginxDirective; file: string }[] = [];

  constructor(
    private readonly block: VisitedDirective,
    private readonly topContext: string,
    private readonly problems: ParseProblem[],
  ) {}

  add(node: VisitedDirective): void {
    this.entries.push({ directive: node.directive, file: node.file });
  }

  finish(): Pool {
    const { directive, file } = this.block;
    const keyArg = directive.args[0];
    const variableArg = directive.args[1];
    const name = variableArg?.value ?? '';
    const members: Member[] = [];
    let sum = 0;
    let wildcard: { directive: NginxDirective; file: string } | undefined;
    for (const entry of this.entries) {
      if (entry.directive.name === '*') {
        wildcard = entry;
        continue;
      }
      const match = PERCENT.exec(entry.directive.name);
      if (!match) {
        this.problems.push({
          kind: 'syntax',
          message: `invalid percent value "${entry.directive.name}" in split_clients ${name}: write it like 10% or 0.5%`,
          loc: loc(entry.file, entry.directive.nameSpan),
        });
        continue;
      }
      const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
      sum += hundredths;
      members.push(this.member(entry, hundredths));
    }
    if (sum > SPLIT_TOTAL) {
      this.problems.push({
        kind: 'syntax',
        message: `split_clients ${name} adds up to ${(sum / 100).toFixed(2)}%, more than 100%; nginx -t rejects it`,
        loc: this.block.loc,
      });
    }
    if (wildcard) members.push(this.member(wildcard, Math.max(0, SPLIT_TOTAL - sum)));
    return {
      key: `${this.topContext}:split_clients ${name}`,
      name,
      dialect: 'nginx',
      kind: 'split',
      context: this.topContext,
      loc: this.block.loc,
      nameLoc: variableArg ? loc(file, variableArg.span) : loc(file, directive.nameSpan),
      algorithm: 'weighted-split',
      algorithmText: 'split_clients',
      ...(keyArg ? { hash: { key: keyArg.value, keyLoc: loc(file, keyArg.span), consistent: false, function: 'murmurhash2' } } : {}),
      members,
      health: { active: false, passive: false, passiveDisabledAt: [] },
      facts: { splitClients: { value: name, loc: this.block.loc } },
    };
  }

  private member(entry: { directive: NginxDirective; file: string }, weight: number): Member {
    const valueArg = entry.directive.args[0];
    const directiveLoc = loc(entry.file, entry.directive.span);
    return {
      // The value as written; an empty value (`* "";`) shows as its quotes.
      address: valueArg ? valueArg.value || '""' : '',
      addressLoc: valueArg ? loc(entry.file, valueArg.span) : directiveLoc,
      loc: directiveLoc,
      weight,
      weightExplicit: entry.directive.name !== '*',
      weightLoc: loc(entry.file, entry.directive.nameSpan),
      role: 'primary',
      state: 'up',
      peers: 1,
      resolvesByName: false,
      limits: {},
      params: [],
    };
  }
}
