/**
 * Markdown that explains a pool or a member in traffic terms, for hovers.
 */
import { percent, trafficUnit } from '../../core/format';
import { activeMembers, type Member, type Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';
import { poolPercents } from './share-labels';

const ALGORITHM_NAMES: Record<string, string> = {
  'round-robin': 'smooth weighted round-robin',
  'least-conn': 'least connections',
  random: 'random',
  'random-two': 'random, two choices',
  'ip-hash': 'client-address hashing (ip_hash)',
  hash: 'key hashing',
  'consistent-hash': 'consistent (ketama) hashing',
  'static-rr': 'static weighted round-robin',
  'source-hash': 'client-address hashing',
  'uri-hash': 'URI hashing',
  'header-hash': 'header hashing',
  first: 'first available server',
  'weighted-split': 'traffic split',
};

/** What the pool is called in its dialect: `upstream`, `split`, HAProxy's `backend` or `listen`. */
export function poolWord(pool: Pool): string {
  if (pool.kind === 'split') return 'split';
  return pool.dialect === 'haproxy' ? pool.context : 'upstream';
}

export function algorithmName(pool: Pool): string {
  return ALGORITHM_NAMES[pool.algorithm] ?? pool.algorithm;
}

/**
 * A member: a short list rather than a table, which VS Code's hover draws without cell padding
 * ("weight predicted share fair share role state" read as one line). The share is the one the
 * inlay hint shows; the weight is given with the pool's total, not as a ratio, so it cannot read
 * as a second, different ratio beside the "5 of every 6 requests" of the explanation.
 */
export function describeMember(pool: Pool, index: number, shares: PoolShares): string {
  const member = pool.members[index]!;
  const active = activeMembers(pool);
  const totalWeight = active.reduce((sum, m) => sum + m.weight * m.peers, 0);
  const shown = poolPercents(shares.members.map((m) => m.share))[index] ?? '0%';
  const why = shares.members[index]?.why;
  const lines = [
    `**${member.name ? `${member.name}** (${member.address})` : `${member.address}**`} in ${poolWord(pool)} \`${pool.name}\` · ${algorithmName(pool)}`,
    '',
    `- **Predicted share:** ${shown} of ${trafficUnit(pool.algorithm)}`,
  ];
  if (pool.kind !== 'split') {
    const fair = active.includes(member) ? `${percent(1 / active.length)} (an even split between ${active.length} active ${active.length === 1 ? 'member' : 'members'})` : '0% (not an active member)';
    lines.push(`- **Fair share:** ${fair}`);
  }
  lines.push(`- **Weight:** ${weightText(pool, member, totalWeight)}`, `- **Role and state:** ${member.role}, ${member.state}`);
  if (why) lines.push('', why);
  if (shares.caveat) lines.push('', `_${shares.caveat}_`);
  return lines.join('\n');
}

/**
 * A pool: its members in a fenced block with aligned columns, readable in any editor's hover
 * (a Markdown table runs its columns together in VS Code's).
 */
export function describePool(pool: Pool, shares: PoolShares): string {
  const labels = poolPercents(shares.members.map((m) => m.share));
  const rows = pool.members.map((member, i) => {
    const note = member.role === 'backup' ? ' (backup)' : member.state !== 'up' ? ` (${member.state})` : '';
    return [`${member.address}${note}`, String(member.weight), labels[i] ?? '0%'];
  });
  const header = ['member', 'weight', 'share'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ').trimEnd();
  const lines = [
    `**${poolWord(pool)} ${pool.name}**${pool.dialect === 'haproxy' ? '' : ` (${pool.context})`} · ${algorithmName(pool)}` +
      (pool.algorithmText ? ` · \`${pool.algorithmText}\`` : ''),
    '',
    '```text',
    line(header),
    ...rows.map(line),
    '```',
  ];
  if (shares.caveat) lines.push('', `_${shares.caveat}_`);
  return lines.join('\n');
}

function weightText(pool: Pool, member: Member, totalWeight: number): string {
  if (pool.kind === 'split' && pool.dialect === 'nginx') return `${(member.weight / 100).toFixed(member.weight % 100 === 0 ? 0 : 2)}%`;
  const explicit = member.weightExplicit ? '' : ' (default)';
  return totalWeight > 0 ? `${member.weight}${explicit}; the active members' weights add up to ${totalWeight}` : `${member.weight}${explicit}`;
}
