/**
 * Per-request routing: a fresh nginx balancer with one worker, healthy members (except those the
 * config marks down) and no concurrency. Round-robin state advances with every request and is
 * shared with the hash methods' round-robin fallback, as in nginx.
 */
import type { Pool } from '../../core/model';
import { ChashPicker, ringBuildable } from './chash';
import { POINTS_PER_WEIGHT, RING_POINT_LIMIT } from './ketama';
import { MapHashPicker } from './hash-map';
import { IpHashPicker } from './ip-hash';
import { compileKey, evaluateKey, type CompiledKey } from './variables';
import { NginxRequest } from './request';
import { expandPeers, type Peer } from './peers';
import { splitParts, splitPick } from './split';
import { RoundRobinPicker } from './swrr';
import type { CreateRouterResult, RouteRequest, RouteResult } from '../types';

function refuse(reason: string): CreateRouterResult {
  return { ok: false, reason };
}

function routerOf(route: (request: RouteRequest) => RouteResult): CreateRouterResult {
  return { ok: true, router: { route } };
}

function compiledKeyOf(pool: Pool): { ok: true; key: CompiledKey } | { ok: false; reason: string } {
  if (!pool.hash) return { ok: false, reason: `pool "${pool.name}" uses ${pool.algorithm} balancing but has no hash key` };
  const compiled = compileKey(pool.hash.key, pool.context === 'stream' ? 'stream' : 'http');
  return compiled.ok ? compiled : { ok: false, reason: `pool "${pool.name}": ${compiled.reason}` };
}

export function createNginxRouter(pool: Pool): CreateRouterResult {
  if (pool.members.length === 0) return refuse(`pool "${pool.name}" has no members`);
  const lists = expandPeers(pool);
  const rr = new RoundRobinPicker(lists);
  const unavailable: RouteResult = {
    ok: false,
    reason: `no member of pool "${pool.name}" can serve (all are down), so nginx answers 502`,
  };
  const answer = (peer: Peer | undefined): RouteResult => (peer ? { ok: true, member: peer.member } : unavailable);

  switch (pool.algorithm) {
    case 'round-robin':
    // least_conn with no requests in flight ties every peer at zero connections and breaks the
    // tie with smooth weighted round-robin, starting from the first peer: the same picks.
    case 'least-conn':
      return routerOf(() => answer(rr.pick()));
    case 'random':
    case 'random-two':
      return refuse(
        `pool "${pool.name}" uses random balancing, which cannot be replayed request by request; use "lb-drift shares" for its expected shares`,
      );
    case 'ip-hash': {
      const picker = new IpHashPicker(lists, rr);
      return routerOf((request) => {
        const address = new NginxRequest(request).clientAddress('ip_hash');
        return address.ok ? answer(picker.pick(address.bytes)) : address;
      });
    }
    case 'hash':
    case 'consistent-hash': {
      const key = compiledKeyOf(pool);
      if (!key.ok) return refuse(key.reason);
      const single = lists.primary.length === 1 && lists.backup.length === 0;
      if (pool.algorithm === 'consistent-hash' && !single && !ringBuildable(lists.primary)) {
        return refuse(
          `pool "${pool.name}": its consistent-hash ring (${POINTS_PER_WEIGHT} points per unit of weight) has more than the ` +
            `${RING_POINT_LIMIT} points lb-drift builds, so requests cannot be replayed exactly; "lb-drift shares" gives its estimated shares`,
        );
      }
      const picker = pool.algorithm === 'hash' ? new MapHashPicker(lists, rr) : new ChashPicker(lists, rr);
      return routerOf((request) => {
        const value = evaluateKey(key.key, request);
        return value.ok ? answer(picker.pick(value.bytes)) : value;
      });
    }
    case 'weighted-split': {
      if (pool.kind !== 'split' || !pool.hash) {
        return refuse(`pool "${pool.name}" splits traffic at random by weight, which cannot be replayed request by request`);
      }
      const key = compiledKeyOf(pool);
      if (!key.ok) return refuse(key.reason);
      const parts = splitParts(pool);
      return routerOf((request) => {
        const value = evaluateKey(key.key, request);
        if (!value.ok) return value;
        const member = splitPick(parts, value.bytes);
        return member >= 0
          ? { ok: true, member }
          : { ok: false, reason: `the key hashes past the listed percentages, so split_clients leaves $${pool.name.replace(/^\$/, '')} empty` };
      });
    }
    default:
      return refuse(`pool "${pool.name}" uses ${pool.algorithm} balancing, which lb-drift does not replay request by request yet`);
  }
}
