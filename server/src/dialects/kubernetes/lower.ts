/**
 * A manifest file to the model: every `---` document read and lowered on its own (a chunk:
 * its routes, VirtualServices and DestinationRules become pools, its objects definitions), then
 * the file's Ingresses together (a canary pairs with a main Ingress in any document, or in a
 * related manifest), the file's definitions joined with those of the related manifests (the host
 * supplies them), and the parse problems. Never throws.
 *
 * Chunks are kept in the analysis (`KubernetesState`), so an edit re-reads only the documents it
 * touches and moves the others (incremental.ts).
 */
import type { DialectAnalysis, SourceFile, SourceLoader } from '../../core/dialect';
import type { ParseProblem } from '../../core/finding';
import type { Definition, Pool, Reference } from '../../core/model';
import type { Loc } from '../../core/span';
import { definitionsOf } from './catalog';
import { chunkStarts, manifestProblems, readChunk, type ManifestObject } from './documents';
import { lowerRoute, ROUTE_KINDS } from './lower-gateway';
import { lowerIngresses } from './lower-ingress';
import { lowerDestinationRule, lowerVirtualService } from './lower-istio';
import { lowerMainCanaries } from './main-canary';
import { relatedDefinitions, type Related } from './related';
import { WholeMoves } from './moved';
import { shiftObject } from './shift';

/** One `---` chunk of the file, read and lowered; every position is absolute in the file. */
export interface ChunkModel {
  /** Where the chunk is now. */
  readonly start: number;
  readonly end: number;
  /**
   * How far the chunk has moved since it was lowered: its pools, references, definitions and
   * Ingresses hold the locations they were lowered with, and lie `delta` further on (assemble
   * makes views that move them, moved.ts; the Ingresses move when they are lowered again). A
   * move is then one small object per chunk, not a copy of its data.
   */
  readonly delta: number;
  /** Pools of its routes, VirtualServices and DestinationRules, in order. */
  readonly pools: readonly Pool[];
  readonly references: readonly Reference[];
  readonly definitions: readonly Definition[];
  /** Its Ingresses, lowered with the file's others (`IngressModel`). */
  readonly ingresses: readonly ManifestObject[];
  /** Where they are now (moved with the chunk: these are few, and almost always empty). */
  readonly problems: readonly ParseProblem[];
  readonly tooDeep?: Loc;
  readonly templated: readonly Loc[];
}

/** The pools and references of the file's Ingresses (canaries joined to their main Ingress). */
export interface IngressModel {
  readonly pools: readonly Pool[];
  readonly references: readonly Reference[];
}

/** What an analysis keeps for the next one (`DialectAnalysis.incremental`). */
export interface KubernetesState {
  readonly chunks: readonly ChunkModel[];
  readonly related: Related;
  readonly ingress: IngressModel;
}

export function analyzeKubernetes(file: SourceFile, loader: SourceLoader): DialectAnalysis {
  const starts = chunkStarts(file.text);
  const chunks = starts.map((start, i) => lowerChunk(file.path, file.text, start, starts[i + 1] ?? file.text.length));
  const related = relatedDefinitions(loader, file.path);
  return assemble(file, { chunks, related, ingress: lowerFileIngresses(file.path, chunks, related) });
}

export function lowerChunk(path: string, text: string, start: number, end: number): ChunkModel {
  const chunk = readChunk(path, text, start, end);
  const pools: Pool[] = [];
  const references: Reference[] = [];
  for (const object of chunk.objects) {
    if (ROUTE_KINDS.has(object.kind)) lowerRoute(path, object, pools, references);
    else if (object.kind === 'VirtualService') lowerVirtualService(path, object, pools, references);
    else if (object.kind === 'DestinationRule') lowerDestinationRule(path, object, pools);
  }
  return {
    start,
    end,
    pools,
    references,
    definitions: definitionsOf(path, chunk.objects, true),
    ingresses: chunk.objects.filter((object) => object.kind === 'Ingress'),
    delta: 0,
    problems: chunk.problems,
    ...(chunk.tooDeep ? { tooDeep: chunk.tooDeep } : {}),
    templated: chunk.templated,
  };
}

export function lowerFileIngresses(path: string, chunks: readonly ChunkModel[], related: Related): IngressModel {
  const ingresses = chunks.flatMap((chunk) => (chunk.delta === 0 ? chunk.ingresses : chunk.ingresses.map((object) => shiftObject(object, chunk.delta))));
  const pools: Pool[] = [];
  const references: Reference[] = [];
  if (ingresses.length === 0 || refused(chunks)) return { pools, references };
  lowerIngresses(path, ingresses, related.definitions, pools, references);
  lowerMainCanaries(path, ingresses, related.canaries, pools);
  return { pools, references };
}

/** A chunk nested too deep refuses the whole file: nothing of it is read (documents.ts). */
function refused(chunks: readonly ChunkModel[]): boolean {
  return chunks.some((chunk) => chunk.tooDeep !== undefined);
}

/** The analysis of the whole file from its chunks in order, then its Ingresses. */
export function assemble(file: SourceFile, state: KubernetesState): DialectAnalysis {
  const { chunks, related, ingress } = state;
  const pools: Pool[] = [];
  const references: Reference[] = [];
  const definitions: Definition[] = [];
  if (!refused(chunks)) {
    const moves = new WholeMoves(file.path);
    for (const { pools: own, references: named, definitions: defined, delta } of chunks) {
      for (const pool of own) pools.push(moves.pool(pool, delta));
      for (const reference of named) references.push(moves.reference(reference, delta));
      for (const definition of defined) definitions.push(moves.definition(definition, delta));
    }
    for (const pool of ingress.pools) pools.push(pool);
    for (const reference of ingress.references) references.push(reference);
  }
  for (const definition of related.definitions) definitions.push(definition);
  return {
    model: { dialect: 'kubernetes', root: file.path, pools, references, facts: {}, complete: related.known, definitions },
    problems: manifestProblems(chunks),
    sources: new Map([[file.path, file.text]]),
    incremental: state,
  };
}
