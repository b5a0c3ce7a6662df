/**
 * A manifest file to the model: every object of every `---` document lowered by its kind, the
 * file's definitions joined with those of the related manifests (the host supplies them), and
 * the parse problems. Never throws.
 */
import type { DialectAnalysis, SourceFile, SourceLoader } from '../../core/dialect';
import type { Pool, Reference } from '../../core/model';
import { definitionsOf } from './catalog';
import { readManifest } from './documents';
import { lowerRoute, ROUTE_KINDS } from './lower-gateway';
import { lowerIngresses } from './lower-ingress';
import { lowerDestinationRule, lowerVirtualService } from './lower-istio';
import { relatedDefinitions } from './related';

export function analyzeKubernetes(file: SourceFile, loader: SourceLoader): DialectAnalysis {
  const { objects, problems } = readManifest(file.path, file.text);
  const pools: Pool[] = [];
  const references: Reference[] = [];
  const related = relatedDefinitions(loader, file.path);
  for (const object of objects) {
    if (ROUTE_KINDS.has(object.kind)) lowerRoute(file.path, object, pools, references);
    else if (object.kind === 'VirtualService') lowerVirtualService(file.path, object, pools, references);
    else if (object.kind === 'DestinationRule') lowerDestinationRule(file.path, object, pools);
  }
  lowerIngresses(file.path, objects, related.definitions, pools, references);
  return {
    model: {
      dialect: 'kubernetes',
      root: file.path,
      pools,
      references,
      facts: {},
      complete: related.known,
      definitions: [...definitionsOf(file.path, objects, true), ...related.definitions],
    },
    problems,
    sources: new Map([[file.path, file.text]]),
  };
}
