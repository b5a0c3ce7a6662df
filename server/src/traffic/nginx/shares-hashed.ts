/**
 * Shares of nginx's hashing methods: ip_hash (exact over all IPv4 /24 networks), map-based
 * `hash` (exact over the 32768 hash values; rehashing past down members modelled) and
 * `hash ... consistent` (exact arcs of the ring). Requests that exhaust their attempts are spread
 * by round-robin, which also serves the backups when no primary can.
 */
import type { Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';
import { addRoundRobin, assemble, perMember } from './assemble';
import { chashShares } from './chash';
import { percent } from '../format';
import { POINTS_PER_WEIGHT, RING_POINT_LIMIT } from './ketama';
import type { RingEstimate } from './ring-estimate';
import { HASH_VALUES, mapHashShares } from './hash-map';
import { IPV4_NETWORKS, ipHashCountsCached } from './ip-hash';
import type { PeerLists } from './peers';
import type { Wording } from './share-words';

function isSingle(lists: PeerLists): boolean {
  return lists.primary.length === 1 && lists.backup.length === 0;
}

function allRoundRobin(pool: Pool, lists: PeerLists): Float64Array {
  const shares = new Float64Array(pool.members.length);
  addRoundRobin(shares, lists, 1);
  return shares;
}

const anyDown = (lists: PeerLists): boolean => lists.primary.some((p) => !p.up);

export function ipHashPoolShares(pool: Pool, lists: PeerLists, wording: Wording): PoolShares {
  const caveats = ['ip_hash shares are fractions of IPv4 /24 client networks; real traffic depends on how many requests each network sends.'];
  if (isSingle(lists)) {
    return assemble(pool, lists, { shares: allRoundRobin(pool, lists), why: () => 'ip_hash with a single server: every client goes to it', caveats }, wording);
  }
  const counts = ipHashCountsCached(lists.primary);
  const networks = perMember(pool, lists.primary, counts.byPeer);
  const shares = networks.map((n) => n / IPV4_NETWORKS);
  addRoundRobin(shares, lists, counts.fallback / IPV4_NETWORKS);
  const rerouted = anyDown(lists) ? ', clients hashing to down members included' : '';
  return assemble(pool, lists, {
    shares,
    why: (index, share) => {
      const whole = Number.isInteger(networks[index]!) && counts.fallback === 0;
      const count = whole ? ` (${networks[index]} of ${IPV4_NETWORKS})` : '';
      return `ip_hash: ${percent(share)} of IPv4 /24 client networks${count}${rerouted}`;
    },
    caveats,
  }, wording);
}

export function mapHashPoolShares(pool: Pool, lists: PeerLists, wording: Wording): PoolShares {
  const caveats = ['hash shares assume the keys spread evenly over crc32 values; a few hot keys can dominate real traffic.'];
  if (isSingle(lists)) {
    return assemble(pool, lists, { shares: allRoundRobin(pool, lists), why: () => 'hash with a single server: every request goes to it', caveats }, wording);
  }
  const result = mapHashShares(lists.primary);
  const shares = perMember(pool, lists.primary, result.byPeer);
  addRoundRobin(shares, lists, result.fallback);
  const firstValues = perMember(pool, lists.primary, result.firstValues);
  const down = anyDown(lists);
  if (down) {
    caveats.push(
      'Keys that hash to a down member are rehashed with crc32 of the retry number and the key; lb-drift treats those rehashes as independent, evenly spread values.',
    );
  }
  if (result.approximate) caveats.push('The total weight is too large to follow every rehash exactly; rehashed keys are spread by weight.');
  return assemble(pool, lists, {
    shares,
    why: (index, share) =>
      down
        ? `map-based hash: ${percent(share)} of keys (${firstValues[index]} of ${HASH_VALUES} hash values on the first attempt, plus keys rehashed away from down members)`
        : `map-based hash: ${firstValues[index]} of the ${HASH_VALUES} key hash values (${percent(share)})`,
    caveats,
  }, wording);
}

export function chashPoolShares(pool: Pool, lists: PeerLists, wording: Wording): PoolShares {
  const caveats = ['Consistent-hash shares assume the keys spread evenly over crc32 values; a few hot keys can dominate real traffic.'];
  if (isSingle(lists)) {
    return assemble(pool, lists, { shares: allRoundRobin(pool, lists), why: () => 'consistent hash with a single server: every request goes to it', caveats }, wording);
  }
  const result = chashShares(lists.primary);
  const shares = perMember(pool, lists.primary, result.byPeer);
  addRoundRobin(shares, lists, result.fallback);
  // Per member: what its address owns on the ring (peers of one member share the address).
  const owned = new Float64Array(pool.members.length);
  const points = new Float64Array(pool.members.length);
  for (let i = 0; i < lists.primary.length; i++) {
    const member = lists.primary[i]!.member;
    owned[member] = result.ownedByPeer[i]!;
    points[member] = result.pointsByPeer[i]!;
  }
  return assemble(pool, lists, {
    shares,
    why: (index, share) => {
      const about = result.estimate ? 'about ' : '';
      const base = `consistent hash ring: owns ${about}${percent(owned[index]!)} of the ring (${pointText(points[index]!)} points)`;
      const extra = share - owned[index]!;
      return extra > 1e-9 ? `${base} and takes ${about}${percent(extra)} more from down members next to it` : base;
    },
    caveats,
    ...(result.estimate ? { estimated: ringEstimateText(result.estimate) } : {}),
  }, wording);
}

/** A point count; past 2^53 a double is no longer exact, so it is given in powers of ten. */
function pointText(points: number): string {
  return points <= Number.MAX_SAFE_INTEGER ? String(points) : points.toExponential(3).replace('e+', 'e');
}

/** The sentence that says a ring's shares are estimated, how, and how close they are. */
export function ringEstimateText(estimate: RingEstimate): string {
  return (
    `Estimated: the ring has ${pointText(estimate.points)} points (${POINTS_PER_WEIGHT} per unit of weight), more than the ` +
    `${RING_POINT_LIMIT} lb-drift builds exactly, so each member is given its share of the points (its weight share); ` +
    `with points spread like crc32 values, a ring this large is within ±${percentSpread(estimate.spread)} of that.`
  );
}

/** A small spread in percentage points, with enough digits to not read as zero. */
function percentSpread(spread: number): string {
  const points = spread * 100;
  return `${points >= 0.01 ? points.toFixed(2) : points.toPrecision(1)} percentage points`;
}
