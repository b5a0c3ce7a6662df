/**
 * `lb-drift route` for an ingress-nginx canary: the header and cookie rules decide a request the
 * way balancer.lua does; without them a weight of 0 or of the whole total decides too. A weight in
 * between is a random draw per request (math.random), which is refused with a reason.
 * Gateway API and Istio splits pick by weighted random in Envoy, so they are refused whole.
 */
import type { Pool } from '../../core/model';
import type { CreateRouterResult, RouteRequest, RouteResult } from '../types';

export function createKubernetesRouter(pool: Pool): CreateRouterResult {
  if (pool.dialect !== 'ingress-nginx' || pool.kind !== 'split' || pool.members.length !== 2) {
    return { ok: false, reason: `pool "${pool.name}" splits by weighted random choice per request (${pool.dialect}); use lb-drift shares for its shares` };
  }
  const fact = (name: string) => pool.facts[name]?.value;
  const header = fact('canary-by-header');
  const headerValue = fact('canary-by-header-value');
  const headerPattern = fact('canary-by-header-pattern');
  const cookie = fact('canary-by-cookie');
  const canaryWeight = pool.members[1]!.weight;
  const total = canaryWeight + pool.members[0]!.weight;
  let pattern: RegExp | undefined;
  try {
    pattern = headerPattern ? new RegExp(headerPattern) : undefined;
  } catch {
    pattern = undefined;
  }
  const route = (request: RouteRequest): RouteResult => {
    if (header) {
      const value = headerOf(request, header);
      if (value !== undefined) {
        if (headerValue) {
          if (value === headerValue) return { ok: true, member: 1 };
        } else if (headerPattern) {
          if (pattern?.test(value)) return { ok: true, member: 1 };
        } else if (value === 'always') return { ok: true, member: 1 };
        else if (value === 'never') return { ok: true, member: 0 };
      }
    }
    if (cookie) {
      const value = cookieOf(request, cookie);
      if (value === 'always') return { ok: true, member: 1 };
      if (value === 'never') return { ok: true, member: 0 };
    }
    if (canaryWeight <= 0) return { ok: true, member: 0 };
    if (canaryWeight >= total) return { ok: true, member: 1 };
    return { ok: false, reason: `no header or cookie decides this request, so the canary weight (${canaryWeight} of ${total}) draws at random` };
  };
  return { ok: true, router: { route } };
}

function headerOf(request: RouteRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function cookieOf(request: RouteRequest, name: string): string | undefined {
  const header = headerOf(request, 'cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
