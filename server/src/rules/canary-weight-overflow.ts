import type { Definition } from '../core/model';
import { defineRule } from '../core/rule';
import { fileName } from './kubernetes/split-text';

const rule = defineRule({
  meta: {
    id: 'canary-weight-overflow',
    title: 'An ingress-nginx canary takes everything, or competes with another canary',
    severity: 'warning',
    dialects: ['kubernetes'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports an ingress-nginx canary whose `canary-weight` reaches its total (`canary-weight-total`, 100 by default; balancer.lua draws `math.random(total) <= weight`, so the canary then takes 100% of the requests no header or cookie decides), and a second canary Ingress for the same host and path (ingress-nginx refuses it: "host and path is already defined", and a balancer uses one alternative backend only).',
      whyItMatters:
        'A canary is meant to see a slice of traffic. A weight of 150 over a total of 100, or 20 where the total was meant to be 10 but is left at its default, sends every user to the untested version; a second canary for the same path is silently not used.',
      example:
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - host: web.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: web, port: {number: 80}}\n---\n' +
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-canary\n  annotations:\n    nginx.ingress.kubernetes.io/canary: "true"\n    nginx.ingress.kubernetes.io/canary-weight: "150"\nspec:\n  rules:\n    - host: web.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: {name: web-v2, port: {number: 80}}',
      fix: 'Keep `canary-weight` below `canary-weight-total` (or 100), and keep one canary Ingress per host and path.',
      references: ['https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary'],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.dialect !== 'ingress-nginx' || pool.kind !== 'split') continue;
      const weight = pool.facts.canaryWeight;
      const total = Number(pool.facts.weightTotal?.value ?? 100);
      if (weight && Number(weight.value) >= total && Number(weight.value) > 0) {
        context.report({
          message: `canary-weight ${weight.value} is at or above its total of ${total}: the canary ${pool.members[1]?.address ?? ''} gets 100% of the requests to ${pool.name} that no header or cookie decides, and ${pool.members[0]?.address ?? 'the main Service'} gets none.`,
          loc: weight.loc,
        });
      }
    }
    // By host and path first: comparing every canary with every other costs their square on a large manifest.
    const canaries = new Map<string, Definition[]>();
    for (const d of context.model.definitions ?? []) {
      if (d.kind !== 'canary Ingress path') continue;
      const same = canaries.get(d.name);
      if (same) same.push(d);
      else canaries.set(d.name, [d]);
    }
    for (const reference of context.model.references) {
      if (reference.kind !== 'canary') continue;
      const candidates = canaries.get(reference.name);
      if (!candidates) continue;
      // The same Ingress written again (an examples file, a patch) replaces itself when applied: it is no second canary.
      let self: string | undefined | null = null;
      let others: Definition[] | undefined;
      for (const d of candidates) {
        if (sameSpot(d, reference.nameLoc.file, reference.loc)) continue;
        if (self === null) self = sameObjectLabel(reference.scope);
        if (d.label !== self) (others ??= []).push(d);
      }
      // Two in one file: the later one is reported, once.
      if (!others || others.every((d) => d.file === reference.nameLoc.file && d.loc && d.loc.start > reference.loc.end)) continue;
      context.report({
        message: `Another canary Ingress (${[...new Set(others.map((d) => `${d.label} in ${fileName(d.file)}`))].join(', ')}) is for the same host and path ${reference.name}: ingress-nginx refuses the second ("host and path is already defined") and uses one canary only.`,
        loc: reference.nameLoc,
        related: others.flatMap((d) => (d.loc ? [{ loc: d.loc, message: 'the other canary' }] : [])),
      });
    }
  },
});

/** The catalog's label of the canary Ingress a reference's scope (`Ingress namespace/name > host path`) names. */
function sameObjectLabel(scope: string | undefined): string | undefined {
  const match = /^Ingress ([^/ ]+)\/(\S+) > /.exec(scope ?? '');
  return match ? `canary Ingress ${match[2]} (${match[1]})` : undefined;
}

function sameSpot(definition: Definition, file: string, backend: { start: number; end: number }): boolean {
  return definition.file === file && definition.loc !== undefined && definition.loc.start >= backend.start && definition.loc.end <= backend.end;
}

export default rule;
