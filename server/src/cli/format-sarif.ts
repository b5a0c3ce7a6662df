/**
 * `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF viewers. One run,
 * a driver that lists every rule of the registry (so a viewer can explain a rule even in a run
 * without results), and one result per finding with its region, related locations, a fingerprint
 * that survives line moves, and the finding's safe fixes.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Severity } from '../core/finding';
import type { Rule, RuleMeta } from '../core/rule';
import { ruleDocsUrl } from '../rules/docs/url';
import type { OutFile, OutFinding, OutFix, OutRange } from './output-model';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/lb-drift/lb-drift';
const SRCROOT = '%SRCROOT%';
/** Versioned, so a change to what is hashed can move to `/v2` without colliding with old alerts. */
const FINGERPRINT_KEY = 'lbDriftFindingHash/v1';

export interface SarifOptions {
  readonly rules: readonly Rule[];
  /** The tool's semantic version (package.json `version`). */
  readonly version: string;
  /** The folder relative display paths are relative to; default the current folder. */
  readonly workingDirectory?: string;
  /** Problems that made the run incomplete (unreadable files...): the run is then not successful. */
  readonly errors?: readonly string[];
  readonly warnings?: readonly string[];
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export function toSarif(files: readonly OutFile[], options: SarifOptions): Sarif.Log {
  const cwd = options.workingDirectory ?? process.cwd();
  const artifacts = new Artifacts(cwd);
  for (const file of files) artifacts.add(file.path, file.dialect);
  const ruleIndex = new Map(options.rules.map((rule, i) => [rule.meta.id, i]));
  const fingerprints = new Fingerprints();

  const results = files.flatMap((file) =>
    file.findings.map((finding): Sarif.Result => {
      const index = ruleIndex.get(finding.rule);
      const fixes = finding.fixes.filter(isSafeWithEdits).map((fix) => toSarifFix(fix, artifacts));
      return {
        ruleId: finding.rule,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: physicalLocation(finding.path, finding, artifacts) }],
        ...(finding.related.length > 0
          ? {
              relatedLocations: finding.related.map((related, i) => ({
                id: i + 1,
                physicalLocation: physicalLocation(related.path, related.range, artifacts),
                message: { text: related.message },
              })),
            }
          : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.next(finding, artifacts.location(finding.path).uri ?? finding.path) },
        ...(fixes.length > 0 ? { fixes } : {}),
      };
    }),
  );

  const notifications = [
    ...(options.errors ?? []).map((text) => ({ level: 'error' as const, message: { text } })),
    ...(options.warnings ?? []).map((text) => ({ level: 'warning' as const, message: { text } })),
  ];
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lb-drift',
            informationUri: INFORMATION_URI,
            semanticVersion: options.version,
            rules: options.rules.map((rule) => toDescriptor(rule.meta)),
          },
        },
        invocations: [
          {
            executionSuccessful: (options.errors ?? []).length === 0,
            workingDirectory: { uri: directoryUri(cwd) },
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        artifacts: artifacts.list(),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function toDescriptor(meta: RuleMeta): Sarif.ReportingDescriptor {
  const docs = meta.docs;
  const dialects = meta.dialects === 'all' ? [] : [...meta.dialects];
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: message(meta.title),
    fullDescription: message(docs.whatItDoes),
    help: { text: `${plain(docs.whyItMatters)}\n\nFix: ${plain(docs.fix)}`, markdown: helpMarkdown(meta) },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['load-balancer', ...(meta.needsStable ? ['drift'] : []), ...dialects],
      fixable: meta.fixable,
    },
  };
}

function helpMarkdown(meta: RuleMeta): string {
  const fence = '```' + (meta.dialects === 'all' ? 'nginx' : (meta.dialects[0] ?? ''));
  const example =
    meta.docs.stableExample !== undefined
      ? ['Stable revision:', '', fence, meta.docs.stableExample, '```', '', 'Now:', '', fence, meta.docs.example, '```']
      : [fence, meta.docs.example, '```'];
  return [
    '## Why it matters',
    '',
    meta.docs.whyItMatters,
    '',
    '## Example',
    '',
    ...example,
    '',
    '## Fix',
    '',
    meta.docs.fix,
    '',
    `[Documentation](${ruleDocsUrl(meta.id)})`,
  ].join('\n');
}

function isSafeWithEdits(fix: OutFix): boolean {
  return fix.safety === 'safe' && fix.edits !== undefined && fix.edits.length > 0;
}

/**
 * Replacements of one artifact are listed in the engine's order. SARIF reads every
 * `deletedRegion` against the unmodified file, which is also how the engine's edits are meant.
 */
function toSarifFix(fix: OutFix, artifacts: Artifacts): Sarif.Fix {
  const byPath = new Map<string, Sarif.Replacement[]>();
  for (const edit of fix.edits ?? []) {
    const replacements = byPath.get(edit.path) ?? [];
    replacements.push({ deletedRegion: region(edit.range), ...(edit.newText !== '' ? { insertedContent: { text: edit.newText } } : {}) });
    byPath.set(edit.path, replacements);
  }
  return {
    description: { text: fix.title },
    artifactChanges: [...byPath].map(([path, replacements]) => ({ artifactLocation: artifacts.location(path), replacements })),
  };
}

function physicalLocation(path: string, range: OutRange, artifacts: Artifacts): Sarif.PhysicalLocation {
  return { artifactLocation: artifacts.location(path), region: region(range) };
}

/** Both sides count from 1 and end one past the last character, so the numbers carry over. */
function region(range: OutRange): Sarif.Region {
  return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/** The files a log refers to, each listed once, in the order first met. */
class Artifacts {
  private readonly indexes = new Map<string, number>();
  private readonly entries: Sarif.Artifact[] = [];

  constructor(private readonly cwd: string) {}

  add(path: string, language?: string): number {
    let index = this.indexes.get(path);
    if (index === undefined) {
      index = this.entries.length;
      this.indexes.set(path, index);
      this.entries.push({ location: artifactUri(path, this.cwd), ...(language ? { sourceLanguage: language } : {}) });
    }
    return index;
  }

  location(path: string): Sarif.ArtifactLocation {
    const index = this.add(path);
    return { ...artifactUri(path, this.cwd), index };
  }

  list(): Sarif.Artifact[] {
    return this.entries;
  }
}

/**
 * Paths inside the working folder become URIs relative to `%SRCROOT%`, which is what code scanning
 * resolves against the checkout; paths outside it stay absolute file URIs.
 */
function artifactUri(path: string, cwd: string): Sarif.ArtifactLocation {
  let rel = path;
  if (isAbsolute(path)) {
    rel = relative(cwd, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(path).href };
  }
  const segments = sep === '\\' ? rel.split(/[\\/]/) : rel.split('/');
  // encodeURIComponent escapes `%`, `#`, `?`, spaces and `:`, so no segment reads as a scheme.
  return { uri: segments.map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(path: string): string {
  const href = pathToFileURL(path).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * Code scanning matches alerts across runs by fingerprint. Hashing the line's text instead of its
 * number keeps an alert when lines are inserted above it; whitespace is collapsed so re-indenting
 * does not reopen it. Identical findings on identical lines get an occurrence suffix, as GitHub's
 * own line hash does, so they stay distinct.
 */
class Fingerprints {
  private readonly seen = new Map<string, number>();

  next(finding: OutFinding, uri: string): string {
    const line = finding.lineText.replace(/\s+/g, ' ').trim();
    const hash = createHash('sha256').update([finding.rule, uri, line, finding.message].join('\u0000')).digest('hex').slice(0, 32);
    const occurrence = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  }
}

/** `weight-skew` -> `WeightSkew`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** Rule docs are Markdown; `markdown` is only worth its bytes when it differs from the text. */
function message(markdown: string): Sarif.MultiformatMessageString {
  const text = plain(markdown);
  return text === markdown ? { text } : { text, markdown };
}

/** SARIF's `text` is plain text: drop the backticks of Markdown code spans. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`\n]+)`/g, '$1');
}
