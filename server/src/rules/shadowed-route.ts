import { defineRule, type RuleContext } from '../core/rule';
import type { Reference, RouteMatch, RouteTest } from '../core/model';
import { rememberedDecisions, type Decisions } from './haproxy/shadowed-route-memo';
import { lastFindings, readsReference, rememberFindings, type ShadowedRoute } from './haproxy/shadowed-route-model-memo';

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
    const references = context.model.references;
    const found = lastFindings(references) ?? findShadowed(references);
    for (const { proxy, later, takers } of found) report(context, proxy, references[later]!, takers.map((j) => references[j]!));
  },
});

/** The rules an earlier rule of their proxy takes first, worked out proxy by proxy (each proxy's decisions remembered by its conditions). */
function findShadowed(references: readonly Reference[]): readonly ShadowedRoute[] {
  const byProxy = new Map<string, Reference[]>();
  /** Proxies whose rules came in more than one run (two sections with the same name). */
  const split = new Set<string>();
  // A proxy's rules come one after another: its name is cut out of the scope once per run of them.
  let proxy = '';
  let rules: Reference[] | undefined;
  for (const reference of references) {
    if (!readsReference(reference)) continue;
    const scope = reference.scope!;
    const cut = scope.indexOf(' > ');
    const length = cut < 0 ? scope.length : cut;
    if (!rules || length !== proxy.length || !scope.startsWith(proxy)) {
      proxy = cut < 0 ? scope : scope.slice(0, cut);
      rules = byProxy.get(proxy);
      if (!rules) byProxy.set(proxy, (rules = []));
      else split.add(proxy);
    }
    rules.push(reference);
  }
  const found: ShadowedRoute[] = [];
  let indexes: Map<Reference, number> | undefined;
  for (const [proxy, rules] of byProxy) {
    // A run of rules is lowered in the order its lines are written, so only a proxy whose name
    // two sections apart share needs its rules' locations read (on a keystroke that
    // read made a moved location for every use_backend of the file).
    const ordered = !split.has(proxy) || rules.every((r, i) => i === 0 || rules[i - 1]!.loc.start <= r.loc.start) ? rules : [...rules].sort((a, b) => a.loc.start - b.loc.start);
    const decisions = rememberedDecisions(ordered, () => decide(ordered));
    for (let i = 0; i < ordered.length; i++) {
      const takers = decisions[i];
      if (!takers) continue;
      indexes ??= new Map(references.map((r, j) => [r, j]));
      found.push({ proxy, later: indexes.get(ordered[i]!)!, takers: takers.map((j) => indexes!.get(ordered[j]!)!) });
    }
  }
  // Rules of a proxy in two sections are ordered by their locations, which the model memo does not compare.
  rememberFindings(references, split.size === 0 ? found : undefined);
  return found;
}

/** For each rule (in the order tried), the indexes of the earlier rules that take all of its requests. */
function decide(ordered: readonly Reference[]): Decisions {
  const earlier = new EarlierRules();
  const index = new Map(ordered.map((rule, i) => [rule, i]));
  return ordered.map((later) => {
    const takers = later.match && earlier.takers(later.match);
    if (later.match) earlier.add(later, later.match);
    return takers?.map((taker) => index.get(taker)!);
  });
}

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
  /** The first rule with each value, one map per sample, kind and case (`groupOf`): no key strings to build. */
  private readonly groups: (Map<string, Reference> | undefined)[] = [];
  /** The lengths of the values of each group: only prefixes of these lengths can be found. */
  private readonly lengths: (Set<number> | undefined)[] = [];

  add(rule: Reference, match: RouteMatch): void {
    if (match.always) this.always ??= rule;
    for (const test of match.tests) {
      const group = groupOf(test.sample, test.kind, test.ignoreCase);
      const values = (this.groups[group] ??= new Map());
      const lengths = (this.lengths[group] ??= new Set());
      for (const value of test.values) {
        const key = test.ignoreCase ? value.toLowerCase() : value;
        if (!values.has(key)) values.set(key, rule);
        lengths.add(key.length);
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

  /**
   * The first earlier rule that selects every request whose sample `test` selects with `value`:
   * an earlier exact test with the value (for an exact later one), or an earlier prefix of it.
   * A case-insensitive later test selects spellings only a case-insensitive earlier one takes.
   */
  private taker(test: RouteTest, value: string): Reference | undefined {
    const lower = value.toLowerCase();
    let first: Reference | undefined;
    const consider = (rule: Reference | undefined): void => {
      if (rule && (!first || rule.loc.start < first.loc.start)) first = rule;
    };
    for (const ignoreCase of test.ignoreCase ? INSENSITIVE : EITHER_CASE) {
      const text = ignoreCase ? lower : value;
      if (test.kind === 'exact') consider(this.groups[groupOf(test.sample, 'exact', ignoreCase)]?.get(text.slice(0, value.length)));
      const prefixes = this.groups[groupOf(test.sample, 'prefix', ignoreCase)];
      if (!prefixes) continue;
      for (const length of this.lengths[groupOf(test.sample, 'prefix', ignoreCase)]!) {
        if (length <= value.length) consider(prefixes.get(text.slice(0, length)));
      }
    }
    return first;
  }
}

/** The cases of earlier tests that can take a later test's value: its own, or also the insensitive one. */
const INSENSITIVE: readonly boolean[] = [true];
const EITHER_CASE: readonly boolean[] = [false, true];

/** 0-7: the sample, the kind and the case of a test. */
const groupOf = (sample: RouteTest['sample'], kind: RouteTest['kind'], ignoreCase: boolean): number => (sample === 'path' ? 4 : 0) + (kind === 'prefix' ? 2 : 0) + (ignoreCase ? 1 : 0);

export default rule;
