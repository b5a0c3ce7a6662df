/**
 * Every rule fixture: findings land exactly on the marked lines, the rendered findings match the
 * readable snapshot next to the fixture, and applying each fix removes its finding, keeps the file
 * parsing and changes nothing outside the fix's edits. A fixture with a `*.stable.*` sibling is
 * compared with it as its stable revision, so the drift rules and their revert fixes run too.
 */
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, fixEdits } from '../../server/src/engine/fixes';
import { formatFinding } from '../../server/src/cli/format-findings';
import { toOutFinding } from '../../server/src/cli/output-collector';
import { Positions } from '../../server/src/cli/positions';
import { FIXTURES, actualMarkers, analyzeFixture, expectedMarkers, fixtures, stableSideOf } from './fixture-runner';

const plain = (_format: unknown, text: string) => text;
const REPO = join(__dirname, '../..');

describe.each(fixtures())('$rule/$name', (fixture) => {
  const report = analyzeFixture(fixture.path);

  it('reports exactly the marked findings', () => {
    expect(actualMarkers(report)).toEqual(expectedMarkers(report));
    if (fixture.falsePositive) expect(report.findings.filter((f) => f.rule === fixture.rule)).toEqual([]);
    else expect(report.findings.some((f) => f.rule === fixture.rule)).toBe(true);
  });

  it('renders readably', async () => {
    const positions = new Positions((file) => report.sources.get(file));
    const rendered = report.findings
      .map((f) => formatFinding(toOutFinding(f, report, positions, (file) => relative(FIXTURES, file)), plain))
      .join('\n\n')
      // Messages may name absolute paths (where an include was looked for); the checkout moves.
      .replaceAll(REPO, '<repo>');
    await expect(rendered + '\n').toMatchFileSnapshot(join(dirname(fixture.path), '__snapshots__', `${basename(fixture.path)}.snap`));
  });

  const fixable = report.findings.flatMap((finding) => (finding.fixes ?? []).map((fix) => ({ finding, fix })));
  it.runIf(fixable.length > 0).each(fixable.map((f) => [f.fix.title, f]))('fix "%s" removes its finding and keeps the file valid', (_title, { finding, fix }) => {
    const edits = fixEdits(report.dialect!, fix, report.sources);
    expect(edits, 'the dialect can express the fix').toBeDefined();
    const file = finding.loc.file;
    const before = report.sources.get(file)!;
    const after = applyEdits(before, file, edits!);
    expect(after, 'edits do not overlap').toBeDefined();
    // Nothing outside the edits changes: the text before the first edit and after the last is kept.
    const mine = edits!.filter((e) => e.loc.file === file);
    const first = Math.min(...mine.map((e) => e.loc.start));
    const last = Math.max(...mine.map((e) => e.loc.end));
    expect(after!.slice(0, first)).toBe(before.slice(0, first));
    expect(after!.slice(after!.length - (before.length - last))).toBe(before.slice(last));

    // Drift fixtures are re-analysed against the same stable revision, their `*.stable.*` sibling.
    const relinted = analyzeFixture(fixture.path, file === fixture.path ? after! : undefined, stableSideOf(fixture.path));
    // The fix leaves the file parsing at least as well as before (a syntax fix makes it parse).
    const syntaxBefore = report.problems.filter((p) => p.kind === 'syntax').length;
    const syntaxAfter = relinted.problems.filter((p) => p.kind === 'syntax').length;
    if (finding.rule === 'syntax-error') expect(syntaxAfter).toBeLessThan(syntaxBefore);
    else expect(syntaxAfter).toBeLessThanOrEqual(syntaxBefore);
    if (syntaxBefore === 0) expect(syntaxAfter).toBe(0);
    const same = relinted.findings.filter((f) => f.rule === finding.rule && f.message === finding.message);
    expect(same).toEqual([]);
  });
});
