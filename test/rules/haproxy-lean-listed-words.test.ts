/**
 * Issue 12 on HAProxy: client-ip-affinity and hash-not-consistent report on every `balance
 * source` or map-based backend, and the cap lists 100 per rule and file; their words (the
 * message, and hash-not-consistent's fix with the file's line break) are made only for the
 * findings listed, and say what the words made at once said.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { percent } from '../../server/src/core/format';
import { analyzeFile } from '../../server/src/engine/analyze';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/engine/finding-cap';
import { RULES } from '../../server/src/rules';
import { lineBreakOf } from '../../server/src/rules/haproxy/common';
import { afterFrontendEdit, backendsConfig as config, HAPROXY_OPTIONS, HAPROXY_ROOT as ROOT } from '../helpers/haproxy-backends';

vi.mock('../../server/src/core/format', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/core/format')>();
  return { ...actual, percent: vi.fn(actual.percent) };
});
vi.mock('../../server/src/rules/haproxy/common', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/rules/haproxy/common')>();
  return { ...actual, lineBreakOf: vi.fn(actual.lineBreakOf) };
});

const BACKENDS = 150;

/** `balance source` over two equal checked servers: one client-ip-affinity and one hash-not-consistent finding each. */
const bySource = (i: number) => `    balance source\n    server a 10.${i >> 8}.${i & 255}.1:80 check\n    server b 10.${i >> 8}.${i & 255}.2:80 check\n`;

/** Only `rule` runs (syntax errors aside), so the counted calls are its own. */
function onlyRule(text: string, rule: string) {
  const rules = Object.fromEntries(RULES.filter((r) => r.meta.id !== rule).map((r) => [r.meta.id, { severity: 'off' as const }]));
  const report = analyzeFile({ path: ROOT, text }, noIncludes, { ...HAPROXY_OPTIONS, config: { rules } });
  return report.findings.filter((f) => f.rule === rule);
}

describe('HAProxy words made for listed findings only', () => {
  afterEach(() => vi.mocked(percent).mockClear());

  it('client-ip-affinity writes its message only for the findings the cap lists', () => {
    const text = config(BACKENDS, bySource);
    vi.mocked(percent).mockClear();
    const found = onlyRule(text, 'client-ip-affinity');
    expect(found).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(found.at(-1)?.count).toBe(BACKENDS - MAX_FINDINGS_PER_RULE);
    // One percentage per message written; before, one per backend (150).
    expect(vi.mocked(percent).mock.calls.length).toBeGreaterThan(0);
    expect(vi.mocked(percent).mock.calls.length).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE + 1);
  });

  it('hash-not-consistent makes its fix only for the findings the cap lists', () => {
    const text = config(BACKENDS, bySource);
    vi.mocked(lineBreakOf).mockClear();
    const found = onlyRule(text, 'hash-not-consistent');
    expect(found).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    // The added hash-type line takes the file's line break; before, every backend's fix read it (150).
    expect(vi.mocked(lineBreakOf).mock.calls.length).toBeGreaterThan(0);
    expect(vi.mocked(lineBreakOf).mock.calls.length).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE + 1);
  });

  it('say what the words made at once said', () => {
    // Expected strings and edit from the CLI at 27a970d, before these words were deferred.
    const text = config(1, bySource).replace(/\n/g, '\r\n');
    const affinity = onlyRule(text, 'client-ip-affinity')[0]!;
    expect(affinity.message).toBe(
      "balance source in backend be0 keys clients by their source address: everyone behind one NAT, proxy, load balancer or CDN edge lands on one of its 2 servers, which carries 100% of that group's load instead of 50%. With mode http, cookie persistence (cookie SRV insert) or balance hdr(X-Forwarded-For) keeps clients as sticky without grouping them.",
    );
    expect(Object.keys(affinity)).toEqual(['rule', 'severity', 'message', 'loc']);
    expect(text.slice(affinity.loc.start, affinity.loc.end)).toBe('balance source');
    const hash = onlyRule(text, 'hash-not-consistent')[0]!;
    expect(hash.fixes?.map((f) => f.title)).toEqual(['Set hash-type consistent in backend be0 (remaps 50% of keys once)']);
    const [edit] = hash.fixes![0]!.intents as unknown as [{ kind: 'edit'; edits: [{ loc: { start: number; end: number }; newText: string }] }];
    // Added right after the balance line, with the file's own line break.
    expect(edit.edits[0].newText).toBe('\r\n    hash-type consistent');
    expect(edit.edits[0].loc.start).toBe(edit.edits[0].loc.end);
    expect(edit.edits[0].loc.start).toBe(text.indexOf('balance source') + 'balance source'.length);
  });

  it('point at a balance source inherited from defaults right after an edit moves the backends', () => {
    const servers = (i: number) => bySource(i).replace('    balance source\n', '');
    const timeouts = '    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n';
    const { next, fresh, defaultsEnd } = afterFrontendEdit(`defaults\n    mode http\n    balance source\n${timeouts}`, servers);
    const found = fresh.filter((f) => f.rule === 'client-ip-affinity');
    expect(found).toHaveLength(3);
    // The finding is on the inherited balance line, which the edit does not move.
    for (const f of found) expect(f.loc.end).toBeLessThanOrEqual(defaultsEnd);
    expect(JSON.stringify(next)).toBe(JSON.stringify(fresh));
  });
});
