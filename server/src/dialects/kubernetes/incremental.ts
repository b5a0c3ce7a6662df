/**
 * Incremental re-analysis of a Kubernetes manifest (the `Dialect.reanalyze` contract): the `---`
 * documents an edit touches are read and lowered again (a chunk from its marker line to the
 * next, documents.ts), the documents before them are kept as they are and the documents after
 * them moved by the edit's length change. The result is the analysis of the whole new text.
 *
 * Which documents: those from the last one whose marker line ends before the edit (its `---` and
 * the line break before it are untouched, so it still starts there) to the first one that starts
 * after the edit, re-split where the new text has markers. An edit that adds or removes a `---`
 * line, breaks the YAML or changes a block scalar stays inside that range.
 *
 * Ingresses pair across documents (a canary with its main Ingress) and with related files, so
 * they are lowered again, all together, when an edited document holds one (before or after the
 * edit) or the related manifests changed; the re-read range then also covers every Ingress pool
 * that came out different, so the engine reuses nothing stale.
 */
import type { DialectAnalysis, Reanalysis, SourceFile, SourceLoader, TextChange } from '../../core/dialect';
import type { Pool } from '../../core/model';
import { chunkStarts } from './documents';
import { assemble, lowerChunk, lowerFileIngresses, type ChunkModel, type IngressModel, type KubernetesState } from './lower';
import { relatedDefinitions, type Related } from './related';
import { LocationMove, plainPool } from './moved';
import { Shift } from './shift';

/** A marker line `---` plus the character after it: a chunk whose first four characters are untouched still starts there. */
const MARKER = 4;

export function reanalyzeKubernetes(previous: DialectAnalysis, file: SourceFile, change: TextChange, loader: SourceLoader): Reanalysis | undefined {
  const state = previous.incremental as KubernetesState | undefined;
  if (!state || state.chunks.length === 0) return undefined;
  const old = state.chunks;
  const delta = change.newEnd - change.oldEnd;
  const first = lastChunkBefore(old, change.start);
  const after = firstChunkAfter(old, change.oldEnd);
  const start = old[first]!.start;
  const oldEnd = after < old.length ? old[after]!.start : previousLength(old);
  const end = oldEnd + delta;
  const starts = chunkStarts(file.text, start, end);
  const fresh = starts.map((s, i) => lowerChunk(file.path, file.text, s, starts[i + 1] ?? end));
  const moved = delta === 0 || after === old.length ? old.slice(after) : moveChunks(old.slice(after), file.path, delta);
  const chunks = [...old.slice(0, first), ...fresh, ...moved];

  const related = relatedDefinitions(loader, file.path);
  const edited = old.slice(first, after);
  const ingressTouched = edited.some((c) => c.ingresses.length > 0) || fresh.some((c) => c.ingresses.length > 0) || !sameRelated(state.related, related);
  const reread = { start, end };
  let ingress: IngressModel;
  if (!ingressTouched) {
    const move = new LocationMove(file.path, oldEnd, delta);
    ingress = delta === 0 ? state.ingress : { pools: state.ingress.pools.map((p) => move.pool(p)), references: state.ingress.references.map((r) => move.reference(r)) };
  } else {
    ingress = lowerFileIngresses(file.path, chunks, related);
    widenForChangedPools(reread, state.ingress.pools, ingress.pools, file.path, { start, oldEnd, delta });
  }
  return { analysis: assemble(file, { chunks, related, ingress }), reread };
}

/** The last chunk whose marker line lies wholly before `offset` (chunk 0 always starts the file). */
function lastChunkBefore(chunks: readonly ChunkModel[], offset: number): number {
  let low = 0;
  let high = chunks.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (chunks[middle]!.start + MARKER <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The first chunk that starts after `offset` (the character before its marker is untouched), or the count. */
function firstChunkAfter(chunks: readonly ChunkModel[], offset: number): number {
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (chunks[middle]!.start > offset) high = middle;
    else low = middle + 1;
  }
  return low;
}

function previousLength(chunks: readonly ChunkModel[]): number {
  return chunks[chunks.length - 1]!.end;
}

/**
 * The chunks after the edit, moved: one object each, whose `delta` says how far its lowered data
 * now lies (assemble makes the views); its few problems move at once. Empty lists are kept.
 */
function moveChunks(chunks: readonly ChunkModel[], file: string, delta: number): ChunkModel[] {
  const shift = new Shift(file, chunks[0]!.start, delta);
  return chunks.map((chunk) => ({
    ...chunk,
    start: chunk.start + delta,
    end: chunk.end + delta,
    delta: chunk.delta + delta,
    problems: chunk.problems.length === 0 ? chunk.problems : chunk.problems.map((p) => shift.problem(p)),
    ...(chunk.tooDeep ? { tooDeep: shift.loc(chunk.tooDeep) } : {}),
    templated: chunk.templated.length === 0 ? chunk.templated : chunk.templated.map((at) => shift.loc(at)),
  }));
}

/** Whether two reads of the related manifests are the same (related.ts keeps each file's definitions while its text is the same). */
function sameRelated(a: Related, b: Related): boolean {
  return a.known === b.known && sameItems(a.definitions, b.definitions) && sameItems(a.canaries, b.canaries);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * Widens `reread` over every Ingress pool outside it that is not the previous version's pool
 * moved by the edit: its main Ingress, or its canary in another file, changed.
 */
function widenForChangedPools(
  reread: { start: number; end: number },
  before: readonly Pool[],
  after: readonly Pool[],
  file: string,
  edit: { start: number; oldEnd: number; delta: number },
): void {
  const move = new LocationMove(file, edit.oldEnd, edit.delta);
  const previous = new Map<string, Pool>();
  for (const pool of before) previous.set(`${pool.loc.start} ${pool.key}`, pool);
  for (const pool of after) {
    const { start, end } = pool.loc;
    const inside = end > edit.start && start < edit.oldEnd + edit.delta;
    if (inside) continue;
    const oldStart = start >= edit.oldEnd + edit.delta ? start - edit.delta : start;
    const old = previous.get(`${oldStart} ${pool.key}`);
    if (old && sameData(plainPool(move.pool(old)), plainPool(pool))) continue;
    reread.start = Math.min(reread.start, start);
    reread.end = Math.max(reread.end, end);
  }
}

/** Structural equality of plain model data. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
