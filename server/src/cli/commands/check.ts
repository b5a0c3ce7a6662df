/**
 * `lb-drift check`: findings for every balancer config under the given paths, on all cores, in
 * the format CI wants, with the exit policy CI needs.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { atLeast, type Severity } from '../../core/finding';
import { forgetLastHaproxyModels } from '../../rules/haproxy/common';
import { applySafeFixes } from '../apply-fixes';
import { formatFinding, formatSummary } from '../format-findings';
import { deliverPaced, outputNeedsOf, parseFormat, renderMachine } from '../emit';
import { plainStyle } from '../style';
import type { CliIo } from '../io';
import { displayPath, includeLoader, loadReports, loadTargets, parseDialect, targetsOf, type LoadOptions, type Target } from '../load';
import { OutputCollector, type OutputNeeds } from '../output-collector';
import type { OutFile } from '../output-model';
import { analyzeInWorkers, includedByOthers, outputOf, threadCount, type TargetOutput } from '../parallel';
import { ringHelperBundleBeside } from '../ring-helper';
import { applyProjects, failOnOf, runProject } from '../project';
import { anyBalancerConfig, changedSince, inShard, noBalancerConfig, parseShard } from '../select';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, UsageError } from '../usage';

const FAIL_LEVELS: readonly Severity[] = ['error', 'warning', 'info'];

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      'fail-on': { type: 'string' },
      'max-warnings': { type: 'string' },
      dialect: { type: 'string' },
      'nginx-prefix': { type: 'string' },
      fix: { type: 'boolean', default: false },
      'fix-outside': { type: 'boolean', default: false },
      'no-inline-config': { type: 'boolean', default: false },
      'changed-since': { type: 'string' },
      shard: { type: 'string' },
      threads: { type: 'string' },
      output: { type: 'string' },
    },
  });
  const format = parseFormat(values.format);
  const failOn = failOnOf(values['fail-on'], runProject(values.config));
  if (!FAIL_LEVELS.includes(failOn)) throw new UsageError(`unknown --fail-on "${values['fail-on']}"; use error, warning or info`);
  const maxWarnings = wholeNumber(values['max-warnings'], '--max-warnings');
  const threads = wholeNumber(values.threads, '--threads');
  const shard = parseShard(values.shard);
  const dialect = parseDialect(values.dialect);
  const options: LoadOptions = {
    ...(dialect ? { dialect } : {}),
    ...(values['nginx-prefix'] ? { nginxPrefix: values['nginx-prefix'] } : {}),
    ...(values['no-inline-config'] ? { inlineConfig: false } : {}),
    ...(values.config ? { configPath: values.config } : {}),
  };

  const paths = positionals.length > 0 ? positionals : ['.'];
  const listed = targetsOf(paths);
  const errors = [...listed.errors];
  let targets: Target[] = listed.targets;
  if (values['changed-since'] !== undefined) {
    const changed = await changedSince(targets, values['changed-since']);
    targets = changed.targets;
    errors.push(...changed.errors);
  }
  if (shard) targets = inShard(targets, shard, (path) => relative(process.cwd(), path));
  const projects = applyProjects(targets, values.config, displayPath);
  for (const problem of projects.problems) io.error(`${problem}\n`);
  if (projects.failed) return EXIT_USAGE;
  targets = projects.targets;

  // A file whose fixes were not written keeps its findings, and the run never exits 0 for it.
  let fixesSkipped = 0;
  if (values.fix) {
    const loaded = loadTargets(targets, options);
    const outcome = applySafeFixes(loaded.reports, (path) => loadReports([path], options).reports[0], {
      roots: paths,
      outside: values['fix-outside'],
    });
    if (outcome.fixed > 0) {
      const files = outcome.files.size;
      io.error(`Fixed ${outcome.fixed} ${outcome.fixed === 1 ? 'problem' : 'problems'} in ${files} ${files === 1 ? 'file' : 'files'} (safe fixes only).\n`);
    }
    for (const [file, reason] of outcome.skipped) {
      io.error(`${io.errorStyle('yellow', 'warning:')} --fix left ${displayPath(file)} unchanged: ${reason}\n`);
    }
    fixesSkipped = outcome.skipped.size;
  }

  const warnings: string[] = [];
  const outputs = await analyse(targets, options, threads, warnings, outputNeedsOf(format));
  // No file is analysed again in this run: what rules remember for a next version can go.
  forgetLastHaproxyModels();
  let checked = 0;
  let parseFailed = false;
  for (const output of outputs) {
    if (output.error) errors.push(output.error);
    if (output.checked) checked++;
    parseFailed ||= output.parseFailed;
  }
  const files = mergedFiles(outputs);

  // A run that checked no file never reads as clean: a wrong path is an error; filters that
  // left nothing of a folder that does hold configs say so.
  let nothingLeft: string | undefined;
  if (checked === 0 && errors.length === 0) {
    const filters = [
      values['changed-since'] !== undefined ? `--changed-since ${values['changed-since']}` : '',
      shard ? `--shard ${values.shard}` : '',
      projects.ignored > 0 ? `the ignore list of .lb-drift.yaml (${projects.ignored} ${projects.ignored === 1 ? 'file' : 'files'} ignored)` : '',
    ].filter(Boolean);
    if (filters.length > 0 && anyBalancerConfig(listed.targets, options)) nothingLeft = `No balancer config left to check after ${filters.join(' and ')}.`;
    else errors.push(noBalancerConfig(paths, listed.targets.length));
  }

  for (const warning of warnings) io.error(`${io.errorStyle('yellow', 'warning:')} ${warning}\n`);
  for (const error of errors) io.error(`${io.errorStyle('red', 'error:')} ${error}\n`);

  const findings = files.flatMap((f) => f.findings);
  const style = values.output === undefined ? io.style : plainStyle;
  const rendered =
    format === 'text'
      ? checked === 0
        ? (nothingLeft ?? '') + (nothingLeft ? '\n' : '')
        : `${findings.map((f) => `${formatFinding(f, style)}\n\n`).join('')}${formatSummary(findings, files.length, style)}\n`
      : renderMachine(format, files, errors, warnings);
  const writeError = await deliverPaced(io, rendered, values.output);
  if (writeError) {
    io.error(`${io.errorStyle('red', 'error:')} ${writeError}\n`);
    return EXIT_USAGE;
  }

  if (errors.length > 0 || parseFailed) return EXIT_USAGE;
  if (findings.some((f) => atLeast(f.severity, failOn)) || fixesSkipped > 0) return EXIT_FINDINGS;
  const warningCount = findings.reduce((n, f) => n + (f.severity === 'warning' ? (f.count ?? 1) : 0), 0);
  if (maxWarnings !== undefined && warningCount > maxWarnings) {
    io.error(`lb-drift found ${warningCount} warnings, more than --max-warnings ${maxWarnings}.\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_CLEAN;
}

/**
 * The files of every output, in target order, without what two outputs share. One output is
 * already free of repeats (its own collector dropped them), so it is taken as it is.
 */
function mergedFiles(outputs: readonly TargetOutput[]): OutFile[] {
  if (outputs.length === 1) return outputs[0]!.files;
  const collector = new OutputCollector(displayPath);
  const covered = includedByOthers(outputs);
  for (const output of outputs) if (!(output.root && covered.has(output.root))) collector.merge(output.files);
  return collector.files();
}

async function analyse(
  targets: readonly Target[],
  options: LoadOptions,
  requested: number | undefined,
  warnings: string[],
  needs: OutputNeeds,
): Promise<TargetOutput[]> {
  const threads = threadCount(requested, targets.length);
  if (threads > 1) {
    const result = await analyzeInWorkers(__filename, targets, options, threads, needs);
    warnings.push(...result.warnings);
    return result.outputs;
  }
  const loader = includeLoader(options, warnings);
  // `--threads 1` keeps the whole run on one thread, ring building included.
  const ringHelper = requested === 1 ? undefined : ringHelperBundleBeside(__filename);
  // One file's pools are printed from its analysis (pool-view.ts). With several, each analysis
  // would stay alive until the last is printed, which costs more than their plain pools.
  const inPlace: OutputNeeds = { ...needs, inPlace: targets.length === 1 };
  return targets.map((target) => outputOf(target, options, loader, warnings, ringHelper, inPlace));
}

function wholeNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} takes a whole number, such as 0 or 10; got "${value}"`);
  return Number(value);
}
