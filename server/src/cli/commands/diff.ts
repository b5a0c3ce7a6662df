/**
 * `lb-drift diff`: semantic drift of every balancer config under the given paths from its stable
 * revision (`--against REF`, else the newest lb-stable tag, the upstream or HEAD). The findings
 * are the drift-* rules; the JSON has the same shape as `check`.
 */
import { parseArgs } from 'node:util';
import { atLeast, type Severity } from '../../core/finding';
import { analyzeFile, type FileReport } from '../../engine/analyze';
import { createIncludeLoader } from '../../host/include-loader';
import { readText } from '../../host/read-text';
import { DEFAULT_TAG_PATTERN, validateRevision } from '../../host/git';
import { detectDialect } from '../../engine/detect';
import { projectFileGlobs, toEngineConfig } from '../../engine/project-config';
import { applyProjects, failOnOf, projectFor, runProject } from '../project';
import { RULES } from '../../rules';
import { formatDriftTable } from '../format-drift';
import { formatFinding, formatSummary } from '../format-findings';
import type { CliIo } from '../io';
import { displayPath, parseDialect, targetsOf } from '../load';
import { deliver, parseFormat, renderMachine } from '../emit';
import { plainStyle } from '../style';
import { OutputCollector } from '../output-collector';
import { stableForFile } from '../stable-input';
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
  const loader = createIncludeLoader(prefix ? { prefix } : {});
  for (const { path, explicit } of projects.targets) {
    const read = readText(path);
    if (!read.ok) {
      errors.push(read.message);
      continue;
    }
    const project = projectFor(path, values.config)?.config;
    const globs = project ? projectFileGlobs(project) : {};
    if (!detectDialect(path, read.text, globs, dialect)) {
      if (explicit) errors.push(`${displayPath(path)}: lb-drift cannot tell which balancer this file is for; pass --dialect nginx`);
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
      errors.push(`${displayPath(path)}: ${stable.error ?? 'no stable revision'}`);
      continue;
    }
    if (stable.newFile) newFiles.push(`${displayPath(path)} is new since ${stable.ref}`);
    const report = analyzeFile({ path, text: read.text }, loader, {
      ...(dialect ? { dialect } : {}),
      ...(project ? { config: toEngineConfig(project), globs } : {}),
      ...(values['no-inline-config'] ? { inlineConfig: false } : {}),
      stable: stable.input,
    });
    reports.push({ ...report, findings: report.findings.filter((f) => DRIFT_RULES.has(f.rule)) });
  }

  const collector = new OutputCollector(displayPath);
  for (const report of reports) collector.add(report);
  for (const error of errors) io.error(`${io.errorStyle('red', 'error:')} ${error}\n`);

  const findings = collector.findings();
  const style = values.output === undefined ? io.style : plainStyle;
  let rendered: string | Iterable<string>;
  if (format === 'text') {
    const parts: string[] = newFiles.map((note) => `${note}\n`);
    for (const report of reports) {
      const table = formatDriftTable(report, style);
      if (table) parts.push(`${style('underline', displayPath(report.path))} against ${report.stable?.ref}\n${table}\n`);
    }
    for (const finding of findings) parts.push(`${formatFinding(finding, style)}\n\n`);
    parts.push(`${formatSummary(findings, reports.length, style, 'drift')}\n`);
    rendered = parts.join('');
  } else {
    rendered = renderMachine(format, collector.files(), errors, []);
  }
  const writeError = deliver(io, rendered, values.output);
  if (writeError) errors.push(writeError);
  if (errors.length > 0) return EXIT_USAGE;
  return findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
