/**
 * The HAProxy dialect: sniffing, analysis (parse, defaults inheritance, lowering) and fixes.
 */
import type { Dialect } from '../../core/dialect';
import { fixHaproxy } from './fixer';
import { foldHaproxy } from './folding';
import { analyzeHaproxy } from './lower';
import { DEFAULT_TARGET_VERSION } from './parser';
import { sniffHaproxy } from './sniff';

export const haproxyDialect: Dialect = {
  id: 'haproxy',
  label: 'HAProxy',
  sniff: sniffHaproxy,
  // Version-dependent keywords are left to the removed-keyword rule, which knows the target.
  analyze: (file, loader) => analyzeHaproxy(file, loader, DEFAULT_TARGET_VERSION, true),
  folding: foldHaproxy,
  fix: fixHaproxy,
};
