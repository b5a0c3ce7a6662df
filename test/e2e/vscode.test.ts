/**
 * lb-drift in a real VS Code: code-server with the packaged extension, driven in headless
 * Chromium. Each scenario waits on what the user would see, saves a screenshot under
 * test-output/e2e/, and builds on the state the previous one left (the file stays open and
 * edited), so after a failure the rest of that dialect's scenarios are skipped.
 *
 * Kubernetes manifests get their own scenarios (manifestScenarios): shares and a finding in a
 * manifest, and nothing from lb-drift in an ordinary YAML file.
 *
 * Without the tools (`bash test/e2e/setup.sh`) the test skips with the reason, except under
 * CI=true, where it fails.
 */
import { rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, isReady, MANIFEST, STABLE_TAG, type DialectCase, type ManifestCase } from './dialects';
import { Session } from './session';
import { findTools, REPO } from './tools';
import type { Workbench } from './workbench';

/** Loading the workbench, or the first activation of the extension and its language server. */
const STARTUP_MS = 60_000;
/** Any other wait: a UI reaction to a key press, a new diagnostic, a fix applied. */
const STEP_MS = 15_000;
const OUTPUT = join(REPO, 'test-output/e2e');

const found = findTools();
const missing = 'missing' in found ? found.missing : undefined;
if (missing !== undefined) {
  if (process.env.CI === 'true') throw new Error(`the VS Code end-to-end test must run under CI=true, but ${missing}`);
  console.warn(`skipping the VS Code end-to-end test: ${missing} (set CI=true to make this a failure)`);
}

describe.skipIf(missing !== undefined)('lb-drift in VS Code (code-server in headless Chromium)', () => {
  let session: Session | undefined;
  const ui = (): Workbench => {
    if (!session) throw new Error('the VS Code session did not start');
    return session.ui;
  };

  beforeAll(async () => {
    if (!('tools' in found)) return;
    rmSync(OUTPUT, { recursive: true, force: true });
    const cases = DIALECTS.filter(isReady);
    session = await Session.start({ tools: found.tools, cases, manifests: [MANIFEST], outputDir: OUTPUT, startTimeoutMs: STARTUP_MS, stepTimeoutMs: STEP_MS });
  }, 4 * STARTUP_MS);

  afterAll(async () => {
    await session?.close();
  }, 30_000);

  for (const entry of DIALECTS) {
    if (isReady(entry)) {
      describe(entry.dialect, () => scenarios(entry, ui));
    } else {
      console.info(`skipping the ${entry.dialect} end-to-end scenarios: ${entry.pending}`);
      it.skip(`${entry.dialect}: ${entry.pending}`, () => undefined);
    }
  }
  describe(MANIFEST.dialect, () => manifestScenarios(MANIFEST, ui));
});

/** Saves a screenshot named after the case; after a failed test, the scenarios after it are skipped. */
function stopAfterFailure(name: string, ui: () => Workbench): (shot: string) => Promise<string> {
  let broken = false;
  const shot = (shotName: string) => ui().screenshot(`${name}-${shotName}`);
  beforeEach(({ skip }) => {
    if (broken) skip();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    broken = true;
    await shot(`failed-${task.name.slice(0, 2).replace(/\W/g, '')}`).catch(() => undefined);
  });
  return shot;
}

/**
 * A Kubernetes manifest is YAML, a language lb-drift shares: it keeps VS Code's YAML language and
 * gets lb-drift's shares and findings, while an ordinary YAML file beside it gets nothing from
 * lb-drift, not even a change to its folding.
 */
function manifestScenarios(manifest: ManifestCase, ui: () => Workbench): void {
  const shot = stopAfterFailure(manifest.dialect, ui);

  it('1. a manifest stays YAML and shows its destinations\' shares and its split-weights-sum warning', async () => {
    const wb = ui();
    await wb.openFile(manifest.file);
    await wb.squiggles('warning').first().waitFor({ state: 'visible', timeout: STARTUP_MS });
    for (const hint of manifest.hints) await wb.inlineSpan(hint).first().waitFor({ state: 'visible' });
    await wb.statusItem('YAML').waitFor({ state: 'visible' });
    await wb.statusItem(`stable: ${STABLE_TAG} · `).waitFor({ state: 'visible' });
    await wb.filterProblems(`**/${posix.dirname(manifest.file)}/**`);
    await wb.problem(manifest.finding.rule, manifest.finding.message).first().waitFor({ state: 'visible' });
    await shot('1-manifest');
    await wb.filterProblems('');
  }, STARTUP_MS + 4 * STEP_MS);

  it('2. "Show Traffic Distribution" is offered for the manifest, although its language is YAML', async () => {
    const wb = ui();
    await wb.runCommand('lb-drift: Show Traffic Distribution');
    await wb.webview().locator('tr', { hasText: manifest.traffic.member }).filter({ hasText: manifest.traffic.share }).first().waitFor({ state: 'visible' });
    await shot('2-manifest-traffic');
    await wb.selectTab(posix.basename(manifest.file));
  });

  it('3. an ordinary YAML file gets no status, squiggle or hint, and keeps its indentation folding', async () => {
    const wb = ui();
    await wb.openFile(manifest.quiet.file);
    await wb.statusItem('YAML').waitFor({ state: 'visible' });
    // lb-drift's status item belongs to balancer files: it goes away with the manifest's editor.
    await wb.statusItem(`stable: ${STABLE_TAG}`).waitFor({ state: 'hidden' });
    // The chevrons come once every folding provider of YAML has answered, lb-drift's included
    // (it is attached to YAML documents). Its answer is none, so VS Code keeps its indentation
    // folding; an empty list would have replaced it with nothing.
    await wb.foldingControls().first().waitFor({ state: 'attached' });
    for (const severity of ['error', 'warning', 'info'] as const) expect(await wb.squiggles(severity).count()).toBe(0);
    expect(await wb.inlineSpan(/≈/).count()).toBe(0);
    await shot('3-ordinary-yaml');
  });
}

function scenarios(dialect: DialectCase, ui: () => Workbench): void {
  const shot = stopAfterFailure(dialect.dialect, ui);

  it('1. opening the file shows the weight-skew squiggle, its Problems row and the share hints', async () => {
    const wb = ui();
    await wb.openFile(dialect.file);
    await wb.squiggles('warning').first().waitFor({ state: 'visible', timeout: STARTUP_MS });
    await wb.inlineSpan(dialect.skew.hint).first().waitFor({ state: 'visible' });
    // The share hints of the pool add up to 100%, read from the editor lines of its members.
    const shares: number[] = [];
    for (const line of await wb.line(dialect.poolMembers).all()) {
      const hint = /≈\s*([\d.]+)%/.exec(await line.innerText());
      if (hint) shares.push(Number(hint[1]));
    }
    expect(shares).toHaveLength(3);
    expect(Math.round(shares.reduce((sum, share) => sum + share, 0) * 10) / 10).toBe(100);
    // Only this dialect's folder: the rows of the files another dialect opened stay out of the way.
    await wb.filterProblems(`**/${posix.dirname(dialect.file)}/**`);
    await wb.problem('weight-skew', dialect.skew.message).first().waitFor({ state: 'visible' });
    await shot('1-weight-skew');
  }, STARTUP_MS + 4 * STEP_MS);

  it('2. hovering the skewed member explains its share', async () => {
    const wb = ui();
    await wb.hover(wb.squiggles('warning'), dialect.skew.hover);
    await shot('2-hover');
    await wb.dismiss();
    // A member without findings: the hover is lb-drift's explanation alone, with the hint's share.
    await wb.hover(wb.inlineSpan(dialect.quietMember.token), dialect.quietMember.share);
    await shot('2-hover-member');
    await wb.dismiss();
  });

  it('3. "Disable weight-skew for this line" adds the comment and the squiggle goes away', async () => {
    const wb = ui();
    const { line, column } = await wb.problemPosition(wb.problem('weight-skew', dialect.skew.message));
    await wb.goTo(line, column);
    const fix = await wb.quickFixMenu('Disable weight-skew for this line');
    await shot('3-quick-fix-menu');
    await wb.choose(fix);
    await wb.line('lb-drift-disable-next-line weight-skew').first().waitFor({ state: 'visible' });
    // The drift-share-shift warning on the same weight stays (default settings); the weight-skew one goes.
    await wb.problem('weight-skew').first().waitFor({ state: 'hidden' });
    await shot('3-suppressed');
  });

  it('4. "Compare with Stable" shows the stable text on the left, titled with the tag', async () => {
    const wb = ui();
    await wb.statusItem(`stable: ${STABLE_TAG} · `).waitFor({ state: 'visible' });
    await wb.runCommand('lb-drift: Compare with Stable');
    await wb.diffOriginalLine(dialect.stableLine).first().waitFor({ state: 'visible' });
    await wb.activeTab(STABLE_TAG).waitFor({ state: 'visible' });
    await shot('4-compare-with-stable');
  });

  it('5. editing a weight reports drift, and "Revert to stable value" puts the line back', async () => {
    const wb = ui();
    const { onLine, backFromEnd, insert, message } = dialect.driftEdit;
    await wb.selectTab(posix.basename(dialect.file));
    await wb.placeCursorOnLine(onLine, ['End', ...Array<string>(backFromEnd).fill('ArrowLeft')]);
    await wb.type(insert);
    const drift = wb.problem('drift-share-shift', onLine, message);
    await drift.first().waitFor({ state: 'visible' });
    await shot('5-drift');
    const { line, column } = await wb.problemPosition(drift);
    await wb.goTo(line, column);
    await wb.choose(await wb.quickFixMenu('Revert to stable value'));
    await wb.line(onLine).filter({ hasNotText: insert.trim() }).first().waitFor({ state: 'visible' });
    await drift.first().waitFor({ state: 'hidden' });
    await shot('5-reverted');
  });

  it('6. "Show Traffic Distribution" charts current against stable shares and follows typing', async () => {
    const wb = ui();
    const { member, current, stable, afterDriftEdit } = dialect.traffic;
    await wb.runCommand('lb-drift: Show Traffic Distribution');
    const row = (share: string) => wb.webview().locator('tr', { hasText: member }).filter({ hasText: share });
    await row(current).filter({ hasText: stable }).first().waitFor({ state: 'visible' });
    await wb.webview().locator('#meta', { hasText: STABLE_TAG }).waitFor({ state: 'visible' });
    for (const heading of ['member', 'current', 'stable', 'change']) {
      await wb.webview().locator('th', { hasText: heading }).first().waitFor({ state: 'visible' });
    }
    // Raising one member of three moves every member away from an even split: the warning colour.
    await row(current).locator('td.change.skew').first().waitFor({ state: 'visible' });
    await shot('6-traffic');
    const { onLine, backFromEnd, insert } = dialect.driftEdit;
    await wb.placeCursorOnLine(onLine, ['End', ...Array<string>(backFromEnd).fill('ArrowLeft')]);
    await wb.type(insert);
    await row(afterDriftEdit).filter({ hasText: stable }).first().waitFor({ state: 'visible' });
    await shot('6-traffic-after-edit');
  });

  it('7. the traffic view groups a backend listed twice, with its combined share', async () => {
    const wb = ui();
    const { file, member, combined } = dialect.duplicate;
    await wb.openFile(file);
    const group = wb.webview().locator('tr.group', { hasText: member }).filter({ hasText: 'listed 2 times' });
    await group.filter({ hasText: combined }).first().waitFor({ state: 'visible' });
    await wb.webview().locator('tr.listing', { hasText: member }).filter({ hasText: 'listing 2' }).first().waitFor({ state: 'visible' });
    await shot('7-traffic-duplicate');
  });

  it.skipIf(!dialect.configuration)('8. a fragment is judged in its configuration, whose drift count covers its includes', async () => {
    const wb = ui();
    const { main, fragment, drifts, typo, unused } = dialect.configuration!;
    await wb.openFile(main);
    await wb.statusItem(`stable: ${STABLE_TAG} · ${drifts}`).waitFor({ state: 'visible' });
    await wb.webview().locator('#meta', { hasText: `${drifts}` }).waitFor({ state: 'visible' });
    await shot('8-configuration-drift');
    await wb.openFile(fragment);
    await wb.squiggles('error').first().waitFor({ state: 'visible' });
    await wb.showProblems();
    await wb.problem('undefined-pool', typo).first().waitFor({ state: 'visible' });
    // With the typo, nothing of the configuration uses the fragment's upstream any more: a
    // whole-configuration finding that only appears because the fragment is judged in nginx.conf.
    await wb.problem('unused-pool', unused).first().waitFor({ state: 'visible' });
    await wb.hover(wb.squiggles('error'), typo);
    await shot('8-fragment-diagnostic');
    await wb.dismiss();
  });

  it('9. a file VS Code opens as Properties is switched to its language by its content and analysed', async () => {
    const wb = ui();
    const { file, languageName, message, hint } = dialect.sniffed;
    await wb.openFile(file);
    await wb.statusItem(languageName).waitFor({ state: 'visible' });
    await wb.squiggles('warning').first().waitFor({ state: 'visible' });
    await wb.inlineSpan(hint).first().waitFor({ state: 'visible' });
    await wb.filterProblems(file);
    await wb.problem('weight-skew', message).first().waitFor({ state: 'visible' });
    await shot('9-sniffed-language');
    await wb.filterProblems('');
  });
}
