/**
 * The CI formats. SARIF is checked against the official SARIF 2.1.0 JSON schema on findings of
 * every rule (produced by the real engine on the rule fixtures), its fixes are applied and compared
 * with the engine's own fix, and every format has a golden output of one small multi-rule file.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { formatFinding, formatSummary } from '../../server/src/cli/format-findings';
import { toGithubCommands } from '../../server/src/cli/format-github';
import { toJsonResults } from '../../server/src/cli/format-json';
import { pascalCase, toSarif } from '../../server/src/cli/format-sarif';
import { OutputCollector } from '../../server/src/cli/output-collector';
import type { OutFile, OutFinding } from '../../server/src/cli/output-model';
import { Positions } from '../../server/src/cli/positions';
import type { Style } from '../../server/src/cli/style';
import type { FileReport } from '../../server/src/engine/analyze';
import { applyEdits, fixEdits } from '../../server/src/engine/fixes';
import { RULES } from '../../server/src/rules';
import { ruleDocsUrl } from '../../server/src/rules/docs/url';
import { analyzeFixture, FIXTURES, fixtures } from '../rules/fixture-runner';

const ROOT = join(__dirname, '../..');
const SCHEMA = join(ROOT, 'node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json');
const GOLDEN_INPUT = join(__dirname, 'golden/input');
const VERSION = '0.0.0-golden';
const PLAIN: Style = (_format, text) => text;

interface Analysed {
  readonly reports: FileReport[];
  readonly files: OutFile[];
  readonly log: Sarif.Log;
}

/** Display paths relative to `base` with `/`, so outputs read the same on every machine. */
function relativeTo(base: string): (path: string) => string {
  return (path) => relative(base, path).split(sep).join('/');
}

function analyse(paths: readonly string[], base: string, texts: ReadonlyMap<string, string> = new Map()): Analysed {
  const reports = paths.map((path) => analyzeFixture(path, texts.get(path) ?? readFileSync(path, 'utf8')));
  const collector = new OutputCollector(relativeTo(base));
  for (const report of reports) collector.add(report);
  const files = collector.files();
  return { reports, files, log: toSarif(files, { rules: RULES, version: VERSION, workingDirectory: base }) };
}

let allFixtures: Analysed | undefined;
function everyFixture(): Analysed {
  allFixtures ??= analyse(
    fixtures().map((f) => f.path),
    FIXTURES,
  );
  return allFixtures;
}

function run(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

function results(log: Sarif.Log): Sarif.Result[] {
  return run(log).results ?? [];
}

/**
 * The schema's formats are checked for real (Ajv would otherwise ignore them with a warning): an
 * unescaped space in an artifact URI must fail. `unicodeRegExp: false` because the schema's pattern
 * for `run.language` has a stray `]`, legal in a plain JavaScript RegExp but not in a `u` one.
 * `strict: false` because strict mode rejects the schema's `required` lists inside `anyOf` branches
 * that do not declare those properties themselves (strictRequired).
 */
function sarifValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value) && isUriReference(value));
  ajv.addFormat('uri-reference', isUriReference);
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
}

/** RFC 3986 characters only, and `%` only as the start of an escape. */
function isUriReference(value: string): boolean {
  return /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(value);
}

function schemaErrors(validate: ValidateFunction, log: unknown): string[] {
  validate(log);
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

/**
 * Applies SARIF replacements the way the spec reads them: every `deletedRegion` refers to the
 * unmodified text, lines end at CR LF, CR or LF, and columns count UTF-16 code units. Written
 * independently of the engine's line index, so a position bug on either side shows.
 */
function applyReplacements(text: string, replacements: readonly Sarif.Replacement[]): string {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  const offset = (line: number | undefined, column: number | undefined): number => {
    expect(line, 'a replacement region names its lines').toBeDefined();
    expect(column, 'a replacement region names its columns').toBeDefined();
    return starts[line! - 1]! + column! - 1;
  };
  const spans = replacements
    .map((r) => ({
      start: offset(r.deletedRegion.startLine, r.deletedRegion.startColumn),
      end: offset(r.deletedRegion.endLine, r.deletedRegion.endColumn),
      text: r.insertedContent?.text ?? '',
    }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  let limit = text.length;
  for (const span of spans) {
    expect(span.end, 'replacements do not overlap').toBeLessThanOrEqual(limit);
    out = out.slice(0, span.start) + span.text + out.slice(span.end);
    limit = span.start;
  }
  return out;
}

function findingKey(rule: string, path: string, range: { line: number; column: number; endLine: number; endColumn: number }, message: string): string {
  return `${rule}|${path}|${range.line}:${range.column}-${range.endLine}:${range.endColumn}|${message}`;
}

function resultKey(result: Sarif.Result): string {
  const location = result.locations?.[0]?.physicalLocation;
  const region = location?.region ?? {};
  return findingKey(
    result.ruleId ?? '',
    decodeURIComponent(location?.artifactLocation?.uri ?? ''),
    { line: region.startLine ?? 0, column: region.startColumn ?? 0, endLine: region.endLine ?? 0, endColumn: region.endColumn ?? 0 },
    result.message.text ?? '',
  );
}

/**
 * Checks every safe fix of every finding: the SARIF fix, applied to the original files, gives what
 * the engine's own edits give. Returns the rules whose fixes were compared.
 */
function expectFixesRoundTrip(analysed: Analysed, base: string): Set<string> {
  const byKey = new Map(results(analysed.log).map((r) => [resultKey(r), r]));
  const display = relativeTo(base);
  const compared = new Set<string>();
  for (const report of analysed.reports) {
    const positions = new Positions((file) => report.sources.get(file));
    for (const finding of report.findings) {
      for (const fix of finding.fixes ?? []) {
        if (fix.safety !== 'safe') continue;
        const edits = fixEdits(report.dialect!, fix, report.sources);
        if (!edits || edits.length === 0) continue;
        const result = byKey.get(findingKey(finding.rule, display(finding.loc.file), positions.range(finding.loc), finding.message));
        expect(result, `a result for ${finding.rule} at ${display(finding.loc.file)}`).toBeDefined();
        const sarifFix = result!.fixes?.find((f) => f.description?.text === fix.title);
        expect(sarifFix, `the SARIF fix "${fix.title}"`).toBeDefined();
        const changed = new Set(edits.map((e) => e.loc.file));
        expect(sarifFix!.artifactChanges.map((c) => join(base, decodeURIComponent(c.artifactLocation.uri ?? ''))).sort()).toEqual([...changed].sort());
        for (const change of sarifFix!.artifactChanges) {
          const file = join(base, decodeURIComponent(change.artifactLocation.uri ?? ''));
          const original = report.sources.get(file)!;
          expect(applyReplacements(original, change.replacements)).toBe(applyEdits(original, file, edits));
        }
        compared.add(finding.rule);
      }
    }
  }
  return compared;
}

describe('SARIF', () => {
  const validate = sarifValidator();

  it('is valid SARIF 2.1.0 on findings of every rule', () => {
    const { log } = everyFixture();
    const reported = new Set(results(log).map((r) => r.ruleId));
    expect(RULES.map((r) => r.meta.id).filter((id) => !reported.has(id)), 'rules without a result').toEqual([]);
    expect(schemaErrors(validate, log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/^https:\/\/.*sarif-schema-2\.1\.0\.json$/);
  });

  it('fails validation on a broken log, with every error reported', () => {
    const broken = structuredClone(everyFixture().log) as unknown as {
      runs: { tool: { driver: { name?: string } }; results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[]; artifacts: { location: { uri: string } }[] }[];
    };
    const brokenRun = broken.runs[0]!;
    delete brokenRun.tool.driver.name;
    brokenRun.results[0]!.level = 'fatal';
    brokenRun.results[1]!.locations[0]!.physicalLocation.region.startLine = 0;
    brokenRun.artifacts[0]!.location.uri = 'has a space.nginx';
    const errors = schemaErrors(validate, broken);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/runs\/0\/tool\/driver must have required property 'name'/),
        expect.stringMatching(/^\/runs\/0\/results\/0\/level must be equal to one of the allowed values/),
        expect.stringMatching(/^\/runs\/0\/results\/1\/locations\/0\/physicalLocation\/region\/startLine must be >= 1/),
        expect.stringMatching(/^\/runs\/0\/artifacts\/0\/location\/uri must match format "uri-reference"/),
      ]),
    );
  });

  it('describes every rule of the registry, and every result points at its rule', () => {
    const { log } = everyFixture();
    const driver = run(log).tool.driver;
    expect(driver.name).toBe('lb-drift');
    expect(driver.semanticVersion).toBe(VERSION);
    expect(driver.rules?.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    for (const [i, descriptor] of (driver.rules ?? []).entries()) {
      const meta = RULES[i]!.meta;
      expect(descriptor.name).toBe(pascalCase(meta.id));
      // `text` is plain; the Markdown original, when it has code spans, is in `markdown`.
      expect(descriptor.shortDescription?.markdown ?? descriptor.shortDescription?.text).toBe(meta.title);
      expect(descriptor.fullDescription?.markdown ?? descriptor.fullDescription?.text).toBe(meta.docs.whatItDoes);
      for (const text of [descriptor.shortDescription?.text, descriptor.fullDescription?.text, descriptor.help?.text]) {
        expect(text).toBeTruthy();
        expect(text).not.toContain('`');
      }
      expect(descriptor.help?.markdown).toContain(meta.docs.fix);
      expect(descriptor.helpUri).toBe(ruleDocsUrl(meta.id));
      expect(descriptor.defaultConfiguration?.level).toBe({ error: 'error', warning: 'warning', info: 'note', hint: 'note' }[meta.severity]);
      expect(descriptor.properties?.['fixable']).toBe(meta.fixable);
    }
    expect(pascalCase('weight-skew')).toBe('WeightSkew');
    for (const result of results(log)) {
      expect(result.ruleIndex, result.ruleId).toBeDefined();
      expect(driver.rules?.[result.ruleIndex!]?.id).toBe(result.ruleId);
    }
  });

  it('keeps safe fixes only, and applying them gives what the engine gives', () => {
    const analysed = everyFixture();
    const findings: OutFinding[] = analysed.files.flatMap((f) => f.findings);
    const all = results(analysed.log);
    expect(all).toHaveLength(findings.length);
    let unsafe = 0;
    findings.forEach((finding, i) => {
      const safe = finding.fixes.filter((f) => f.safety === 'safe' && f.edits && f.edits.length > 0).map((f) => f.title);
      unsafe += finding.fixes.filter((f) => f.safety === 'unsafe').length;
      expect(all[i]!.fixes?.map((f) => f.description?.text) ?? []).toEqual(safe);
    });
    expect(unsafe, 'the fixtures offer unsafe fixes, which must be left out').toBeGreaterThan(0);
    const compared = expectFixesRoundTrip(analysed, FIXTURES);
    expect([...compared].sort()).toEqual(RULES.filter((r) => r.meta.fixable === 'safe').map((r) => r.meta.id));
  });

  it('gives the same fix round trip on CRLF files', () => {
    const paths = fixtures()
      .filter((f) => RULES.some((r) => r.meta.id === f.rule && r.meta.fixable === 'safe') && !f.falsePositive)
      .map((f) => f.path);
    const texts = new Map(paths.map((p) => [p, readFileSync(p, 'utf8').replace(/\n/g, '\r\n')]));
    const analysed = analyse(paths, FIXTURES, texts);
    expect(schemaErrors(validate, analysed.log)).toEqual([]);
    expect(expectFixesRoundTrip(analysed, FIXTURES).size).toBeGreaterThan(0);
  });

  it('gives related locations ids and messages', () => {
    const result = results(everyFixture().log).find((r) => r.ruleId === 'duplicate-member')!;
    expect(result.relatedLocations?.[0]).toMatchObject({ id: 1, message: { text: expect.stringContaining('first listed here') } });
    expect(result.relatedLocations?.[0]?.physicalLocation?.region?.startLine).toBeLessThan(result.locations![0]!.physicalLocation!.region!.startLine!);
  });

  it('fingerprints findings so they survive lines moving, and keeps them distinct', () => {
    const path = join(FIXTURES, 'weight-skew/round-robin.nginx');
    const text = readFileSync(path, 'utf8');
    const fingerprints = (log: Sarif.Log): string[] => results(log).map((r) => r.partialFingerprints?.['lbDriftFindingHash/v1'] ?? '');
    const before = analyse([path], FIXTURES).log;
    const moved = analyse([path], FIXTURES, new Map([[path, `# two lines\n# above it\n${text}`]])).log;
    expect(fingerprints(before).length).toBeGreaterThan(0);
    expect(fingerprints(moved)).toEqual(fingerprints(before));
    expect(results(moved)[0]!.locations![0]!.physicalLocation!.region!.startLine).toBe(results(before)[0]!.locations![0]!.physicalLocation!.region!.startLine! + 2);

    const every = fingerprints(everyFixture().log);
    expect(new Set(every).size).toBe(every.length);
  });

  it('makes paths URIs relative to %SRCROOT%, escaped, and absolute ones file URIs', () => {
    const finding: OutFinding = {
      rule: 'single-member',
      severity: 'info',
      message: 'm',
      path: 'conf d/a#b%.nginx',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      lineText: 'x',
      related: [{ path: '/elsewhere/b.nginx', range: { line: 2, column: 1, endLine: 2, endColumn: 3 }, message: 'here' }],
      fixes: [],
    };
    const log = toSarif([{ path: finding.path, dialect: 'nginx', findings: [finding], pools: [] }], { rules: RULES, version: VERSION, workingDirectory: '/work/project' });
    expect(schemaErrors(validate, log)).toEqual([]);
    const result = results(log)[0]!;
    expect(result.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'conf%20d/a%23b%25.nginx', uriBaseId: '%SRCROOT%', index: 0 });
    expect(result.relatedLocations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'file:///elsewhere/b.nginx', index: 1 });
    expect(run(log).originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    expect(run(log).columnKind).toBe('utf16CodeUnits');
    expect(run(log).invocations?.[0]?.executionSuccessful).toBe(true);
    const failed = toSarif([], { rules: RULES, version: VERSION, workingDirectory: '/work/project', errors: ['x.nginx: permission denied'] });
    expect(schemaErrors(validate, failed)).toEqual([]);
    expect(run(failed).invocations?.[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'x.nginx: permission denied' } }] });
  });
});

describe('GitHub workflow commands', () => {
  const base: OutFinding = {
    rule: 'weight-skew',
    severity: 'warning',
    message: 'm',
    path: 'site.nginx',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 9,
    lineText: '',
    related: [],
    fixes: [],
  };
  const commands = (...findings: OutFinding[]): string => toGithubCommands([{ path: 'site.nginx', dialect: 'nginx', findings, pools: [] }]);

  it('prints one command per finding, by severity', () => {
    expect(commands(base, { ...base, severity: 'error' }, { ...base, severity: 'info' }, { ...base, severity: 'hint' })).toBe(
      [
        '::warning file=site.nginx,line=3,col=5,endLine=3,endColumn=9,title=weight-skew::m',
        '::error file=site.nginx,line=3,col=5,endLine=3,endColumn=9,title=weight-skew::m',
        '::notice file=site.nginx,line=3,col=5,endLine=3,endColumn=9,title=weight-skew::m',
        '::notice file=site.nginx,line=3,col=5,endLine=3,endColumn=9,title=weight-skew::m',
        '',
      ].join('\n'),
    );
    expect(toGithubCommands([])).toBe('');
  });

  it('escapes %, CR and LF in the message, and : and , as well in properties', () => {
    expect(commands({ ...base, message: '63% of requests:\r\nsee a,b: 100%25' })).toBe(
      '::warning file=site.nginx,line=3,col=5,endLine=3,endColumn=9,title=weight-skew::63%25 of requests:%0D%0Asee a,b: 100%2525\n',
    );
    expect(commands({ ...base, path: 'c:/lb,prod/50%\nsite.nginx' })).toBe(
      '::warning file=c%3A/lb%2Cprod/50%25%0Asite.nginx,line=3,col=5,endLine=3,endColumn=9,title=weight-skew::m\n',
    );
  });

  it('leaves out columns on a finding that spans lines', () => {
    expect(commands({ ...base, endLine: 5, endColumn: 2 })).toBe('::warning file=site.nginx,line=3,endLine=5,title=weight-skew::m\n');
  });
});

describe('golden outputs', () => {
  const analysed = analyse([join(GOLDEN_INPUT, 'site.nginx')], GOLDEN_INPUT);
  const findings = analysed.files.flatMap((f) => f.findings);
  // The CLI lists every rule in the driver (tested above); the golden lists the rules of its own
  // findings only, so adding a rule or editing another rule's docs leaves it alone.
  const fired = new Set(findings.map((f) => f.rule));
  const log = toSarif(analysed.files, { rules: RULES.filter((r) => fired.has(r.meta.id)), version: VERSION, workingDirectory: GOLDEN_INPUT });
  /** The only absolute path in any output is the SARIF working folder; it gets a fixed name. */
  const fixed = (text: string): string => text.replaceAll(run(log).originalUriBaseIds!['%SRCROOT%']!.uri!, 'file:///lb-drift-golden/');

  const outputs: Record<string, string> = {
    'site.txt': `${findings.map((f) => `${formatFinding(f, PLAIN)}\n\n`).join('')}${formatSummary(findings, analysed.reports.length, PLAIN)}\n`,
    'site.json': `${JSON.stringify(toJsonResults(analysed.files), null, 2)}\n`,
    'site.sarif': `${fixed(JSON.stringify(log, null, 2))}\n`,
    'site.github.txt': toGithubCommands(analysed.files),
  };

  it('covers several rules and severities', () => {
    expect(new Set(findings.map((f) => f.rule)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['error', 'warning', 'info']));
    expect(expectFixesRoundTrip(analysed, GOLDEN_INPUT).size).toBeGreaterThan(0);
    expect(schemaErrors(sarifValidator(), log)).toEqual([]);
    for (const result of results(log)) expect(run(log).tool.driver.rules?.[result.ruleIndex!]?.id).toBe(result.ruleId);
  });

  it.each(Object.keys(outputs))('%s', async (name) => {
    const output = outputs[name]!;
    expect(output).not.toContain(ROOT);
    expect(output).not.toContain(ROOT.split(sep).join('/'));
    await expect(output).toMatchFileSnapshot(`golden/${name}`);
  });
});
