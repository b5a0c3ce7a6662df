/**
 * The objects of one file that references can name (model `Definition`s): Services,
 * DestinationRules with their subsets, and Ingress paths (main and canary). The analysed file and
 * every related file of its repository contribute; a related file's definitions carry no
 * location, only its path, so the analysis never quotes another file.
 */
import type { Definition } from '../../core/model';
import { loc } from '../../core/span';
import type { ManifestObject } from './documents';
import { ingressPaths, isCanary } from './ingress-paths';
import { namespaceOf, qualifiedHost } from './names';
import { get, items, path, spanOf, text } from './yaml-nodes';

export function definitionsOf(file: string, objects: readonly ManifestObject[], located: boolean): Definition[] {
  const out: Definition[] = [];
  const at = (span: { start: number; end: number }) => (located ? { loc: loc(file, span) } : {});
  for (const object of objects) {
    const namespace = namespaceOf(object.namespace);
    switch (object.kind) {
      case 'Service':
        out.push({ kind: 'Service', name: object.name, scope: namespace, file, ...at(object.nameSpan), label: `Service ${object.name} (${namespace})` });
        break;
      case 'DestinationRule': {
        const spec = get(object.at, 'spec');
        const hostAt = get(spec, 'host');
        const host = text(hostAt);
        if (!host || !hostAt) break;
        const qualified = qualifiedHost(host, namespace);
        const facts = get(spec, 'trafficPolicy') && path(spec, 'trafficPolicy', 'outlierDetection') ? ['outlierDetection'] : [];
        out.push({ kind: 'DestinationRule', name: qualified, scope: '', file, ...at(spanOf(hostAt)), label: `DestinationRule ${object.name} (${namespace})`, facts });
        for (const subset of items(get(spec, 'subsets'))) {
          const nameAt = get(subset, 'name');
          const name = text(nameAt);
          if (name && nameAt) out.push({ kind: 'subset', name, scope: qualified, file, ...at(spanOf(nameAt)), label: `subset ${name} of DestinationRule ${object.name} (${namespace})` });
        }
        break;
      }
      case 'Ingress': {
        const canary = isCanary(object);
        for (const p of ingressPaths(object)) {
          out.push({
            kind: canary ? 'canary Ingress path' : 'Ingress path',
            name: `${p.host} ${p.path}`,
            scope: '',
            file,
            ...at(p.serviceSpan),
            label: `${canary ? 'canary ' : ''}Ingress ${object.name} (${namespace})`,
            target: p.port ? `${p.service}:${p.port}` : p.service,
          });
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}
