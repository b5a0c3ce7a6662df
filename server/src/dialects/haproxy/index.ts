/**
 * The HAProxy dialect: sniffing, analysis (parse, defaults inheritance, lowering) and fixes.
 */
import type { Dialect } from '../../core/dialect';
import { fixHaproxy } from './fixer';
import { foldHaproxy } from './folding';
import { analyzeHaproxyFile, reanalyzeHaproxy } from './incremental';
import { sniffHaproxy } from './sniff';

export const haproxyDialect: Dialect = {
  id: 'haproxy',
  label: 'HAProxy',
  sniff: sniffHaproxy,
  // The project's `haproxy: { version }` travels as this rule's option; `.if` blocks are read
  // against it, and version-dependent keywords are left to the rule, which judges them.
  targetRule: 'removed-keyword',
  analyze: (file, loader, target) => analyzeHaproxyFile(file, loader, target?.version),
  reanalyze: reanalyzeHaproxy,
  folding: foldHaproxy,
  fix: fixHaproxy,
};
