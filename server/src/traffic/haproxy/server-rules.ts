/**
 * `use-server` before balancing: HAProxy runs a backend's `use-server` rules in order, and the
 * first whose condition holds sends the request to its server, unless that server is in
 * maintenance (`disabled`; with `option persist` even then). A server with weight 0 or a backup
 * still takes it. lb-drift decides the conditions that do not depend on the request: `TRUE`,
 * `FALSE`, `always_true`, `always_false`, combined with `!`, `||` / `or` and juxtaposition (and);
 * any other condition (a named or anonymous ACL) makes the rule undecidable without the request.
 */
import type { MemberReference, Pool } from '../../core/model';

export type Pinning =
  | { readonly kind: 'none' }
  | { readonly kind: 'pinned'; readonly member: number; readonly rule: MemberReference }
  | { readonly kind: 'undecided'; readonly rule: MemberReference };

const STATIC_TERMS: ReadonlyMap<string, boolean> = new Map([
  ['TRUE', true],
  ['always_true', true],
  ['FALSE', false],
  ['always_false', false],
]);

/** Whether a condition holds for every request (true), none (false), or depends on it (undefined). */
export function decideCondition(condition: string): boolean | undefined {
  // Anonymous ACLs (`{ path_beg /a }`) are one term each.
  const terms = condition.match(/!?\s*\{[^}]*\}|\S+/g) ?? [];
  if (terms.length === 0) return undefined;
  let any: boolean | undefined = false;
  let all: boolean | undefined = true;
  let negate = false;
  const closeGroup = () => {
    any = any === true || all === true ? true : any === undefined || all === undefined ? undefined : false;
    all = true;
  };
  for (const raw of terms) {
    if (raw === '||' || raw === 'or') {
      closeGroup();
      continue;
    }
    if (raw === '!') {
      negate = !negate;
      continue;
    }
    const negated = raw.startsWith('!') !== negate;
    negate = false;
    const known = STATIC_TERMS.get(raw.replace(/^!/, ''));
    const value = known === undefined ? undefined : known !== negated;
    all = all === false || value === false ? false : all === undefined || value === undefined ? undefined : true;
  }
  closeGroup();
  return any;
}

/** Which server the `use-server` rules send every request to, if the rules decide that alone. */
export function pinningOf(pool: Pool): Pinning {
  const rules = pool.memberReferences;
  // Most backends have no use-server rule: every prediction asks, so they share one answer.
  if (rules === undefined || rules.length === 0) return NOT_PINNED;
  const persist = pool.facts['option persist'] !== undefined;
  for (const rule of rules) {
    // A rule whose server is missing or in maintenance never takes a request.
    if (rule.member === undefined || (pool.members[rule.member]!.state === 'down' && !persist)) continue;
    const holds = decideCondition(rule.condition);
    if (holds === undefined) return { kind: 'undecided', rule };
    if (holds !== rule.negated) return { kind: 'pinned', member: rule.member, rule };
  }
  return NOT_PINNED;
}

const NOT_PINNED: Pinning = Object.freeze({ kind: 'none' });

/** The rule as written, for messages: `use-server b if { path_beg /admin }`. */
export function ruleText(rule: MemberReference): string {
  return `${rule.keyword} ${rule.name} ${rule.negated ? 'unless' : 'if'} ${rule.condition}`;
}
