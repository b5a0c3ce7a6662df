/**
 * `lb-drift check`: findings for every balancer config under the given paths.
 */
import { parseArgs } from 'node:util';
import { atLeast, type Severity } from '../../core/finding';
import { formatFinding, formatSummary } from '../format-findings';
import { toJsonResults } from '../format-json';
import { OutputCollector } from '../output-collector';
import type { CliIo } from '../io';
import { displayPath, loadReports, parseDialect } from '../load';
import { applySafeFixes } from '../apply-fixes';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, UsageError } from '../usage';

const FAIL_LEVELS: readonly Severity[] = ['error', 'warning', 'info'];

export function runCheck(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'warning' },
      dialect: { type: 'string' },
      'nginx-prefix': { type: 'string' },
      fix: { type: 'boolean', default: false },
    },
  });
  const format = values.format!;
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}"; use text or json`);
  const failOn = values['fail-on'] as Severity;
  if (!FAIL_LEVELS.includes(failOn)) throw new UsageError(`unknown --fail-on "${values['fail-on']}"; use error, warning or info`);
  const dialect = parseDialect(values.dialect);

  const paths = positionals.length > 0 ? positionals : ['.'];
  const loadOptions = {
    ...(dialect ? { dialect } : {}),
    ...(values['nginx-prefix'] ? { nginxPrefix: values['nginx-prefix'] } : {}),
  };
  let loaded = loadReports(paths, loadOptions);
  if (values.fix) {
    const outcome = applySafeFixes(loaded.reports, (path) => loadReports([path], loadOptions).reports[0]);
    if (outcome.fixed > 0) {
      io.error(`Fixed ${outcome.fixed} ${outcome.fixed === 1 ? 'problem' : 'problems'} in ${outcome.files.size} ${outcome.files.size === 1 ? 'file' : 'files'} (safe fixes only).\n`);
      loaded = loadReports(paths, loadOptions);
    }
  }
  const collector = new OutputCollector(displayPath);
  for (const report of loaded.reports) collector.add(report);

  for (const warning of loaded.warnings) io.error(`${io.errorStyle('yellow', 'warning:')} ${warning}\n`);
  for (const error of loaded.errors) io.error(`${io.errorStyle('red', 'error:')} ${error}\n`);

  const findings = collector.findings();
  if (format === 'json') {
    io.write(`${JSON.stringify(toJsonResults(collector.files()), null, 2)}\n`);
  } else {
    for (const finding of findings) io.write(`${formatFinding(finding, io.style)}\n\n`);
    io.write(`${formatSummary(findings, loaded.reports.length, io.style)}\n`);
  }

  const parseFailed = loaded.reports.some((r) => r.problems.some((p) => p.kind === 'syntax'));
  if (loaded.errors.length > 0 || parseFailed) return EXIT_USAGE;
  return findings.some((f) => atLeast(f.severity, failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}
