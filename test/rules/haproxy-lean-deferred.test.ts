/**
 * Issue 12 on HAProxy: hash-not-consistent, weight-skew and unbalanced-ring make the words of a
 * finding (the remap tables, the shares, the scaled tree, the fixes) only when the finding is
 * listed; the cap lists 100 per rule and file. A report that would point outside its backend (a
 * `balance` or a weight inherited from a defaults section) is made at once, as a deferred finding
 * is carried to the next version unread and moved with its pool.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Member } from '../../server/src/core/model';
import { analyzeFile } from '../../server/src/engine/analyze';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/engine/finding-cap';
import { predictHaproxyShares } from '../../server/src/traffic/haproxy/shares';
import { afterFrontendEdit, backendsConfig as config, HAPROXY_OPTIONS as options, HAPROXY_ROOT as ROOT } from '../helpers/haproxy-backends';

vi.mock('../../server/src/traffic/haproxy/shares', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/traffic/haproxy/shares')>();
  return { ...actual, predictHaproxyShares: vi.fn(actual.predictHaproxyShares) };
});

const BACKENDS = 150;

/** Map-based `balance uri` over three equal checked servers: one hash-not-consistent finding each. */
const mapBased = (i: number) => `    balance uri\n    server a 10.${i >> 8}.${i & 255}.1:80 check\n    server b 10.${i >> 8}.${i & 255}.2:80 check\n    server c 10.${i >> 8}.${i & 255}.3:80 check\n`;

/** Round-robin with one server weighted 9 times the other: one weight-skew finding each. */
const skewed = (i: number) => `    balance roundrobin\n    server a 10.${i >> 8}.${i & 255}.1:80 check weight 9\n    server b 10.${i >> 8}.${i & 255}.2:80 check\n`;

/** Consistent hashing over four servers at weight 1 (64 tree nodes): most such trees are uneven enough for unbalanced-ring. */
const uneven = (i: number) =>
  `    balance source\n    hash-type consistent\n${[1, 2, 3, 4].map((s) => `    server s${s} 10.${i >> 8}.${i & 255}.${s}:80 check id ${4 * i + s}\n`).join('')}`;

function ofRule(text: string, rule: string, previous?: ReturnType<typeof analyzeFile>) {
  const report = analyzeFile({ path: ROOT, text }, noIncludes, previous ? { ...options, previous } : options);
  return { report, found: report.findings.filter((f) => f.rule === rule) };
}

describe('HAProxy deferred words', () => {
  afterEach(() => vi.restoreAllMocks());

  it('predict a map-based backend\'s shares only for the hash-not-consistent findings the cap lists', () => {
    // No other rule asks for these backends' shares (equal weights, every server checked): one
    // prediction per listed finding (and the summary's first), where every backend's were made before.
    vi.mocked(predictHaproxyShares).mockClear();
    const { found } = ofRule(config(BACKENDS, mapBased), 'hash-not-consistent');
    expect(found).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(found.at(-1)?.count).toBe(BACKENDS - MAX_FINDINGS_PER_RULE);
    const predicted = new Set(vi.mocked(predictHaproxyShares).mock.calls.map(([pool]) => pool.name));
    expect(predicted.size).toBeGreaterThan(0);
    expect(predicted.size).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE + 1);
  });

  it('read the servers\' parameter lists only for the weight-skew findings the cap lists', () => {
    // The fix of a weight-skew finding reads every active server's parameters (equalisingIntents).
    const text = config(BACKENDS, skewed);
    const member = analyzeFile({ path: ROOT, text: config(1, skewed) }, noIncludes, options).model!.pools[0]!.members[0]!;
    const params = vi.spyOn(Object.getPrototypeOf(member) as Member, 'params', 'get');
    const { found } = ofRule(text, 'weight-skew');
    expect(found).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    const read = new Set(params.mock.contexts.map((m) => (m as Member).address));
    // The weighted server of each listed finding (and of the summary's first); before, all 150.
    expect(read.size).toBeGreaterThan(0);
    expect(read.size).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE + 1);
  });

  it('build the tree with scaled weights only for the unbalanced-ring findings the cap lists', () => {
    // The scaled tree is predicted from plain copies of the members (plainMember reads toJSON).
    const text = config(2 * BACKENDS, uneven);
    const { found: all } = ofRule(text, 'unbalanced-ring');
    expect(all.length).toBeGreaterThan(MAX_FINDINGS_PER_RULE);
    const member = analyzeFile({ path: ROOT, text: config(1, uneven) }, noIncludes, options).model!.pools[0]!.members[0]!;
    const copied = vi.spyOn(Object.getPrototypeOf(member) as { toJSON(): Member }, 'toJSON');
    ofRule(text, 'unbalanced-ring');
    const pools = new Set(copied.mock.contexts.map((m) => (m as Member).address.split('.').slice(0, 3).join('.')));
    expect(pools.size).toBeGreaterThan(0);
    expect(pools.size).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE + 1);
  });

  it('say what the immediate words said', () => {
    // Expected strings from the CLI before the words were deferred (commit 21ef7e3).
    const hash = ofRule(config(1, mapBased), 'hash-not-consistent').found[0]!;
    expect(hash.message).toBe(
      'balance uri in backend be0 hashes with a map-based table: removing c (10.0.0.3:80), the last of 3 servers, would send 67% of keys to another server; with hash-type consistent only its own 35%. A server that fails its health check changes the table the same way. Set hash-type consistent.',
    );
    expect(hash.fixes?.map((f) => f.title)).toEqual(['Set hash-type consistent in backend be0 (remaps 67% of keys once)']);
    expect(Object.keys(hash)).toEqual(['rule', 'severity', 'message', 'loc', 'fixes']);
    const skew = ofRule(config(1, skewed), 'weight-skew').found[0]!;
    expect(skew.message).toBe(
      '10.0.0.1:80 gets 90% of requests in be0 (weight 9 of 10), 9 times the other member\'s 10%; an even split gives each 50%. Equalise the weights if the members are interchangeable.',
    );
    expect(Object.keys(skew)).toEqual(['rule', 'severity', 'message', 'loc', 'fixes']);
  });

  const TIMEOUTS = '    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n';

  it('point at a balance inherited from defaults right after an edit moves the backends', () => {
    const servers = (i: number) => mapBased(i).replace('    balance uri\n', '');
    const { next, fresh, defaultsEnd } = afterFrontendEdit(`defaults\n    mode http\n    balance uri\n${TIMEOUTS}`, servers);
    const found = fresh.filter((f) => f.rule === 'hash-not-consistent');
    expect(found).toHaveLength(3);
    // The finding is on the inherited balance line, which the edit does not move.
    for (const f of found) expect(f.loc.end).toBeLessThanOrEqual(defaultsEnd);
    expect(JSON.stringify(next)).toBe(JSON.stringify(fresh));
  });

  it('remove weights inherited from defaults right after an edit moves the backends', () => {
    const body = (i: number) => `    server a 10.0.${i}.1:80 check weight 9\n    server b 10.0.${i}.2:80 check\n    server c 10.0.${i}.3:80 check\n`;
    const { next, fresh, defaultsEnd } = afterFrontendEdit(`defaults\n    mode http\n    default-server weight 2\n${TIMEOUTS}`, body);
    const found = fresh.filter((f) => f.rule === 'weight-skew');
    expect(found).toHaveLength(3);
    // The fix removes the weight of b and c, written on the default-server line in defaults.
    for (const f of found) expect(f.fixes?.[0]?.intents.some((i) => i.kind === 'remove-param' && i.param.end <= defaultsEnd)).toBe(true);
    expect(JSON.stringify(next)).toBe(JSON.stringify(fresh));
  });
});
