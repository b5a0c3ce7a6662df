/**
 * What the incremental lowering tests compare: an analysis of the root file, with or without the
 * previous report, and what a report says as plain data (findings with suppression comments,
 * shares, references with their scopes, directive notes, facts and problems).
 */
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../../server/src/engine/analyze';

export const ROOT = '/etc/nginx/nginx.conf';

export const analyze = (text: string, previous?: FileReport): FileReport =>
  analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}) });

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

/** What a report says, as plain data. */
export function said(report: FileReport): unknown {
  const model = report.model;
  return plain({
    findings: report.findings,
    pools: model?.pools.map((p) => [p.key, p.loc, p.nameLoc, p.members.map((m) => [m.address, m.loc]), report.shares(p)]),
    references: model?.references.map((r) => [r.kind, r.name, r.context, r.pool, r.loc, r.nameLoc, r.scope]),
    notes: model?.directiveNotes,
    facts: model?.facts,
    problems: report.problems,
  });
}
