/**
 * Pools whose members are managed at run time rather than written in the config: an nginx
 * upstream with a shared memory `zone` and a `state` file is filled through the NGINX Plus API
 * (or the state file) and keeps its members across reloads. Its shares cannot be predicted from
 * the config, and having no `server` line is how it is meant to be.
 */
import type { Model, Pool } from './model';

/**
 * Says how the members are managed (`zone dynamic + state /var/lib/nginx/state/dynamic.conf`), or
 * undefined. A `zone` without a `state` file counts too when the configuration is written for NGINX
 * Plus (it uses directives only Plus has, such as `status_zone` or `health_check`): Plus demos and
 * API-driven set-ups fill such upstreams through the API and never write a `server` line.
 */
export function runtimeManaged(pool: Pool, model?: Model): string | undefined {
  const { zone, state } = pool.facts;
  if (!zone) return undefined;
  const name = zone.value.split(/\s+/)[0];
  if (state) return `zone ${name} + state ${state.value}`;
  const plus = model ? commercialDirectives(model) : [];
  if (plus.length === 0) return undefined;
  return `zone ${name}; the configuration is written for NGINX Plus (${plus.slice(0, 3).join(', ')})`;
}

/** Names of directives in the model that only the commercial build accepts, in order of first use. */
export function commercialDirectives(model: Model): string[] {
  const names = new Set<string>();
  for (const note of model.directiveNotes ?? []) {
    if (note.builds.length > 0 && note.builds.every((b) => b.edition === 'commercial')) names.add(note.name);
  }
  return [...names];
}

/**
 * What the traffic engine says about a pool with no `server` line, instead of predicting shares.
 * It sees the pool alone, so with a `zone` and no `state` it states both builds' behaviour.
 */
export function noServerCaveat(pool: Pool): string {
  const managed = runtimeManaged(pool);
  if (managed) return `No server is written in the config: the members are managed at run time (${managed}), so their shares cannot be predicted from it.`;
  if (pool.facts.zone) {
    return 'No server is written in the config: open-source nginx -t fails with "no servers are inside upstream"; under NGINX Plus the members are added at run time through its API, so their shares cannot be predicted from the config.';
  }
  return 'No server is written in the config: nginx -t fails with "no servers are inside upstream".';
}
