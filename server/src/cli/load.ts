/**
 * Reads the files named on the command line and runs the engine on each. Files that are not
 * balancer configs are skipped quietly when found by walking a folder, and reported when named
 * explicitly.
 */
import { relative, resolve, isAbsolute } from 'node:path';
import type { DialectId } from '../core/model';
import { analyzeFile, type FileReport } from '../engine/analyze';
import { createIncludeLoader } from '../host/include-loader';
import { listFiles } from '../host/list-files';
import { readText } from '../host/read-text';
import { DIALECTS } from '../dialects';
import { UsageError } from './usage';

export interface LoadOptions {
  readonly dialect?: DialectId;
  readonly nginxPrefix?: string;
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

export function loadReports(paths: readonly string[], options: LoadOptions): Loaded {
  const reports: FileReport[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const loader = createIncludeLoader({
    ...(options.nginxPrefix ? { prefix: options.nginxPrefix } : {}),
    onWarning: (message) => warnings.push(message),
  });
  for (const listed of listFiles(paths)) {
    if ('missing' in listed) {
      errors.push(`${listed.missing}: no such file or folder`);
      continue;
    }
    const path = resolve(listed.path);
    const read = readText(path);
    if (!read.ok) {
      errors.push(read.message);
      continue;
    }
    if (read.warning) warnings.push(read.warning);
    const report = analyzeFile({ path, text: read.text }, loader, {
      ...(options.dialect ? { dialect: options.dialect } : {}),
      onRuleError: (rule, error) => warnings.push(`rule ${rule} failed on ${path}: ${String(error)}`),
    });
    if (!report.dialect) {
      if (listed.explicit) {
        errors.push(
          `${displayPath(path)}: lb-drift cannot tell which balancer this file is for; ` +
            'name it nginx.conf or *.nginx, put it under an nginx folder, or pass --dialect nginx',
        );
      }
      continue;
    }
    reports.push(report);
  }
  return { reports, errors, warnings };
}

/** Paths under the current folder print relative to it; others print absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
