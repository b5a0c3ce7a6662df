/**
 * shadowed-route keeps its last model's findings with what it read to find them (each use_backend
 * rule's scope and condition, in the model's order): an edit that leaves every condition as it was
 * reuses them without grouping the rules by proxy or asking the per-proxy memo again, and an edit
 * that changes a condition (an ACL's value, which the rule's scope does not show; a rule more or
 * fewer; the order) works them out again. Findings always equal a fresh analysis's.
 */
import { describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import * as perProxy from '../../server/src/rules/haproxy/shadowed-route-memo';

vi.mock('../../server/src/rules/haproxy/shadowed-route-memo', async (importOriginal) => {
  const original = await importOriginal<typeof perProxy>();
  return { ...original, rememberedDecisions: vi.fn(original.rememberedDecisions) };
});

const ROOT = '/etc/haproxy/haproxy.cfg';

const TEXT = `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend www
    bind :80
    acl is_payments path_beg /payments
    acl is_summary path_beg /payments-summary
    use_backend payments if is_payments
    use_backend summary if is_summary
    default_backend payments

frontend shop
    bind :8443
    use_backend payments if { path_beg /pay }
    use_backend summary if { path_beg /sum }
    use_backend payments if { path /pay/now } || { path_beg /sum/2025 }

backend payments
    server p1 10.0.0.1:80 check
    server p2 10.0.0.2:80 check

backend summary
    server s1 10.0.1.1:80 check
`;

const options = { dialect: 'haproxy' as const };
const shadowed = (report: FileReport): string => JSON.stringify(report.findings.filter((f) => f.rule === 'shadowed-route'));
const decisions = vi.mocked(perProxy.rememberedDecisions);

/** Analyses `text` after `previous`, checks that its shadowed-route findings equal a fresh analysis's, and returns how many proxies were worked out. */
function edit(previous: FileReport, text: string): { report: FileReport; proxiesRead: number } {
  decisions.mockClear();
  const report = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous });
  const proxiesRead = decisions.mock.calls.length;
  expect(shadowed(report)).toBe(shadowed(analyzeFile({ path: ROOT, text }, noIncludes, options)));
  return { report, proxiesRead };
}

describe('shadowed-route findings carried while no condition changes', () => {
  it('reads no proxy again after an edit outside the use_backend conditions, and the moved findings point at the moved lines', () => {
    const first = analyzeFile({ path: ROOT, text: TEXT }, noIncludes, options);
    expect(first.findings.filter((f) => f.rule === 'shadowed-route')).toHaveLength(2);
    // A server's weight typed in a backend, then a blank line before both frontends (which moves them).
    const weightedText = TEXT.replace('server s1 10.0.1.1:80 check', 'server s1 10.0.1.1:80 check weight 3');
    const weighted = edit(first, weightedText);
    expect(weighted.proxiesRead).toBe(0);
    const moved = edit(weighted.report, weightedText.replace('frontend www', '\nfrontend www'));
    expect(moved.proxiesRead).toBe(0);
    // A space typed inside a frontend re-reads that section; its conditions read the same.
    const spaced = edit(moved.report, TEXT.replace('use_backend summary if is_summary', 'use_backend summary  if is_summary'));
    expect(spaced.proxiesRead).toBe(0);
  });

  it('works the findings out again when a condition changes, including an ACL value the scope does not show', () => {
    const first = analyzeFile({ path: ROOT, text: TEXT }, noIncludes, options);
    const variants = [
      // The ACL's value changes: the use_backend lines and their scopes stay as written.
      TEXT.replace('acl is_payments path_beg /payments', 'acl is_payments path_beg /checkout'),
      // The same rules in another order.
      TEXT.replace('    use_backend payments if { path_beg /pay }\n    use_backend summary if { path_beg /sum }\n', '    use_backend summary if { path_beg /sum }\n    use_backend payments if { path_beg /pay }\n'),
      // A rule fewer, and a rule more.
      TEXT.replace('    use_backend summary if { path_beg /sum }\n', ''),
      TEXT.replace('    default_backend payments\n', '    use_backend summary if { path_beg /payments }\n    default_backend payments\n'),
      // The case of a test.
      TEXT.replace('acl is_summary path_beg /payments-summary', 'acl is_summary path_beg -i /payments-summary'),
    ];
    let previous = first;
    for (const text of variants) {
      const { report, proxiesRead } = edit(previous, text);
      expect(proxiesRead).toBeGreaterThan(0);
      // Back to the original text, from the variant: worked out again too.
      const back = edit(report, TEXT);
      expect(back.proxiesRead).toBeGreaterThan(0);
      previous = back.report;
    }
    // The ACL change is a finding less, not the carried one.
    expect(shadowed(analyzeFile({ path: ROOT, text: variants[0]! }, noIncludes, options))).not.toBe(shadowed(first));
  });

  it('does not carry across two sections with the same proxy name (ordered by location)', () => {
    const twice = `${TEXT}\nfrontend www\n    bind :8444\n    use_backend summary if { path_beg /payments/x }\n`;
    const first = analyzeFile({ path: ROOT, text: twice }, noIncludes, options);
    expect(first.findings.filter((f) => f.rule === 'shadowed-route')).toHaveLength(3);
    const next = edit(first, twice.replace('server p1 10.0.0.1:80 check', 'server p1 10.0.0.1:80 check weight 2'));
    expect(next.proxiesRead).toBeGreaterThan(0);
  });
});
