/**
 * The revert fixes of the drift rules. "Revert pool to stable" must make the pool's text exactly
 * the stable text (checked on every drift fixture and on hand-made edge cases: CRLF files, pools
 * removed first or alone, members removed first); "Revert to stable value" must put back only
 * the setting that drifted, so that its finding goes away.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Finding } from '../../server/src/core/finding';
import type { Fix } from '../../server/src/core/fix';
import { matchPools } from '../../server/src/drift/match';
import { REMOVE_ADDED_MEMBER, RESTORE_REMOVED_MEMBER, REVERT_POOL, REVERT_VALUE } from '../../server/src/drift/revert';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import type { EngineConfig } from '../../server/src/engine/config';
import { applyEdits, fixEdits } from '../../server/src/engine/fixes';
import { analyzeFixture, fixtures, stableSideOf } from '../rules/fixture-runner';

const CURRENT = '/cfg/app.conf';
const STABLE = '/stable/app.conf';

function analyze(text: string, stableText: string, config?: EngineConfig): FileReport {
  return analyzeFile({ path: CURRENT, text }, noIncludes, {
    stable: { ref: 'lb-stable/test', file: { path: STABLE, text: stableText }, loader: noIncludes },
    ...(config ? { config } : {}),
  });
}

function apply(report: FileReport, fix: Fix, file = CURRENT): string {
  const edits = fixEdits(report.dialect!, fix, report.sources);
  expect(edits).toBeDefined();
  const after = applyEdits(report.sources.get(file)!, file, edits!);
  expect(after, 'edits do not overlap').toBeDefined();
  return after!;
}

const fixOf = (finding: Finding, title: string): Fix => {
  const fix = finding.fixes?.find((f) => f.title === title);
  if (!fix) throw new Error(`no "${title}" on ${finding.message}`);
  return fix;
};

const ROUTE_RULE = 'drift-route-changed';

const drift = (report: FileReport) => report.findings.filter((f) => f.rule.startsWith('drift-'));

/** The text of every pool of `report`, by key, next to its stable text. */
function poolTexts(report: FileReport, stableText: string, stablePath: string): Map<string, { now?: string; then?: string }> {
  const stable = analyzeFile({ path: stablePath, text: stableText }, noIncludes);
  const out = new Map<string, { now?: string; then?: string }>();
  for (const pair of matchPools(stable.model, report.model!)) {
    const key = (pair.current ?? pair.stable)!.key;
    const now = pair.current ? report.sources.get(pair.current.loc.file)!.slice(pair.current.loc.start, pair.current.loc.end) : undefined;
    const then = pair.stable ? stableText.slice(pair.stable.loc.start, pair.stable.loc.end) : undefined;
    out.set(key, { ...(now !== undefined ? { now } : {}), ...(then !== undefined ? { then } : {}) });
  }
  return out;
}

describe('"Revert pool to stable" on every drift fixture', () => {
  // A route is not a pool: drift-route-changed has its own revert test below.
  const pairs = fixtures().filter((f) => f.rule.startsWith('drift-') && f.rule !== ROUTE_RULE && !f.falsePositive);
  it.each(pairs.map((f) => [`${f.rule}/${f.name}`, f] as const))('%s', (_name, fixture) => {
    const stable = stableSideOf(fixture.path)!;
    const report = analyzeFixture(fixture.path);
    const findings = drift(report).filter((f) => f.rule !== ROUTE_RULE);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.fixes?.every((f) => f.safety === 'unsafe')).toBe(true);
      const after = apply(report, fixOf(finding, REVERT_POOL), fixture.path);
      const relinted = analyzeFixture(fixture.path, after);
      // Every pool that this fix touched now reads exactly as at stable (or is gone, if new).
      const before = poolTexts(report, stable.text, stable.path);
      for (const [key, texts] of poolTexts(relinted, stable.text, stable.path)) {
        const changed = before.get(key)?.now !== texts.now;
        if (changed) expect(texts.now, key).toBe(texts.then);
      }
      expect(relinted.findings.filter((f) => f.message === finding.message)).toEqual([]);
    }
  });
});

describe('"Revert to stable value" on every route change', () => {
  const routeFixtures = fixtures().filter((f) => f.rule === ROUTE_RULE && !f.falsePositive);
  it.each(routeFixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const stable = stableSideOf(fixture.path)!;
    const report = analyzeFixture(fixture.path);
    const routes = report.findings.filter((f) => f.rule === ROUTE_RULE);
    expect(routes.length).toBeGreaterThan(0);
    for (const finding of routes) {
      expect(finding.fixes?.map((f) => [f.title, f.safety])).toEqual([[REVERT_VALUE, 'unsafe']]);
      const after = apply(report, fixOf(finding, REVERT_VALUE), fixture.path);
      // The one line that changed now reads exactly as at stable.
      const changed = after.split('\n').filter((line, i) => line !== report.sources.get(fixture.path)!.split('\n')[i]);
      expect(changed).toHaveLength(1);
      expect(stable.text.split('\n')).toContain(changed[0]!.replace(/\s+# expect: .*$/, ''));
      expect(analyzeFixture(fixture.path, after).findings.filter((f) => f.message === finding.message)).toEqual([]);
    }
  });

  it('restores the stable argument exactly: quotes, scheme, path and CRLF kept', () => {
    const pools = 'upstream app {\r\n    server 10.0.0.1:80;\r\n}\r\nupstream app_v2 {\r\n    server 10.0.1.1:80;\r\n}\r\n';
    const route = (pass: string) => `${pools}server {\r\n    location /api {\r\n        ${pass}  # keep me\r\n    }\r\n}\r\n`;
    const stable = route('proxy_pass "http://app/v1/?a=b";');
    const current = route('proxy_pass https://app_v2;');
    const report = analyze(current, stable);
    const finding = report.findings.find((f) => f.rule === ROUTE_RULE)!;
    expect(finding.message).toContain('location /api: proxy_pass app -> app_v2 since lb-stable/test');
    expect(apply(report, fixOf(finding, REVERT_VALUE))).toBe(stable);
  });

  it('pairs routes by place: a location moved within its server keeps its pairing', () => {
    const pools = 'upstream a {\n    server 10.0.0.1:80;\n}\nupstream b {\n    server 10.0.1.1:80;\n}\n';
    const stable = `${pools}server {\n    location /x { proxy_pass http://a; }\n    location /y { proxy_pass http://b; }\n}\n`;
    const swapped = `${pools}server {\n    location /y { proxy_pass http://b; }\n    location /x { proxy_pass http://a; }\n}\n`;
    expect(analyze(swapped, stable).findings.filter((f) => f.rule === ROUTE_RULE)).toEqual([]);
    const moved = `${pools}server {\n    location /y { proxy_pass http://a; }\n    location /x { proxy_pass http://a; }\n}\n`;
    const found = analyze(moved, stable).findings.filter((f) => f.rule === ROUTE_RULE);
    expect(found.map((f) => f.message.split(' since')[0])).toEqual(['location /y: proxy_pass b -> a']);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.message).toContain("all requests to location /y (100%) now go to upstream a's 1 member (10.0.0.1:80 100%) instead of upstream b's 1 member (10.0.1.1:80 100%).");
  });
});

describe('revert edits', () => {
  it('restores a removed first member at the start of the block, with the file\'s CRLF line endings', () => {
    const stable = 'upstream app {\r\n    server 10.0.0.1:80;  # first\r\n    server 10.0.0.2:80;\r\n}\r\n';
    const current = 'upstream app {\r\n    server 10.0.0.2:80;\r\n}\r\n';
    const report = analyze(current, stable);
    const removed = report.findings.find((f) => f.rule === 'drift-member-removed')!;
    expect(apply(report, fixOf(removed, RESTORE_REMOVED_MEMBER))).toBe(stable);
    expect(apply(report, fixOf(removed, REVERT_POOL))).toBe(stable);
  });

  it('puts back consecutive removed members in their stable order when every member is reverted', () => {
    const stable = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n    server 10.0.0.4:80;\n}\n';
    const current = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.4:80;\n    server 10.0.0.9:80;\n}\n';
    const report = analyze(current, stable);
    // No member changed itself: the members that moved are one finding on the pool, whose value fix reverts the list.
    const shift = report.findings.find((f) => f.rule === 'drift-share-shift')!;
    expect(shift.message).toBe(
      'upstream app: shares moved since lb-stable/test (removing 10.0.0.2:80, removing 10.0.0.3:80, adding 10.0.0.9:80): 10.0.0.1:80 25% -> 33%, 10.0.0.4:80 25% -> 33%.',
    );
    expect(shift.related?.map((r) => r.message)).toEqual(['10.0.0.1:80: share 25% -> 33% (other members changed)', '10.0.0.4:80: share 25% -> 33% (other members changed)']);
    expect(apply(report, fixOf(shift, REVERT_VALUE))).toBe(stable);
  });

  it('puts back only the drifted parameter: a weight added, removed or changed, a flag', () => {
    const stable = 'upstream app {\n    server 10.0.0.1:80 weight=2 max_fails=3;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80 weight=4;\n}\n';
    const current = 'upstream app {\n    server 10.0.0.1:80 max_fails=3;\n    server 10.0.0.2:80 weight=7 backup;\n    server 10.0.0.3:80 weight=1;\n}\n';
    const report = analyze(current, stable);
    const valueFix = (prefix: string, rule = 'drift-share-shift') =>
      apply(report, fixOf(report.findings.find((f) => f.rule === rule && f.message.startsWith(prefix))!, REVERT_VALUE));
    expect(valueFix('10.0.0.1:80')).toBe(current.replace('10.0.0.1:80 max_fails=3', '10.0.0.1:80 max_fails=3 weight=2'));
    expect(valueFix('10.0.0.2:80')).toBe(current.replace('10.0.0.2:80 weight=7 backup', '10.0.0.2:80'));
    expect(valueFix('10.0.0.2:80', 'drift-backup-changed')).toBe(current.replace(' backup', ''));
    expect(valueFix('10.0.0.3:80')).toBe(current.replace('weight=1', 'weight=4'));
  });

  it('puts a pool removed before all others back before the first survivor, and a lone one on its old line', () => {
    const stable = 'http {\n    upstream old {\n        server 10.0.9.1:80;\n    }\n\n    upstream app {\n        server 10.0.0.1:80;\n    }\n}\n';
    const current = 'http {\n    upstream app {\n        server 10.0.0.1:80;\n    }\n}\n';
    const report = analyze(current, stable);
    const removed = report.findings.find((f) => f.rule === 'drift-pool-removed')!;
    // The finding sits on the name of the pool that followed it.
    expect(current.slice(removed.loc.start, removed.loc.end)).toBe('upstream app');
    expect(apply(report, fixOf(removed, REVERT_POOL))).toBe(stable);

    const alone = analyze('http {\n}\n', 'http {\n    upstream old {\n        server 10.0.9.1:80;\n    }\n}\n');
    const gone = alone.findings.find((f) => f.rule === 'drift-pool-removed')!;
    expect(gone.loc).toMatchObject({ start: 0, end: 6 });
    expect(apply(alone, fixOf(gone, REVERT_POOL))).toBe('http {\n    upstream old {\n        server 10.0.9.1:80;\n    }\n}\n');
  });

  it('deletes an added pool with its lines', () => {
    const stable = 'upstream app {\n    server 10.0.0.1:80;\n}\n';
    const current = 'upstream app {\n    server 10.0.0.1:80;\n}\nupstream extra {\n    server 10.0.0.2:80;\n}\n';
    const report = analyze(current, stable);
    const added = report.findings.find((f) => f.rule === 'drift-pool-added')!;
    expect(apply(report, fixOf(added, REVERT_VALUE))).toBe(stable);
  });
});

describe('drift rules', () => {
  const stable = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n';
  const current = 'upstream app {\n    server 10.0.0.1:80 weight=3;\n    server 10.0.0.2:80;\n}\n';

  it('run only against a stable revision', () => {
    expect(analyzeFile({ path: CURRENT, text: current }, noIncludes).findings.filter((f) => f.rule.startsWith('drift-'))).toEqual([]);
    expect(drift(analyze(stable, stable))).toEqual([]);
  });

  it('grade share shifts by the driftThreshold option, and tell the other members\' shift once, on the changed member', () => {
    const findings = drift(analyze(current, stable));
    expect(findings.map((f) => [f.severity, f.message])).toEqual([
      ['warning', '10.0.0.1:80: share 50% -> 75% since lb-stable/test (weight 1 -> 3); the other member 10.0.0.2:80 50% -> 25%.'],
    ]);
    expect(findings[0]!.related?.map((r) => r.message)).toEqual(['10.0.0.2:80: share 50% -> 25% (other members changed)']);
    const lenient = analyze(current, stable, { rules: { 'drift-share-shift': { options: { driftThreshold: 30 } } } });
    expect(drift(lenient).map((f) => f.severity)).toEqual(['info']);
  });

  it('name the value fix of an added or removed member for what it does', () => {
    const added = analyze(current.replace('}', '    server 10.0.0.3:80;\n}'), stable).findings.find((f) => f.rule === 'drift-member-added')!;
    expect(added.fixes?.map((f) => f.title)).toEqual([REMOVE_ADDED_MEMBER, REVERT_POOL]);
    const removed = analyze('upstream app {\n    server 10.0.0.1:80;\n}\n', stable).findings.find((f) => f.rule === 'drift-member-removed')!;
    expect(removed.fixes?.map((f) => f.title)).toEqual([RESTORE_REMOVED_MEMBER, REVERT_POOL]);
  });

  it('grade key remaps by the threshold option and say "about" when key lengths matter', () => {
    const hashed = (servers: string) => `upstream c {\n    hash $request_uri;\n${servers}}\n`;
    const s = hashed('    server 10.0.0.1:80;\n    server 10.0.0.2:80 down;\n    server 10.0.0.3:80;\n');
    const c = hashed('    server 10.0.0.1:80;\n    server 10.0.0.2:80 down;\n    server 10.0.0.3:80;\n    server 10.0.0.4:80;\n');
    const remap = (config?: EngineConfig) => analyze(c, s, config).findings.find((f) => f.rule === 'drift-key-remap')!;
    expect(remap().message).toMatch(/^upstream c: this change remaps about \d+% of keys since lb-stable\/test \(adding 10\.0\.0\.4:80\)\.$/);
    expect(remap().severity).toBe('warning');
    expect(remap({ rules: { 'drift-key-remap': { options: { threshold: 90 } } } }).severity).toBe('info');
  });
});
