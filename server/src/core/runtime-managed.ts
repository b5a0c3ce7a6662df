/**
 * Pools whose members are managed at run time rather than written in the config: an nginx
 * upstream with a shared memory `zone` and a `state` file is filled through the NGINX Plus API
 * (or the state file) and keeps its members across reloads. Its shares cannot be predicted from
 * the config, and having no `server` line is how it is meant to be.
 */
import type { Pool } from './model';

/** Says how the members are managed (`zone dynamic + state /var/lib/nginx/state/dynamic.conf`), or undefined. */
export function runtimeManaged(pool: Pool): string | undefined {
  const { zone, state } = pool.facts;
  if (!zone || !state) return undefined;
  return `zone ${zone.value.split(/\s+/)[0]} + state ${state.value}`;
}

/** What the traffic engine says about a pool with no `server` line, instead of predicting shares. */
export function noServerCaveat(pool: Pool): string {
  const managed = runtimeManaged(pool);
  return managed
    ? `No server is written in the config: the members are managed at run time (${managed}), so their shares cannot be predicted from it.`
    : 'No server is written in the config: nginx -t fails with "no servers are inside upstream".';
}
