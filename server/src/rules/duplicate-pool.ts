import { defineRule } from '../core/rule';
import { fileName } from './kubernetes/split-text';

const rule = defineRule({
  meta: {
    id: 'duplicate-pool',
    title: 'Two DestinationRules for one host',
    severity: 'warning',
    dialects: ['kubernetes'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports an Istio DestinationRule whose host (as Istio qualifies it: `reviews` in namespace `prod` is `reviews.prod.svc.cluster.local`) is also the host of another DestinationRule, in this file or another manifest of the repository.',
      whyItMatters:
        'istiod merges such rules (pilot/pkg/model/destination_rule.go): subsets are concatenated, but only the first rule\'s top-level traffic policy applies, and "first" is the older object in the cluster. Load balancing, consistent hashing and outlier detection then depend on creation order, which no manifest shows.',
      example:
        'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews-lb\nspec:\n  host: reviews',
      fix: 'Keep one DestinationRule per host with all its subsets and its traffic policy.',
      references: ['https://istio.io/latest/docs/ops/best-practices/traffic-management/#split-virtual-services'],
    },
  },
  check(context) {
    const rules = (context.model.definitions ?? []).filter((d) => d.kind === 'DestinationRule');
    // By host first: a mesh has hundreds of DestinationRules, and comparing every pair costs their square.
    const byHost = new Map<string, typeof rules>();
    for (const rule of rules) byHost.set(rule.name, [...(byHost.get(rule.name) ?? []), rule]);
    for (const own of rules) {
      if (!own.loc) continue;
      const others = byHost.get(own.name)!.filter((d) => d !== own);
      // Two in one file: the later one is reported, once.
      if (others.length === 0 || others.every((d) => d.file === own.file && d.loc && d.loc.start > own.loc!.start)) continue;
      const earlierHere = others.some((d) => d.loc && d.loc.start < own.loc!.start);
      context.report({
        message:
          `${own.label} is for ${own.name}, like ${others.map((d) => `${d.label}${d.file === own.file ? '' : ` in ${fileName(d.file)}`}`).join(', ')}: ` +
          `istiod merges their subsets but applies only the older rule's traffic policy${earlierHere ? '' : ', and which is older depends on the cluster, not on the manifests'}.`,
        loc: own.loc,
        related: others.flatMap((d) => (d.loc ? [{ loc: d.loc, message: `${d.label}` }] : [])),
      });
    }
  },
});

export default rule;
