/**
 * Git's rename similarity, in-process (diffcore-delta.c and diffcore-rename.c): both texts are cut
 * into chunks that end at a newline or after 64 bytes (a CR before LF ignored in text), and the
 * score is the bytes of the source found again in the destination, over the larger size. Git
 * pairs a deleted and an added file as a rename at 50% or more, best pairs first, each deleted
 * file used once. Pure: no I/O.
 */

/** Git's default `--find-renames` threshold, 50%. */
export const MIN_RENAME_SCORE = 0.5;
const CHUNK_BYTES = 64;
/** Git looks for binary content in the first 8000 bytes. */
const BINARY_PROBE_BYTES = 8000;

export type Chunks = ReadonlyMap<string, number>;

/** Bytes per distinct chunk of `bytes`. */
export function chunksOf(bytes: Buffer): Chunks {
  const text = !bytes.subarray(0, BINARY_PROBE_BYTES).includes(0);
  const chunks = new Map<string, number>();
  let kept: number[] = [];
  const flush = (): void => {
    const key = Buffer.from(kept).toString('latin1');
    chunks.set(key, (chunks.get(key) ?? 0) + kept.length);
    kept = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (text && c === 13 && bytes[i + 1] === 10) continue;
    kept.push(c);
    if (kept.length >= CHUNK_BYTES || c === 10) flush();
  }
  if (kept.length > 0) flush();
  return chunks;
}

/** The similarity of two contents, 0 to 1, or 0 when their sizes alone rule a rename out. */
export function similarity(source: Buffer, target: Buffer, sourceChunks: Chunks, targetChunks: Chunks): number {
  const larger = Math.max(source.length, target.length);
  if (larger === 0) return 1;
  const difference = larger - Math.min(source.length, target.length);
  if (difference > larger * (1 - MIN_RENAME_SCORE)) return 0;
  let copied = 0;
  for (const [chunk, bytes] of sourceChunks) copied += Math.min(bytes, targetChunks.get(chunk) ?? 0);
  return copied / larger;
}

export interface RenameCandidate {
  readonly path: string;
  readonly content: Buffer;
}

/**
 * Pairs added files with deleted ones as git does for inexact renames: every pair scoring at
 * least MIN_RENAME_SCORE, best first (a shared file name breaks ties), each side used once.
 * Returns new path -> old path.
 */
export function pairRenames(added: readonly RenameCandidate[], deleted: readonly RenameCandidate[]): Map<string, string> {
  const addedChunks = added.map((a) => chunksOf(a.content));
  const deletedChunks = deleted.map((d) => chunksOf(d.content));
  const pairs: { score: number; sameName: boolean; added: number; deleted: number }[] = [];
  added.forEach((a, i) => {
    deleted.forEach((d, j) => {
      const score = similarity(d.content, a.content, deletedChunks[j]!, addedChunks[i]!);
      if (score >= MIN_RENAME_SCORE) pairs.push({ score, sameName: baseName(a.path) === baseName(d.path), added: i, deleted: j });
    });
  });
  pairs.sort((x, y) => y.score - x.score || Number(y.sameName) - Number(x.sameName) || x.added - y.added || x.deleted - y.deleted);
  const renames = new Map<string, string>();
  const used = new Set<number>();
  for (const pair of pairs) {
    const to = added[pair.added]!.path;
    if (renames.has(to) || used.has(pair.deleted)) continue;
    used.add(pair.deleted);
    renames.set(to, deleted[pair.deleted]!.path);
  }
  return renames;
}

export function baseName(treePath: string): string {
  return treePath.slice(treePath.lastIndexOf('/') + 1);
}
