/**
 * Hover and inline labels for the members of Kubernetes traffic splits (an Istio destination, a
 * Gateway API backendRef, an ingress-nginx main or canary Service): the share, how the system
 * computes it (Istio's weight normalisation, Gateway API's default weight of 1, the canary weight
 * against its total), the rest of the split, where the other side of a canary is written when
 * it is in another file, and what the traffic reaches in the end (a destination listed twice, the
 * DestinationRule that defines a subset).
 */
import { percent } from '../../core/format';
import type { Member, Model, Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';
import { KUBERNETES_POOL_DIALECTS } from '../../traffic/kubernetes/shares';
import { pathToUri } from '../uris';
import { poolPercents } from './share-labels';

const SYSTEMS: Record<string, string> = { istio: 'Istio', 'gateway-api': 'Gateway API', 'ingress-nginx': 'ingress-nginx canary' };

export function isKubernetesSplit(pool: Pool): boolean {
  return pool.kind === 'split' && KUBERNETES_POOL_DIALECTS.has(pool.dialect);
}

/** The split in the system's words: `VirtualService reviews http[canary]`, `the canary split of web.example.com /`. */
function splitName(pool: Pool): string {
  return pool.dialect === 'ingress-nginx' ? `the canary split of \`${pool.name}\`` : `${pool.context} \`${pool.name}\``;
}

/**
 * The member that stands for an Ingress written in another file: the main Ingress in a canary's
 * file, the canary in a main Ingress's file. Its label names it, since it has no line here.
 */
function elsewhere(pool: Pool, index: number): string | undefined {
  if (pool.dialect !== 'ingress-nginx') return undefined;
  if (index === 0 && pool.facts.mainFile) return pool.facts.mainFile.value;
  if (index === 1 && pool.facts.canaryFile) return pool.facts.canaryFile.value;
  return undefined;
}

/** The inlay label of a member: `≈ 20%`, or `canary web/web-canary web-v2:80 ≈ 20%` for one written elsewhere. */
export function memberHintLabel(pool: Pool, index: number, shown: string): string {
  const member = pool.members[index]!;
  return elsewhere(pool, index) !== undefined ? `${member.name ?? ''} ${member.address} ≈ ${shown}`.trimStart() : `≈ ${shown}`;
}

/**
 * The pool label of a Kubernetes pool, where it goes: a route's split at the end of the route's
 * first line (a VirtualService's routes share its name, so a label there would repeat), in the
 * system's words (`Istio route · 3 destinations`); a pool of pods by its load balancer alone,
 * since its pods are in no manifest (not "0 members"). Undefined for other dialects.
 */
export function kubernetesPoolHint(pool: Pool, text: string): { offset: number; label: string } | undefined {
  if (!KUBERNETES_POOL_DIALECTS.has(pool.dialect)) return undefined;
  if (pool.kind !== 'split') return { offset: pool.nameLoc.end, label: pool.algorithmText || pool.algorithm };
  const count = pool.members.length;
  if (pool.dialect === 'ingress-nginx') return { offset: pool.nameLoc.end, label: `canary split · ${pool.algorithmText}` };
  const lineEnd = text.slice(pool.loc.start).search(/\r?\n|\r/);
  const offset = lineEnd < 0 ? pool.loc.end : pool.loc.start + lineEnd;
  return pool.dialect === 'istio'
    ? { offset, label: `Istio route · ${count} ${count === 1 ? 'destination' : 'destinations'}` }
    : { offset, label: `Gateway API rule · ${count} ${count === 1 ? 'backendRef' : 'backendRefs'}` };
}

export function describeKubernetesMember(pool: Pool, index: number, shares: PoolShares, model?: Model): string {
  const member = pool.members[index]!;
  const shown = poolPercents(shares.members.map((m) => m.share));
  const name = member.name ? `${member.name}** (${member.address})` : `${member.address}**`;
  const lines = [`**${name} in ${splitName(pool)} · ${SYSTEMS[pool.dialect] ?? pool.dialect}`, '', `- **Share:** ${shown[index] ?? '0%'} of the split's requests`];
  const why = shares.members[index]?.why;
  if (why) lines.push(`- **How:** ${why}`);
  const others = pool.members.flatMap((m, i) => (i === index ? [] : [`${m.name ? `${m.name} ` : ''}${m.address} ${shown[i] ?? '0%'}`]));
  if (others.length > 0) lines.push(`- **The rest of the split:** ${others.join(', ')}`);
  for (const [i, m] of pool.members.entries()) {
    const file = elsewhere(pool, i);
    if (file) lines.push(`- **${i === 0 ? 'Main Ingress' : `Canary Ingress ${(m.name ?? '').replace(/^canary /, '')}`}:** in [${baseName(file)}](${pathToUri(file)})`);
  }
  if (model) lines.push(...finalDestination(model, pool, index, shares));
  if (shares.caveat) lines.push('', `_${shares.caveat}_`);
  return lines.join('\n');
}

/**
 * What the member's traffic reaches in the end: the same destination listed more than once in
 * the split (a short and a qualified host, say) gets the sum of its shares; an Istio subset is
 * the DestinationRule's, whose load balancer then shares it between the subset's pods.
 */
function finalDestination(model: Model, pool: Pool, index: number, shares: PoolShares): string[] {
  const identities = pool.members.map((m) => identityOf(model, m));
  const mine = identities[index]!;
  const same = identities.flatMap((identity, i) => (identity.key === mine.key ? [i] : []));
  const lines: string[] = [];
  if (same.length > 1) {
    const parts = same.map((i) => percent(shares.members[i]?.share ?? 0));
    const total = same.reduce((sum, i) => sum + (shares.members[i]?.share ?? 0), 0);
    lines.push(`- **End to end:** ${mine.key} is listed ${same.length} times in this split, together ${percent(total)} (${parts.join(' + ')})`);
  }
  const subset = mine.subset && model.definitions?.find((d) => d.kind === 'subset' && d.scope === mine.subset!.host && d.name === mine.subset!.name);
  if (subset) lines.push(`- **Subset:** ${subset.label.replace(/^subset \S+ of /, '')} in [${baseName(subset.file)}](${pathToUri(subset.file)}) selects its pods; its load balancer shares this traffic between them`);
  return lines;
}

/** A destination as the system resolves it: qualified host, port and subset; namespace, name and port. */
function identityOf(model: Model, member: Member): { key: string; subset?: { host: string; name: string } } {
  const at = model.references.filter((r) => r.loc.file === member.loc.file && r.loc.start === member.loc.start && r.loc.end === member.loc.end);
  const port = /:(\d+)(?= subset |$)/.exec(member.address)?.[0] ?? '';
  const destination = at.find((r) => r.kind === 'destination');
  const subset = at.find((r) => r.kind === 'subset');
  if (destination) {
    return { key: `${destination.context}${port}${subset ? ` subset ${subset.name}` : ''}`, ...(subset ? { subset: { host: destination.context, name: subset.name } } : {}) };
  }
  const backend = at.find((r) => r.kind === 'backendRef');
  return { key: backend ? `${backend.context}/${backend.name}${port}` : member.address };
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
