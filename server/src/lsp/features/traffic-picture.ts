/**
 * The traffic view's data: every pool of the document with current and stable shares, what each
 * change means, backends listed more than once grouped with their combined share, and the pools
 * that drifted first. The client only draws it (it computes no shares and no differences).
 */
import type { Member, Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';
import { matchPools, type PoolPair } from '../../drift/match';
import type { TrafficPictureRequest } from '../../protocol/messages';
import { memberIdentity } from '../../traffic';
import type { DocumentAnalysis } from '../document-analysis';

/** Share changes below half a tenth of a point are rounding, not drift. */
const NO_CHANGE = 0.0005;

type PictureMember = TrafficPictureRequest.Member;
type PicturePool = TrafficPictureRequest.Pool;

export function trafficPools(analysis: DocumentAnalysis): PicturePool[] {
  const { report } = analysis;
  if (!report.model) return [];
  const stable = report.stable;
  const pools = matchPools(stable?.model, report.model).map((pair) =>
    poolPicture(pair, pair.current && report.shares(pair.current), pair.stable && stable?.shares(pair.stable), stable !== undefined),
  );
  // A stable sort: drifted pools first, each group in the order of the file.
  return [...pools.filter((p) => p.drifted), ...pools.filter((p) => !p.drifted)];
}

function poolPicture(pair: PoolPair, currentShares: PoolShares | undefined, stableShares: PoolShares | undefined, comparing: boolean): PicturePool {
  const pool = (pair.current ?? pair.stable)!;
  const rows = pair.members.map((m): PictureMember & { readonly identity: string } => {
    const current = m.currentIndex !== undefined ? (currentShares?.members[m.currentIndex]?.share ?? 0) : undefined;
    const stable = m.stableIndex !== undefined ? (stableShares?.members[m.stableIndex]?.share ?? 0) : undefined;
    const moved = current !== undefined && stable !== undefined && Math.abs(current - stable) >= NO_CHANGE;
    const trend = moved ? trendOf(pair, m.current!, current, m.stable!, stable) : undefined;
    return {
      identity: memberIdentity((m.current ?? m.stable)!, pool),
      address: (m.current ?? m.stable)!.address,
      ...(current !== undefined ? { current } : {}),
      ...(stable !== undefined ? { stable } : {}),
      ...(moved ? { change: current - stable } : {}),
      ...(trend ? { trend } : {}),
    };
  });
  const members = groupRepeats(rows);
  const only = !comparing ? undefined : !pair.stable ? 'current' : !pair.current ? 'stable' : undefined;
  const drifted = comparing && (only !== undefined || members.some((m) => m.change !== undefined || m.current === undefined || m.stable === undefined));
  return {
    name: pool.name,
    context: pool.context,
    algorithm: pool.algorithmText || pool.algorithm,
    members,
    drifted,
    ...(only ? { only } : {}),
  };
}

/**
 * Whether a member moved away from an even share (`skew`) or toward it (`even`): its distance
 * from the fair share (one over the primary members on that side) grew or shrank. A traffic
 * split is uneven on purpose, so its changes have no trend.
 */
function trendOf(pair: PoolPair, now: Member, current: number, then: Member, stable: number): 'skew' | 'even' | undefined {
  if (!pair.current || !pair.stable || pair.current.kind === 'split') return undefined;
  const before = Math.abs(stable - fairShare(pair.stable, then));
  const after = Math.abs(current - fairShare(pair.current, now));
  if (Math.abs(after - before) < NO_CHANGE) return undefined;
  return after > before ? 'skew' : 'even';
}

function fairShare(pool: Pool, member: Member): number {
  if (member.role === 'backup') return 0;
  const primaries = pool.members.filter((m) => m.role !== 'backup').length;
  return primaries > 0 ? 1 / primaries : 0;
}

/**
 * Rows of one backend listed more than once are moved together (after its first listing) and
 * marked with the listing number and the backend's combined shares.
 */
function groupRepeats(rows: readonly (PictureMember & { readonly identity: string })[]): PictureMember[] {
  const byIdentity = new Map<string, (PictureMember & { readonly identity: string })[]>();
  for (const row of rows) {
    const group = byIdentity.get(row.identity);
    if (group) group.push(row);
    else byIdentity.set(row.identity, [row]);
  }
  const out: PictureMember[] = [];
  for (const group of byIdentity.values()) {
    if (group.length === 1) {
      const { identity: _, ...row } = group[0]!;
      out.push(row);
      continue;
    }
    const combined = (side: 'current' | 'stable') =>
      group.some((r) => r[side] !== undefined) ? { [side]: group.reduce((sum, r) => sum + (r[side] ?? 0), 0) } : {};
    group.forEach(({ identity: _, ...row }, i) => {
      out.push({ ...row, repeat: { listing: i + 1, of: group.length, ...combined('current'), ...combined('stable') } });
    });
  }
  return out;
}
