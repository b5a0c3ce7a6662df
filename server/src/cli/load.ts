/**
 * Reads the files named on the command line and runs the engine on each. Files that are not
 * balancer configs are skipped quietly when found by walking a folder, and reported when named
 * explicitly.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { SourceLoader } from '../core/dialect';
import type { DialectId } from '../core/model';
import { DIALECTS } from '../dialects';
import { analyzeFile, type FileReport } from '../engine/analyze';
import { projectFileGlobs, toEngineConfig } from '../engine/project-config';
import { projectFor } from './project';
import { createIncludeLoader } from '../host/include-loader';
import { withKubernetesManifests } from '../host/kubernetes-manifests';
import { listFiles } from '../host/list-files';
import { readText } from '../host/read-text';
import { UsageError } from './usage';

export interface LoadOptions {
  readonly dialect?: DialectId;
  readonly nginxPrefix?: string;
  /** Honour `# lb-drift-disable...` comments (default true). */
  readonly inlineConfig?: boolean;
  /** `--config FILE`: this project config for every file instead of each file's nearest one. */
  readonly configPath?: string;
}

/** A file to check: its absolute path, and whether it was named on the command line. */
export interface Target {
  readonly path: string;
  readonly explicit: boolean;
}

export interface Loaded {
  readonly reports: FileReport[];
  /** Problems that make the run incomplete: unreadable or unrecognised files (exit 2). */
  readonly errors: string[];
  readonly warnings: string[];
}

export function parseDialect(value: string | undefined): DialectId | undefined {
  if (value === undefined) return undefined;
  const known = DIALECTS.map((d) => d.id);
  if (!known.includes(value as DialectId)) {
    throw new UsageError(`unknown dialect "${value}"; lb-drift reads: ${known.join(', ')}`);
  }
  return value as DialectId;
}

/** The files the paths stand for (folders walked, .gitignore honoured), and paths that do not exist. */
export function targetsOf(paths: readonly string[]): { targets: Target[]; errors: string[] } {
  const targets: Target[] = [];
  const errors: string[] = [];
  for (const listed of listFiles(paths)) {
    if ('missing' in listed) errors.push(`${listed.missing}: no such file or folder`);
    else targets.push({ path: resolve(listed.path), explicit: listed.explicit });
  }
  return { targets, errors };
}

export function includeLoader(options: LoadOptions, warnings: string[]): SourceLoader {
  const loader = createIncludeLoader({
    ...(options.nginxPrefix ? { prefix: options.nginxPrefix } : {}),
    onWarning: (message) => warnings.push(message),
  });
  // Kubernetes manifests are resolved against the other manifests of their repository.
  return withKubernetesManifests(loader);
}

export interface TargetResult {
  /** Absent for a file that is not a balancer config, or that could not be read. */
  readonly report?: FileReport;
  readonly error?: string;
}

/** `onRead` hears the text before its analysis starts (the CLI starts its ring helper there). */
export function analyzeTarget(target: Target, loader: SourceLoader, options: LoadOptions, warnings: string[], onRead?: (text: string) => void): TargetResult {
  const read = readText(target.path);
  if (!read.ok) return { error: read.message };
  if (read.warning) warnings.push(read.warning);
  onRead?.(read.text);
  const project = projectFor(target.path, options.configPath)?.config;
  const report = analyzeFile({ path: target.path, text: read.text }, loader, {
    ...(options.dialect ? { dialect: options.dialect } : {}),
    ...(project ? { config: toEngineConfig(project), globs: projectFileGlobs(project) } : {}),
    ...(options.inlineConfig === false ? { inlineConfig: false } : {}),
    onRuleError: (rule, error) => warnings.push(`rule ${rule} failed on ${target.path}: ${String(error)}`),
  });
  if (report.dialect) return { report };
  if (!target.explicit) return {};
  return {
    error:
      `${displayPath(target.path)}: lb-drift cannot tell which balancer this file is for; ` +
      'name it nginx.conf or *.nginx, or haproxy.cfg or *.haproxy, put it under an nginx or haproxy folder, ' +
      'or pass --dialect nginx or --dialect haproxy',
  };
}

export function loadReports(paths: readonly string[], options: LoadOptions): Loaded {
  const { targets, errors } = targetsOf(paths);
  return loadTargets(targets, options, errors);
}

export function loadTargets(targets: readonly Target[], options: LoadOptions, errors: string[] = []): Loaded {
  const reports: FileReport[] = [];
  const warnings: string[] = [];
  const loader = includeLoader(options, warnings);
  for (const target of targets) {
    const result = analyzeTarget(target, loader, options, warnings);
    if (result.error) errors.push(result.error);
    if (result.report) reports.push(result.report);
  }
  return { reports, errors, warnings };
}

/** Paths under the current folder print relative to it; others print absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
