/**
 * The drift table of `lb-drift diff`: per pool, each member's stable share, current share and the
 * change, so a reviewer sees the traffic effect of a change at a glance.
 */
import { percentFixed } from '../core/format';
import type { FileReport } from '../engine/analyze';
import { matchPools } from '../drift/match';
import type { Style } from './style';
import type { Pool } from '../core/model';
import { structuredPatch } from 'diff';

/** The pool's changed lines since stable, as unified-diff hunks with one line of context. */
function changedLines(report: FileReport, stable: Pool | undefined, current: Pool | undefined, style: Style): string[] {
  const before = stable ? (report.stable?.sources.get(stable.loc.file) ?? '').slice(stable.loc.start, stable.loc.end) + '\n' : '';
  const after = current ? (report.sources.get(current.loc.file) ?? '').slice(current.loc.start, current.loc.end) + '\n' : '';
  if (before === after) return [];
  const patch = structuredPatch('stable', 'current', before, after, '', '', { context: 1 });
  // Hunk positions are file lines, not lines of the block.
  const lineOf = (text: string | undefined, offset: number) => (text ?? '').slice(0, offset).split('\n').length - 1;
  const oldBase = stable ? lineOf(report.stable?.sources.get(stable.loc.file), stable.loc.start) : 0;
  const newBase = current ? lineOf(report.sources.get(current.loc.file), current.loc.start) : 0;
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(style('cyan', `  @@ -${hunk.oldStart + oldBase},${hunk.oldLines} +${hunk.newStart + newBase},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue;
      lines.push(line.startsWith('+') ? style('green', `  ${line}`) : line.startsWith('-') ? style('red', `  ${line}`) : `  ${line}`);
    }
  }
  return lines;
}

/** One pool's drift table, with the file the pool is written in and a key that names the pool. */
export interface DriftTable {
  readonly file: string;
  readonly key: string;
  readonly text: string;
}

/** The tables of every pool whose members' shares changed (or that is new or gone) since stable. */
export function formatDriftTables(report: FileReport, style: Style): DriftTable[] {
  const tables: DriftTable[] = [];
  if (!report.model || !report.stable) return tables;
  for (const pair of matchPools(report.stable.model, report.model)) {
    const pool = pair.current ?? pair.stable!;
    const status = !pair.stable ? ' (new since stable)' : !pair.current ? ' (removed since stable)' : '';
    const currentShares = pair.current ? report.shares(pair.current).members : [];
    const stableShares = pair.stable ? report.stable.shares(pair.stable).members : [];
    const rows = pair.members.map((m) => {
      const current = m.currentIndex !== undefined ? (currentShares[m.currentIndex]?.share ?? 0) : undefined;
      const stable = m.stableIndex !== undefined ? (stableShares[m.stableIndex]?.share ?? 0) : undefined;
      const delta = (current ?? 0) - (stable ?? 0);
      const deltaText = Math.abs(delta) < 0.0005 ? '' : `${delta > 0 ? '+' : ''}${(delta * 100).toFixed(1)} pts`;
      return [
        (m.current ?? m.stable)!.address,
        stable === undefined ? 'added' : percentFixed(stable),
        current === undefined ? 'removed' : percentFixed(current),
        deltaText,
      ];
    });
    const changed = rows.some((r) => r[3] !== '' || r[1] === 'added' || r[2] === 'removed') || status !== '';
    if (!changed) continue;
    const head = ['member', 'stable', 'current', 'delta'];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const render = (cells: string[]) =>
      '  ' + cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
    const lines: string[] = [];
    lines.push(`${style('bold', `${pool.context} ${pool.kind === 'split' ? 'split' : 'pool'} ${pool.name}`)}${status}`);
    lines.push(style('dim', render(head)));
    for (const row of rows) {
      const text = render(row);
      lines.push(row[3]!.startsWith('+') ? style('yellow', text) : text);
    }
    lines.push(...changedLines(report, pair.stable, pair.current, style), '');
    tables.push({ file: pool.loc.file, key: `${pool.loc.file}\u0000${pool.loc.start}\u0000${pool.key}`, text: lines.join('\n') });
  }
  return tables;
}
