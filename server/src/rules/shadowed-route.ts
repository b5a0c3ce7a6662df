import { defineRule } from '../core/rule';
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
      const ordered = [...rules].sort((a, b) => a.loc.start - b.loc.start);
      ordered.forEach((later, j) => {
        if (!later.match) return;
        const earlier = ordered.slice(0, j).find((r) => r.match && covers(r.match, later.match!));
        if (!earlier) return;
        const why = earlier.match!.always
          ? `the use_backend ${earlier.name} before it has no condition, so every request stops there`
          : `${describe(earlier.match!)}, tested first, selects every request that ${describe(later.match)} selects, so they go to backend ${earlier.name}`;
        context.report({
          message: `use_backend ${later.name} in ${proxy} never applies: ${why}. Put the more specific rule first.`,
          loc: later.loc,
          related: [{ loc: earlier.loc, message: `use_backend ${earlier.name} takes these requests first` }],
        });
      });
    }
  },
});

const describe = (match: RouteMatch): string => match.tests.map((t) => t.text).join(' || ');

/** Whether every request `later` selects is selected by `earlier`. */
function covers(earlier: RouteMatch, later: RouteMatch): boolean {
  if (earlier.always) return true;
  if (later.always || later.tests.length === 0) return false;
  return later.tests.every((test) => test.values.every((value) => earlier.tests.some((first) => coversValue(first, test, value))));
}

/** Whether `first` selects every request whose sample `test` selects with `value`. */
function coversValue(first: RouteTest, test: RouteTest, value: string): boolean {
  if (first.sample !== test.sample) return false;
  // A case-insensitive later test selects spellings a case-sensitive earlier one does not.
  if (test.ignoreCase && !first.ignoreCase) return false;
  const fold = (text: string) => (first.ignoreCase ? text.toLowerCase() : text);
  return first.values.some((v) => (first.kind === 'prefix' ? fold(value).startsWith(fold(v)) : test.kind === 'exact' && fold(value) === fold(v)));
}

export default rule;
