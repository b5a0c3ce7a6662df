/**
 * Per-request routing for HAProxy backends: a fresh HAProxy with one thread, every server that
 * the config does not disable healthy, and one request at a time.
 */
import type { Pool } from '../../core/model';
import type { CreateRouterResult, RouteRequest, RouteResult } from '../types';
import { balancerOf, firstServer, HASHING, hashLookup, LeastConnRotation } from './balancer';
import { FwrrPicker } from './fwrr';
import { ServerMap } from './map';
import { compileHashKey } from './request-key';
import { pinningOf, ruleText } from './server-rules';
import type { HaServer } from './servers';

export function createHaproxyRouter(pool: Pool): CreateRouterResult {
  if (pool.members.length === 0) return { ok: false, reason: `backend "${pool.name}" has no servers` };
  const pinning = pinningOf(pool);
  if (pinning.kind === 'undecided') {
    return {
      ok: false,
      reason: `backend "${pool.name}" sends some requests to server ${pinning.rule.name} before balancing ("${ruleText(pinning.rule)}"), and lb-drift cannot evaluate that condition without HAProxy's ACLs, so route does not guess`,
    };
  }
  if (pinning.kind === 'pinned') {
    const member = pinning.member;
    return { ok: true, router: { route: () => ({ ok: true, member }) } };
  }
  const balancer = balancerOf(pool);
  const { group } = balancer;
  if (!group) {
    const reason = `no server of backend "${pool.name}" can serve (all are disabled or have weight 0), so HAProxy answers 503`;
    return { ok: true, router: { route: () => ({ ok: false, reason }) } };
  }
  const answer = (server: HaServer | undefined): RouteResult =>
    server ? { ok: true, member: server.member } : { ok: false, reason: `backend "${pool.name}" has no server to pick` };
  const router = (route: (request: RouteRequest) => RouteResult): CreateRouterResult => ({ ok: true, router: { route } });

  switch (pool.algorithm) {
    case 'round-robin': {
      const fwrr = new FwrrPicker(group);
      return router(() => answer(fwrr.pick()));
    }
    case 'static-rr': {
      const map = new ServerMap(group, balancer.servers);
      return router(() => answer(map.next()));
    }
    case 'least-conn': {
      const rotation = new LeastConnRotation(group);
      return router(() => answer(rotation.pick()));
    }
    case 'first': {
      const first = firstServer(group);
      return router(() => answer(first));
    }
    case 'random':
      return {
        ok: false,
        reason: `backend "${pool.name}" uses random balancing, which cannot be replayed request by request; use "lb-drift shares" for its expected shares`,
      };
    default:
      break;
  }
  if (!HASHING.has(pool.algorithm) || !pool.hash) {
    return { ok: false, reason: `backend "${pool.name}" uses ${pool.algorithm} balancing, which lb-drift does not replay request by request yet` };
  }
  const key = compileHashKey(pool.hash.key, pool.hash.function);
  if ('error' in key) return { ok: false, reason: `backend "${pool.name}": ${key.error}` };
  const lookup = hashLookup(pool, { ...balancer, group });
  return router((request) => {
    // HAProxy does not hash when a single server can serve: hash 0 picks it.
    if (balancer.used === 1 && key.skipsWithOneServer) return answer(lookup.byHash(0));
    const result = key.hash(request);
    if (result.kind === 'error') return { ok: false, reason: result.reason };
    return answer(result.kind === 'hash' ? lookup.byHash(result.hash) : lookup.next());
  });
}
