/**
 * A SourceLoader that reads a configuration as it was at a git revision: nginx `include`
 * patterns are expanded against the tree of that commit exactly as the disk loader
 * (`../include-loader.ts`) expands them against the disk, so the stable model sees the files of
 * the stable revision, including ones deleted since and excluding ones added since.
 *
 * `SourceLoader.include` is synchronous (it is called in the middle of a parse), so git runs
 * synchronously here. The tree listing and every file text are read once per loader.
 */
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import type { IncludeResult, SourceFile, SourceLoader } from '../../core/dialect';
import { isStockInclude } from '../../dialects/nginx/stock-includes';
import { includeBases, includeCandidates, isGlobPattern, missingIncludeMessage } from '../include-paths';
import { decodeText } from '../read-text';
import { validateRevision } from './revision';
import { runGitSync } from './run-git';
import { listFullTreeSync } from './list-tree';
import { followLinks, fromTreePath, MAX_BLOB_BYTES, toTreePath, tooLargeBlob, type TreeEntry } from './tree';

export interface RevisionLoaderOptions {
  /** The directory nginx resolves relative includes from; defaults to the root file's folder. */
  readonly prefix?: string;
  /** Called with a warning about a file that was read (e.g. invalid UTF-8). */
  readonly onWarning?: (message: string) => void;
  /**
   * Reads absolute include patterns that point outside the repository (say `/etc/nginx/mime.types`);
   * git knows nothing of them at any revision. Without it they are reported as unreadable.
   */
  readonly outside?: SourceLoader;
}


export function createRevisionLoader(root: string, sha: string, options: RevisionLoaderOptions = {}): SourceLoader {
  const checked = validateRevision(sha);
  const short = sha.slice(0, 12);
  const texts = new Map<string, SourceFile | string>();
  const links = new Map<string, string | undefined>();
  let listing: { readonly entries: Map<string, TreeEntry>; readonly files: string[] } | string | undefined;

  const list = (): NonNullable<typeof listing> => {
    if (listing !== undefined) return listing;
    const listed = listFullTreeSync(root, sha);
    if (typeof listed === 'string') {
      listing = listed;
    } else {
      const entries = new Map(listed.map((e) => [e.path, e] as const));
      const files = [...entries.values()].filter((e) => e.type === 'blob').map((e) => e.path);
      listing = { entries, files };
    }
    return listing;
  };

  const readLink = (entry: TreeEntry): string | undefined => {
    if (!links.has(entry.oid)) {
      const result = runGitSync(['cat-file', 'blob', '--end-of-options', entry.oid], root, { maxBytes: 4096 });
      links.set(entry.oid, result.ok ? result.stdout.toString('utf8') : undefined);
    }
    return links.get(entry.oid);
  };

  const read = (entries: Map<string, TreeEntry>, treePath: string): SourceFile | string => {
    const cached = texts.get(treePath);
    if (cached !== undefined) return cached;
    const path = fromTreePath(root, treePath);
    const entry = followLinks(treePath, (p) => entries.get(p), readLink);
    let file: SourceFile | string;
    if (typeof entry === 'string') file = `${entry} at ${short}`;
    else if (entry === undefined || entry.type !== 'blob') file = `${path} is a symbolic link to no file at ${short}`;
    else if (entry.size > MAX_BLOB_BYTES) file = tooLargeBlob(path, entry.size);
    else {
      const blob = runGitSync(['cat-file', 'blob', '--end-of-options', entry.oid], root, { maxBytes: MAX_BLOB_BYTES });
      const decoded = blob.ok ? decodeText(blob.stdout, `${path} at ${short}`) : { ok: false as const, message: `cannot read ${path} at ${short}: ${blob.message}` };
      if (decoded.ok && decoded.warning) options.onWarning?.(decoded.warning);
      file = decoded.ok ? { path, text: decoded.text } : decoded.message;
    }
    texts.set(treePath, file);
    return file;
  };

  return {
    include(pattern: string, from: string, rootFile: string): IncludeResult {
      if (!checked.ok) return { ok: false, message: checked.message };
      const tree = list();
      if (typeof tree === 'string') return { ok: false, message: tree };
      const bases = includeBases(pattern, from, rootFile, options.prefix);

      if (isGlobPattern(pattern)) {
        for (const base of bases) {
          const treePattern = globInTree(root, base, pattern);
          if (treePattern === undefined) {
            if (base === '' && options.outside) return options.outside.include(pattern, from, rootFile);
            continue;
          }
          const match = picomatch(treePattern);
          // Every match shares the root in front, so sorting tree paths sorts the absolute paths.
          const matched = tree.files.filter((p) => match(p)).sort();
          if (matched.length === 0) continue;
          const files: SourceFile[] = [];
          for (const treePath of matched) {
            const file = read(tree.entries, treePath);
            if (typeof file === 'string') return { ok: false, message: file };
            files.push(file);
          }
          return { ok: true, files };
        }
        // nginx accepts a pattern that matches nothing.
        return { ok: true, files: [] };
      }

      const candidates = includeCandidates(pattern, bases);
      for (const candidate of candidates) {
        const treePath = toTreePath(root, candidate);
        if (treePath === undefined) {
          if (bases[0] === '' && options.outside) return options.outside.include(pattern, from, rootFile);
          continue;
        }
        if (tree.entries.get(treePath)?.type === 'blob') {
          const file = read(tree.entries, treePath);
          return typeof file === 'string' ? { ok: false, message: file } : { ok: true, files: [file] };
        }
      }
      // A file nginx ships (mime.types, fastcgi_params) is on every server, if not in the repository.
      if (isStockInclude(pattern)) return { ok: true, files: [] };
      return { ok: false, message: missingIncludeMessage(pattern, candidates, ` at ${short}`) };
    },
  };
}

/**
 * A glob as a pattern over tree paths: the base and the literal folders in front of the first
 * wildcard are mapped into the tree (through symbolic links if need be) and escaped, the rest is
 * kept. The base is always literal, even when a folder name contains `[` or `*`. Undefined when
 * the pattern lies outside the repository.
 */
function globInTree(root: string, base: string, pattern: string): string | undefined {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex(isGlobPattern);
  const literalPart = segments.slice(0, firstGlob).join('/');
  const literal = base ? resolve(base, literalPart || '.') : literalPart || '/';
  const rest = segments.slice(firstGlob).join('/');
  const folder = toTreePath(root, literal);
  if (folder === undefined) return undefined;
  return folder === '' ? rest : `${escapeGlob(folder)}/${rest}`;
}

function escapeGlob(literal: string): string {
  return literal.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
}
