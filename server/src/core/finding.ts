/**
 * What a rule reports. Findings carry locations (file + offsets); the CLI and the language server
 * turn them into 1-based or 0-based line/column ranges at the edge.
 */
import type { Loc } from './span';
import type { Fix } from './fix';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Ordered from most to least severe, so a threshold check is an index comparison. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is as severe as `threshold` or more. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

export interface Related {
  readonly loc: Loc;
  readonly message: string;
}

export type FindingTag = 'unnecessary' | 'deprecated';

export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly loc: Loc;
  readonly related?: readonly Related[];
  readonly fixes?: readonly Fix[];
  readonly tags?: readonly FindingTag[];
  /** How many findings this one stands for: a summary of findings not listed says how many (default 1). */
  readonly count?: number;
}

/** A problem the parser or include loader met, before any rule runs. */
export interface ParseProblem {
  /** `template`: the file is a template (Go, Jinja, envsubst), checked with its tags masked. */
  readonly kind: 'syntax' | 'include' | 'template';
  readonly message: string;
  readonly loc: Loc;
  readonly related?: readonly Related[];
  /** Repairs the parser is sure of (a missing `;`). */
  readonly fixes?: readonly Fix[];
}
