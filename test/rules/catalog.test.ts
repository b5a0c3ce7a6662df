/**
 * The rule catalog: every rule is registered in id order, documented with the fixed headings, has
 * a generated page under docs/rules/, a firing fixture and a false-positive fixture, and its
 * `fixable` flag matches the fixes its findings carry.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/rules';
import { renderRuleDoc } from '../../server/src/rules/docs/render';
import { analyzeFixture, fixtures } from './fixture-runner';

const DOCS = join(__dirname, '../../docs/rules');
const RULE_FILES = join(__dirname, '../../server/src/rules');

describe('rule catalog', () => {
  it('registers every rule file, sorted by id, with unique slug ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    const files = readdirSync(RULE_FILES)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual(ids);
  });

  it('has no documentation page for a rule that does not exist', () => {
    const pages = readdirSync(DOCS).map((f) => f.replace(/\.md$/, '')).sort();
    expect(pages).toEqual(RULES.map((r) => r.meta.id));
  });

  describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('is documented with every heading', () => {
      const { docs, title } = rule.meta;
      expect(title.length).toBeGreaterThan(10);
      for (const text of [docs.whatItDoes, docs.whyItMatters, docs.example, docs.fix]) expect(text.trim().length).toBeGreaterThan(20);
      expect(docs.references.length).toBeGreaterThan(0);
      for (const [name, option] of Object.entries(rule.meta.options)) {
        expect(option.description.length, name).toBeGreaterThan(10);
        expect(typeof option.default).toBe(option.type);
      }
    });

    it('fires on its own documented example', () => {
      const { example, stableExample } = rule.meta.docs;
      // Examples are in the rule's first dialect; Kubernetes manifests are recognised as .yaml files.
      const first = rule.meta.dialects === 'all' ? 'nginx' : rule.meta.dialects[0];
      const ext = first === 'kubernetes' ? 'yaml' : first === 'haproxy' ? 'cfg' : 'nginx';
      const stable = stableExample !== undefined ? { path: `/docs/example.stable.${ext}`, text: stableExample } : undefined;
      const report = analyzeFixture(`/docs/example.${ext}`, example, stable);
      expect(report.findings.map((f) => f.rule)).toContain(id);
    });

    it('documents the stable revision of its example exactly when it compares with one', () => {
      expect(rule.meta.docs.stableExample !== undefined).toBe(rule.meta.needsStable === true);
    });

    it('has a generated page in docs/rules (update with: npm run docs)', async () => {
      await expect(renderRuleDoc(rule.meta)).toMatchFileSnapshot(join(DOCS, `${id}.md`));
    });

    it('has a firing fixture and a false-positive fixture', () => {
      const own = fixtures().filter((f) => f.rule === id);
      expect(own.some((f) => !f.falsePositive), 'a firing fixture').toBe(true);
      expect(own.some((f) => f.falsePositive), 'a *_fp fixture').toBe(true);
      expect(existsSync(join(__dirname, '../fixtures/rules', id))).toBe(true);
    });

    it('offers fixes exactly as its fixable flag says', () => {
      const safeties = new Set(
        fixtures()
          .filter((f) => f.rule === id && !f.falsePositive)
          .flatMap((f) => analyzeFixture(f.path).findings.filter((x) => x.rule === id))
          .flatMap((finding) => (finding.fixes ?? []).map((fix) => fix.safety)),
      );
      if (rule.meta.fixable === 'none') expect([...safeties]).toEqual([]);
      else expect(safeties.has(rule.meta.fixable)).toBe(true);
    });
  });
});
