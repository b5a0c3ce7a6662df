/**
 * The HAProxy dialect: sniffing, analysis (parse, defaults inheritance, lowering) and fixes.
 */
import type { Dialect } from '../../core/dialect';
import { fixHaproxy } from './fixer';
import { foldHaproxy } from './folding';
import { analyzeHaproxy } from './lower';
import { sniffHaproxy } from './sniff';

export const haproxyDialect: Dialect = {
  id: 'haproxy',
  label: 'HAProxy',
  sniff: sniffHaproxy,
  analyze: (file, loader) => analyzeHaproxy(file, loader),
  folding: foldHaproxy,
  fix: fixHaproxy,
};
