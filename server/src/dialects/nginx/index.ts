/**
 * The nginx dialect: sniffing, analysis (parse, includes, lowering) and fixes.
 */
import type { Dialect } from '../../core/dialect';
import { fixNginx } from './fixer';
import { foldNginx } from './folding';
import { reanalyzeNginx } from './incremental';
import { analyzeNginx } from './lower';
import { sniffNginx } from './sniff';

export const nginxDialect: Dialect = {
  id: 'nginx',
  label: 'nginx',
  sniff: sniffNginx,
  analyze: (file, loader) => analyzeNginx(file, loader),
  reanalyze: reanalyzeNginx,
  folding: foldNginx,
  fix: fixNginx,
};
