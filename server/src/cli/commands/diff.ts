/**
 * `lb-drift diff`: semantic drift of every balancer config under the given paths from its stable
 * revision (`--against REF`, else the newest lb-stable tag, the upstream or HEAD). The findings
 * are the drift-* rules; the JSON has the same shape as `check`.
 */
import { parseArgs } from 'node:util';
import { atLeast, type Severity } from '../../core/finding';
import { analyzeFile, type FileReport } from '../../engine/analyze';
import { createIncludeLoader } from '../../host/include-loader';
import { withKubernetesManifests } from '../../host/kubernetes-manifests';
import { readText } from '../../host/read-text';
import { DEFAULT_TAG_PATTERN, validateRevision } from '../../host/git';
import { detectDialect } from '../../engine/detect';
import { projectFileGlobs, toEngineConfig } from '../../engine/project-config';
import { applyProjects, failOnOf, projectFor, runProject } from '../project';
import { RULES } from '../../rules';
import { formatDriftTables } from '../format-drift';
import { formatFinding, formatSummary } from '../format-findings';
import type { CliIo } from '../io';
import { displayPath, parseDialect, targetsOf } from '../load';
import { deliverPaced, parseFormat, renderMachine } from '../emit';
import { plainStyle } from '../style';
import { OutputCollector } from '../output-collector';
import { noBalancerConfig } from '../select';
import { stableForFile } from '../stable-input';
import type { Style } from '../style';
import type { OutFinding } from '../output-model';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, UsageError } from '../usage';

const FAIL_LEVELS: readonly Severity[] = ['error', 'warning', 'info'];
const DRIFT_RULES = new Set(RULES.filter((r) => r.meta.needsStable).map((r) => r.meta.id));

export async function runDiff(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      against: { type: 'string' },
      'tag-pattern': { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string' },
      dialect: { type: 'string' },
      'nginx-prefix': { type: 'string' },
      'no-inline-config': { type: 'boolean', default: false },
      output: { type: 'string' },
    },
  });
  const format = parseFormat(values.format);
  const failOn = failOnOf(values['fail-on'], runProject(values.config));
  if (!FAIL_LEVELS.includes(failOn)) throw new UsageError(`unknown --fail-on "${values['fail-on']}"; use error, warning or info`);
  if (values.against !== undefined && values.against !== 'auto') {
    const valid = validateRevision(values.against);
    if (!valid.ok) throw new UsageError(valid.message);
  }
  const dialect = parseDialect(values.dialect);
  const prefix = values['nginx-prefix'];

  const reports: FileReport[] = [];
  const listed = targetsOf(positionals.length > 0 ? positionals : ['.']);
  const errors = [...listed.errors];
  const projects = applyProjects(listed.targets, values.config, displayPath);
  for (const problem of projects.problems) io.error(`${problem}\n`);
  if (projects.failed) return EXIT_USAGE;
  const newFiles: string[] = [];
  const stableFailures: StableFailure[] = [];
  const compared = new Map<string, { ref: string; sha: string | undefined; files: number }>();
  // Kubernetes manifests resolve their related manifests in the working tree, as `check` does; the
  // stable side reads them from the revision (stable-input.ts).
  const loader = withKubernetesManifests(createIncludeLoader(prefix ? { prefix } : {}));
  for (const { path, explicit } of projects.targets) {
    const read = readText(path);
    if (!read.ok) {
      errors.push(read.message);
      continue;
    }
    const project = projectFor(path, values.config)?.config;
    const globs = project ? projectFileGlobs(project) : {};
    if (!detectDialect(path, read.text, globs, dialect)) {
      if (explicit) errors.push(`${displayPath(path)}: lb-drift cannot tell which balancer this file is for; pass --dialect nginx or --dialect haproxy`);
      continue;
    }
    // Flags win over the project config, which wins over the defaults.
    const against = values.against ?? project?.stableRef;
    const stable = await stableForFile(path, {
      ...(against ? { against } : {}),
      tagPattern: values['tag-pattern'] ?? project?.stableTagPattern ?? DEFAULT_TAG_PATTERN,
      ...(prefix ? { nginxPrefix: prefix } : {}),
    });
    if (stable.error || !stable.input) {
      stableFailures.push({ path, message: stable.error ?? 'no stable revision' });
      continue;
    }
    const revision = `${stable.ref}\u0000${stable.sha}`;
    const seen = compared.get(revision);
    if (seen) seen.files++;
    else compared.set(revision, { ref: stable.input.ref, sha: stable.sha, files: 1 });
    if (stable.newFile) newFiles.push(`${displayPath(path)} is new since ${stable.ref}`);
    const report = analyzeFile({ path, text: read.text }, loader, {
      ...(dialect ? { dialect } : {}),
      ...(project ? { config: toEngineConfig(project), globs } : {}),
      ...(values['no-inline-config'] ? { inlineConfig: false } : {}),
      stable: stable.input,
    });
    reports.push({ ...report, findings: report.findings.filter((f) => DRIFT_RULES.has(f.rule)) });
  }

  errors.push(...groupFailures(stableFailures));
  // Comparing no file is an error, never "No drift found in 0 files": the path is probably wrong.
  if (reports.length === 0 && errors.length === 0) errors.push(noBalancerConfig(positionals.length > 0 ? positionals : ['.'], listed.targets.length));
  const collector = new OutputCollector(displayPath);
  for (const report of reports) collector.add(report);
  for (const error of errors) io.error(`${io.errorStyle('red', 'error:')} ${error}\n`);

  const findings = collector.findings();
  const style = values.output === undefined ? io.style : plainStyle;
  let rendered: string | Iterable<string>;
  if (format === 'text') {
    rendered = reports.length === 0 ? '' : textReport(reports, findings, collector.files().length, [...compared.values()], newFiles, style);
  } else {
    rendered = renderMachine(format, collector.files(), errors, []);
  }
  const writeError = await deliverPaced(io, rendered, values.output);
  if (writeError) errors.push(writeError);
  if (errors.length > 0) return EXIT_USAGE;
  return findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** The text report: what was compared against (once), new files, each pool's table once, findings, summary. */
function textReport(
  reports: readonly FileReport[],
  findings: readonly OutFinding[],
  files: number,
  revisions: readonly { ref: string; sha: string | undefined; files: number }[],
  newFiles: readonly string[],
  style: Style,
): string {
  const parts = revisions.map(({ ref, sha, files: count }) => {
    const commit = sha ? ` (commit ${sha.slice(0, 12)})` : '';
    const scope = revisions.length > 1 ? ` for ${count} ${count === 1 ? 'file' : 'files'}` : '';
    return `Compared with ${ref}${commit}${scope}.\n`;
  });
  parts.push(...newFiles.map((note) => `${note}\n`));
  if (parts.length > 0) parts.push('\n');
  // A pool reached from several roots (a fragment and the main config that includes it) is shown
  // once, under the file it is written in.
  const printed = new Set<string>();
  const byFile = new Map<string, string[]>();
  for (const report of reports) {
    for (const table of formatDriftTables(report, style)) {
      if (printed.has(table.key)) continue;
      printed.add(table.key);
      const list = byFile.get(table.file);
      if (list) list.push(table.text);
      else byFile.set(table.file, [table.text]);
    }
  }
  for (const [file, tables] of byFile) parts.push(`${style('underline', displayPath(file))}\n${tables.join('\n')}\n`);
  for (const finding of findings) parts.push(`${formatFinding(finding, style)}\n\n`);
  parts.push(`${formatSummary(findings, files, style, 'drift')}\n`);
  return parts.join('');
}

interface StableFailure {
  readonly path: string;
  readonly message: string;
}

/**
 * One error per cause, not one per file: outside a repository, or with an unknown revision, every
 * file fails the same way. Messages are grouped with the file's own path taken out.
 */
function groupFailures(failures: readonly StableFailure[]): string[] {
  const groups = new Map<string, StableFailure[]>();
  for (const failure of failures) {
    const key = failure.message.split(failure.path).join('\u0000');
    const group = groups.get(key);
    if (group) group.push(failure);
    else groups.set(key, [failure]);
  }
  return [...groups.values()].map((group) => {
    const [first, ...rest] = group.map((f) => displayPath(f.path));
    if (rest.length === 0) return `${first}: ${group[0]!.message}`;
    const shown = rest.slice(0, 3).join(', ') + (rest.length > 3 ? `, ...` : '');
    return `${first} and ${rest.length} more ${rest.length === 1 ? 'file' : 'files'} (${shown}): ${group[0]!.message}`;
  });
}
