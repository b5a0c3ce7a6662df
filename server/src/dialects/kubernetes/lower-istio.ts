/**
 * Istio: each VirtualService route (`http`, `tcp`, `tls`) is a split pool over its destinations
 * (host + subset + port); each DestinationRule is a pool of the host's pods (unknown offline, so
 * no members) carrying its load balancer, consistent hash, ring size and outlier detection, and
 * each subset with its own traffic policy, and each port of portLevelSettings, is one more such
 * pool. warmupDurationSecs and localityLbSetting are named in the pool's load balancer text.
 *
 * Weights as Istio applies them today (istio/api networking/v1alpha3/virtual_service.proto at
 * b8f8791d9653b2edc77a071d48887e582cfe84bf; istio/istio pilot/pkg/networking/core/route/route.go
 * and pkg/config/validation/validation.go at 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c): a
 * destination gets weight/(sum of weights); a lone destination gets everything whatever its
 * weight; with several, weight 0 (or no weight) gets nothing, and a route whose weights total 0
 * is rejected ("total destination weight = 0"). The sum no longer has to be 100.
 */
import type { Algorithm, HashSpec, Pool, Reference } from '../../core/model';
import { loc } from '../../core/span';
import type { ManifestObject } from './documents';
import { namespaceOf, qualifiedHost } from './names';
import { fact, makePool, splitMember } from './pool';
import { entries, get, items, number, path, spanOf, text, type At } from './yaml-nodes';

const ROUTE_SECTIONS = ['http', 'tcp', 'tls'] as const;

export function lowerVirtualService(file: string, object: ManifestObject, pools: Pool[], references: Reference[]): void {
  const namespace = namespaceOf(object.namespace);
  const spec = get(object.at, 'spec');
  for (const section of ROUTE_SECTIONS) {
    items(get(spec, section)).forEach((route, index) => {
      const destinations = items(get(route, 'route'));
      if (destinations.length === 0) return;
      const routeName = text(get(route, 'name'));
      const label = `${object.name} ${section}[${routeName ?? index}]`;
      const scope = `VirtualService ${namespace}/${object.name} > ${section} ${routeName ?? index}`;
      const members = destinations.flatMap((entry) => {
        const destination = get(entry, 'destination');
        const hostAt = get(destination, 'host');
        const host = text(hostAt);
        if (!host || !hostAt) return [];
        const qualified = qualifiedHost(host, namespace);
        const subsetAt = get(destination, 'subset');
        const subset = text(subsetAt);
        const port = text(path(destination, 'port', 'number'));
        references.push({ kind: 'destination', name: host, context: qualified, loc: loc(file, spanOf(entry)), nameLoc: loc(file, spanOf(hostAt)), scope });
        if (subset && subsetAt) {
          references.push({ kind: 'subset', name: subset, context: qualified, loc: loc(file, spanOf(entry)), nameLoc: loc(file, spanOf(subsetAt)), scope });
        }
        const weightAt = get(entry, 'weight');
        const weight = number(weightAt);
        return [
          splitMember(file, {
            address: `${host}${port ? `:${port}` : ''}${subset ? ` subset ${subset}` : ''}`,
            addressSpan: spanOf(hostAt),
            span: spanOf(entry),
            // An omitted weight is 0 in the proto; with a lone destination it does not matter.
            weight: weight ?? 0,
            ...(weight !== undefined && weightAt ? { weightSpan: spanOf(weightAt) } : {}),
          }),
        ];
      });
      if (members.length === 0) return;
      const facts: Record<string, ReturnType<typeof fact>> = {};
      const mirrorAt = get(route, 'mirror');
      const mirrorHost = get(mirrorAt, 'host');
      if (mirrorHost && text(mirrorHost)) {
        const mirrorSubset = text(get(mirrorAt, 'subset'));
        facts.mirror = fact(file, `${text(mirrorHost)!}${mirrorSubset ? ` subset ${mirrorSubset}` : ''}`, spanOf(mirrorHost));
        // Without mirrorPercentage Istio mirrors every request (virtual_service.proto, mirror_percentage).
        const percentAt = get(get(route, 'mirrorPercentage'), 'value');
        const percentage = number(percentAt);
        if (percentage !== undefined && percentAt) facts.mirrorPercentage = fact(file, String(percentage), spanOf(percentAt));
      }
      const matchAt = get(route, 'match');
      const matches = items(matchAt).map(istioMatchText).filter(Boolean);
      if (matches.length > 0 && matchAt) facts.matches = fact(file, matches.join(' or '), spanOf(matchAt));
      const attempts = number(path(route, 'retries', 'attempts'));
      const retriesAt = get(route, 'retries');
      if (attempts !== undefined && retriesAt) facts.retries = fact(file, String(attempts), spanOf(retriesAt));
      pools.push(
        makePool(file, {
          key: `VirtualService ${namespace}/${object.name} ${section} ${routeName ?? index}`,
          name: label,
          dialect: 'istio',
          kind: 'split',
          context: 'VirtualService',
          span: spanOf(route),
          nameSpan: object.nameSpan,
          algorithm: 'weighted-split',
          algorithmText: 'route weights',
          members,
          facts,
        }),
      );
    });
  }
}

export function lowerDestinationRule(file: string, object: ManifestObject, pools: Pool[]): void {
  const namespace = namespaceOf(object.namespace);
  const spec = get(object.at, 'spec');
  const hostAt = get(spec, 'host');
  const host = text(hostAt);
  if (!host || !hostAt) return;
  const qualified = qualifiedHost(host, namespace);
  const subsets = items(get(spec, 'subsets'));
  const policy = get(spec, 'trafficPolicy');
  const base = {
    file,
    host: qualified,
    subsets: subsets.map((s) => text(get(s, 'name')) ?? '').filter(Boolean),
    subsetsSpan: get(spec, 'subsets') ? spanOf(get(spec, 'subsets')!) : undefined,
  };
  pools.push(policyPool(base, `DestinationRule ${namespace}/${object.name}`, host === object.name ? object.name : `${object.name} (${host})`, spanOf(object.at), spanOf(hostAt), policy));
  for (const subset of subsets) {
    const subsetPolicy = get(subset, 'trafficPolicy');
    const nameAt = get(subset, 'name');
    const name = text(nameAt);
    if (!subsetPolicy || !name || !nameAt) continue;
    // A subset's policy replaces the rule's for that subset (Istio does not merge them field by field).
    pools.push(policyPool({ ...base, subsets: [name] }, `DestinationRule ${namespace}/${object.name} subset ${name}`, `${object.name} subset ${name}`, spanOf(subset), spanOf(nameAt), subsetPolicy));
  }
  // A port's settings apply to the traffic of that port only; the subsets are the rule's, so
  // no-health-check reports the rule once, not once more per port.
  for (const setting of items(get(policy, 'portLevelSettings'))) {
    const portAt = path(setting, 'port', 'number');
    const port = number(portAt);
    if (port === undefined || !portAt) continue;
    const portPool = policyPool({ ...base, subsets: [] }, `DestinationRule ${namespace}/${object.name} port ${port}`, `${object.name} port ${port}`, spanOf(setting), spanOf(portAt), setting);
    pools.push(get(policy, 'outlierDetection') && !portPool.health.passive ? { ...portPool, health: { ...portPool.health, passive: true } } : portPool);
  }
}

interface PolicyBase {
  readonly file: string;
  readonly host: string;
  readonly subsets: readonly string[];
  readonly subsetsSpan?: { start: number; end: number } | undefined;
}

function policyPool(base: PolicyBase, key: string, name: string, span: { start: number; end: number }, nameSpan: { start: number; end: number }, policy: At | undefined): Pool {
  const { file } = base;
  const lb = get(policy, 'loadBalancer');
  const simpleAt = get(lb, 'simple');
  const simple = text(simpleAt);
  const hashAt = get(lb, 'consistentHash');
  const facts: Record<string, ReturnType<typeof fact>> = { host: fact(file, base.host, nameSpan) };
  if (base.subsets.length > 0) facts.subsets = fact(file, base.subsets.join(','), base.subsetsSpan ?? nameSpan);
  const outlier = get(policy, 'outlierDetection');
  if (outlier) facts.outlierDetection = fact(file, 'set', spanOf(outlier));
  let algorithm: Algorithm = 'least-conn';
  let algorithmText = 'LEAST_REQUEST (Istio default)';
  let algorithmSpan = simpleAt ? spanOf(simpleAt) : undefined;
  let hash: HashSpec | undefined;
  if (simple) {
    algorithmText = simple;
    algorithm = simple === 'ROUND_ROBIN' ? 'round-robin' : simple === 'RANDOM' ? 'random' : simple === 'PASSTHROUGH' ? 'first' : 'least-conn';
  } else if (hashAt) {
    const maglev = get(hashAt, 'maglev');
    algorithm = maglev ? 'maglev' : 'ring-hash';
    algorithmText = `consistentHash (${maglev ? 'maglev' : 'ringHash'})`;
    algorithmSpan = spanOf(hashAt);
    hash = hashKeyOf(file, hashAt);
    const ringSizeAt = path(hashAt, 'ringHash', 'minimumRingSize') ?? get(hashAt, 'minimumRingSize');
    const ringSize = number(ringSizeAt);
    if (ringSize !== undefined && ringSizeAt) facts.minimumRingSize = fact(file, String(ringSize), spanOf(ringSizeAt));
  }
  // Both change how the pods share traffic over time or place, which no manifest can predict.
  const warmupAt = get(lb, 'warmupDurationSecs');
  const warmup = text(warmupAt);
  if (warmup && warmupAt) {
    facts.warmupDurationSecs = fact(file, warmup, spanOf(warmupAt));
    algorithmText += `, warmupDurationSecs ${warmup} (a new pod's share ramps up over that time)`;
  }
  const localityAt = get(lb, 'localityLbSetting');
  if (localityAt && text(get(localityAt, 'enabled')) !== 'false') {
    facts.localityLbSetting = fact(file, 'set', spanOf(localityAt));
    algorithmText += ', localityLbSetting (pods in the client\'s locality first, by its distribute/failover rules)';
  }
  return makePool(file, {
    key,
    name,
    dialect: 'istio',
    kind: 'members',
    context: 'DestinationRule',
    span,
    nameSpan,
    algorithm,
    algorithmText,
    ...(algorithmSpan ? { algorithmSpan } : {}),
    ...(hash ? { hash } : {}),
    members: [],
    health: { active: false, passive: outlier !== undefined, passiveDisabledAt: [] },
    facts,
  });
}

/** The request property a consistent hash keys on, as a short key: `source-ip`, `header x-user`. */
function hashKeyOf(file: string, hashAt: At): HashSpec | undefined {
  for (const { key, keyAt, value } of entries(hashAt)) {
    const keyLoc = loc(file, { start: spanOf(keyAt).start, end: spanOf(value).end });
    if (key === 'useSourceIp' && text(value) === 'true') return { key: 'source-ip', keyLoc, consistent: true };
    if (key === 'httpHeaderName') return { key: `header ${text(value) ?? ''}`, keyLoc, consistent: true };
    if (key === 'httpCookie') return { key: `cookie ${text(get(value, 'name')) ?? ''}`, keyLoc, consistent: true };
    if (key === 'httpQueryParameterName') return { key: `query ${text(value) ?? ''}`, keyLoc, consistent: true };
  }
  return undefined;
}

/** One Istio route match in words: `uri prefix /api, header end-user`, `sniHosts a.example`, `port 8080`. */
function istioMatchText(match: At): string {
  const parts: string[] = [];
  for (const { key, value } of entries(match)) {
    if (key === 'uri' || key === 'authority' || key === 'method' || key === 'scheme') {
      const [how] = entries(value);
      if (how) parts.push(`${key} ${how.key} ${text(how.value) ?? ''}`.trim());
    } else if (key === 'headers' || key === 'queryParams') {
      for (const header of entries(value)) parts.push(`${key === 'headers' ? 'header' : 'query'} ${header.key}`);
    } else if (key === 'sniHosts') {
      parts.push(`sniHosts ${items(value).map((h) => text(h) ?? '').join(', ')}`);
    } else if (key === 'port' || key === 'sourceLabels' || key === 'gateways') {
      parts.push(key === 'port' ? `port ${text(value) ?? ''}` : key);
    }
  }
  return parts.join(', ');
}
