/**
 * The share table a user reads first: one block per pool with each member's weight, role, state
 * and predicted share, plus a bar so skew is visible at a glance.
 */
import { percentFixed } from '../core/format';
import type { Pool } from '../core/model';
import type { PoolShares } from '../core/shares';
import type { Style } from './style';

const BAR_WIDTH = 20;

export function formatPoolShares(pool: Pool, shares: PoolShares, line: number, style: Style): string {
  const kind = pool.kind === 'split' ? 'split' : 'pool';
  const algorithm = pool.algorithmText || pool.algorithm;
  const header = `${style('bold', `${pool.context} ${kind} ${pool.name}`)} (${algorithm}, ${pool.members.length} ${pool.members.length === 1 ? 'member' : 'members'}) line ${line}`;
  const rows = pool.members.map((member, i) => {
    const share = shares.members[i]?.share ?? 0;
    // A split's weights are nginx's hundredths of a percent; show them as the percentages written.
    const weight = pool.kind === 'split' && pool.dialect === 'nginx' ? `${member.weight / 100}%` : String(member.weight);
    // An estimated share (a ring too large to build) is marked, and the note below says how.
    return [member.address, weight, member.role, member.state, `${shares.estimated ? '~' : ''}${percentFixed(share)}`, bar(share)];
  });
  const head = ['member', 'weight', 'role', 'state', 'share', ''];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const render = (cells: string[]): string =>
    '  ' + cells.map((cell, c) => (c === 1 || c === 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  const lines = [header, style('dim', render(head)), ...rows.map(render)];
  if (shares.caveat) lines.push(style('dim', `  note: ${shares.caveat}`));
  return lines.join('\n');
}

function bar(share: number): string {
  const cells = Math.round(share * BAR_WIDTH);
  return '█'.repeat(cells);
}
