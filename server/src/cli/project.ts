/**
 * The project config (`.lb-drift.yaml`) as the CLI applies it: `--config FILE` replaces discovery;
 * otherwise each file's nearest config applies. Ignored files are dropped (named ones too, as a
 * pre-commit hook names files), and config problems stop the run with exit 2 before any analysis.
 */
import type { Severity } from '../core/finding';
import { isIgnored, type ProjectConfig } from '../engine/project-config';
import {
  findProjectConfig,
  findProjectConfigForFolder,
  formatConfigProblem,
  hasConfigErrors,
  loadProjectConfig,
  type ProjectConfigResult,
} from '../host/project-config';
import type { Target } from './load';
import { UsageError } from './usage';

export interface ProjectSelection {
  readonly targets: Target[];
  /** Each config problem as `path:line:col: severity: message`. */
  readonly problems: string[];
  readonly failed: boolean;
  /** How many targets a project config's `ignore` dropped. */
  readonly ignored: number;
}

/** The config for one file: the `--config` file when given, else the nearest one. */
export function projectFor(path: string, configPath: string | undefined): ProjectConfigResult | undefined {
  return configPath ? explicitConfig(configPath) : findProjectConfig(path);
}

/**
 * The `--config FILE` config. A file that cannot be used at all (missing, a folder, a named pipe,
 * /dev/zero, too large, not a project config) is a usage error, exit 2, before anything is read.
 */
export function explicitConfig(configPath: string): ProjectConfigResult {
  const result = loadProjectConfig(configPath);
  if (result.unusable) {
    const message = result.problems[0]?.message ?? `cannot use ${configPath}`;
    throw new UsageError(`--config ${configPath}: ${message}`);
  }
  return result;
}

/** Drops ignored targets and gathers the problems of every config involved. */
export function applyProjects(targets: readonly Target[], configPath: string | undefined, display: (path: string) => string): ProjectSelection {
  const seen = new Map<string, ProjectConfigResult>();
  const kept: Target[] = [];
  let ignored = 0;
  for (const target of targets) {
    const project = projectFor(target.path, configPath);
    if (project) seen.set(project.path, project);
    if (project && isIgnored(project.config, target.path)) {
      ignored++;
      continue;
    }
    kept.push(target);
  }
  if (configPath && seen.size === 0) {
    const explicit = explicitConfig(configPath);
    seen.set(explicit.path, explicit);
  }
  const problems: string[] = [];
  let failed = false;
  for (const result of seen.values()) {
    for (const problem of result.problems) problems.push(formatConfigProblem(display(result.path), problem));
    failed ||= hasConfigErrors(result);
  }
  return { targets: kept, problems, failed, ignored };
}

/** The project's defaults for the run as a whole: from `--config`, else the config of the working folder. */
export function runProject(configPath: string | undefined): ProjectConfig | undefined {
  return (configPath ? explicitConfig(configPath) : findProjectConfigForFolder(process.cwd()))?.config;
}

export function failOnOf(flag: string | undefined, project: ProjectConfig | undefined): Severity {
  return (flag ?? project?.failOn ?? 'warning') as Severity;
}
