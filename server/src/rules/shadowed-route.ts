import { defineRule, type RuleContext } from '../core/rule';
import type { Reference, RouteMatch, RouteTest } from '../core/model';

const rule = defineRule({
  meta: {
    id: 'shadowed-route',
    title: 'A routing rule that an earlier rule always takes first',
    severity: 'warning',
    dialects: ['haproxy'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Compares the `use_backend` rules of each HAProxy frontend in the order HAProxy tries them, and reports a rule whose condition only selects requests an earlier rule already selects: an unconditional rule, or tests on the path or the Host header (`path`, `path_beg`, `hdr(host)`, `hdr_beg(host)`, named or anonymous ACLs, `||`) whose values cover the later ones (`path_beg /payments` covers `path_beg /payments-summary`). Conditions lb-drift cannot read exactly (`unless`, `!`, several terms that must all hold, other fetches, regular expressions, ACL files) are left alone.',
      whyItMatters:
        'HAProxy uses the first `use_backend` whose condition holds. A general prefix written before a more specific one takes all of its requests, so the specific backend (with its own timeouts, servers or limits) never gets traffic, and nothing in the logs says so: the requests are served, by the wrong backend.',
      example:
        'frontend www\n    bind :80\n    acl is_payments path_beg /payments\n    acl is_summary path_beg /payments-summary\n    use_backend payments if is_payments\n    use_backend summary if is_summary\n    default_backend app',
      fix: 'Put the more specific rule first, or make the earlier condition exclude its requests (`if is_payments !is_summary`).',
      references: ['https://docs.haproxy.org/2.6/configuration.html#4-use_backend', 'https://docs.haproxy.org/2.6/configuration.html#7.1'],
    },
  },
  check(context) {
    const byProxy = new Map<string, Reference[]>();
    for (const reference of context.model.references) {
      if (reference.kind !== 'use_backend' || !reference.scope) continue;
      const proxy = reference.scope.split(' > ')[0]!;
      byProxy.set(proxy, [...(byProxy.get(proxy) ?? []), reference]);
    }
    for (const [proxy, rules] of byProxy) {
      const earlier = new EarlierRules();
      for (const later of [...rules].sort((a, b) => a.loc.start - b.loc.start)) {
        const takers = later.match && earlier.takers(later.match);
        if (takers) report(context, proxy, later, takers);
        if (later.match) earlier.add(later, later.match);
      }
    }
  },
});

function report(context: RuleContext, proxy: string, later: Reference, takers: readonly Reference[]): void {
  const [first] = takers as [Reference];
  const why = first.match!.always
    ? `the use_backend ${first.name} before it has no condition, so every request stops there`
    : takers.length === 1
      ? `${describe(first.match!)}, tested first, selects every request that ${describe(later.match!)} selects, so they go to backend ${first.name}`
      : `the use_backend rules before it (${takers.map((t) => describe(t.match!)).join('; ')}) together select every request that ${describe(later.match!)} selects`;
  context.report({
    message: `use_backend ${later.name} in ${proxy} never applies: ${why}. Put the more specific rule first.`,
    loc: later.loc,
    related: takers.map((t) => ({ loc: t.loc, message: `use_backend ${t.name} takes these requests first` })),
  });
}

const describe = (match: RouteMatch): string => match.tests.map((t) => t.text).join(' || ');

/**
 * The tests of the rules already read, by sample, kind, case and value, each with the first rule
 * that has it: whether a later value is taken costs one lookup per prefix of the value, so a
 * frontend with thousands of rules stays linear.
 */
class EarlierRules {
  private always: Reference | undefined;
  private readonly byKey = new Map<string, Reference>();

  add(rule: Reference, match: RouteMatch): void {
    if (match.always) this.always ??= rule;
    for (const test of match.tests) {
      for (const value of test.values) {
        const key = keyOf(test.sample, test.kind, test.ignoreCase, test.ignoreCase ? value.toLowerCase() : value);
        if (!this.byKey.has(key)) this.byKey.set(key, rule);
      }
    }
  }

  /** The earlier rules that together take every request `match` selects, or undefined when some request gets through. */
  takers(match: RouteMatch): Reference[] | undefined {
    if (this.always) return [this.always];
    if (match.always || match.tests.length === 0) return undefined;
    const takers: Reference[] = [];
    for (const test of match.tests) {
      for (const value of test.values) {
        const taker = this.taker(test, value);
        if (!taker) return undefined;
        if (!takers.includes(taker)) takers.push(taker);
      }
    }
    return takers;
  }

  /** The first earlier rule that selects every request whose sample `test` selects with `value`. */
  private taker(test: RouteTest, value: string): Reference | undefined {
    const lower = value.toLowerCase();
    const found: Reference[] = [];
    const look = (kind: RouteTest['kind'], length: number) => {
      // A case-insensitive later test selects spellings only a case-insensitive earlier one takes.
      const sensitive = test.ignoreCase ? undefined : this.byKey.get(keyOf(test.sample, kind, false, value.slice(0, length)));
      const insensitive = this.byKey.get(keyOf(test.sample, kind, true, lower.slice(0, length)));
      for (const rule of [sensitive, insensitive]) if (rule) found.push(rule);
    };
    if (test.kind === 'exact') look('exact', value.length);
    for (let length = 0; length <= value.length; length++) look('prefix', length);
    return found.sort((a, b) => a.loc.start - b.loc.start)[0];
  }
}

const keyOf = (sample: string, kind: string, ignoreCase: boolean, value: string) => `${sample}\u0000${kind}\u0000${ignoreCase ? 'i' : ''}\u0000${value}`;

export default rule;
