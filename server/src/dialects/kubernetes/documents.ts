/**
 * A manifest file as Kubernetes objects: every `---` document parsed on its own with the `yaml`
 * package (JSON is YAML too), so an edit re-reads only the document it falls in (incremental.ts),
 * each object with its kind, name, namespace and node tree. A document with
 * Helm template tags (`{{ ... }}`) is skipped, and the file gets one note saying so; an alias bomb
 * (a document whose aliases expand past `MAX_ALIAS_COUNT`) is one clear error, and nothing of it
 * is read; so is a file nesting flow collections past `MAX_FLOW_DEPTH` (nesting.ts). Never throws.
 */
import { parseAllDocuments, type Document } from 'yaml';
import type { ParseProblem } from '../../core/finding';
import { loc, type Loc, type Span } from '../../core/span';
import { firstTooDeep, MAX_FLOW_DEPTH } from './nesting';
import { items, path, spanOf, text, type At } from './yaml-nodes';

/** Aliases one document may expand (yaml's `maxAliasCount`): enough for any real manifest. */
export const MAX_ALIAS_COUNT = 100;

export interface ManifestObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** As written; undefined when the manifest leaves it to `kubectl apply -n`/the context. */
  readonly namespace?: string;
  readonly at: At;
  /** The whole object, and where its name is written (or its kind, when it has no name). */
  readonly span: Span;
  readonly nameSpan: Span;
  /** The `---` document it stands in. */
  readonly document: Span;
}

export interface ManifestFile {
  readonly objects: readonly ManifestObject[];
  readonly problems: readonly ParseProblem[];
}

const TEMPLATE_TAG = /\{\{/;

/**
 * One `---` document of a file (a chunk: from its marker line to the next), read on its own, with
 * every position counted from the start of the file. What the file-level result needs of it:
 * objects, problems, whether it nests too deep, where its Helm-templated documents are.
 */
export interface ManifestChunk {
  readonly objects: readonly ManifestObject[];
  readonly problems: readonly ParseProblem[];
  /** Where a flow collection opens past `MAX_FLOW_DEPTH`: the whole file is refused then. */
  readonly tooDeep?: Loc;
  /** The documents skipped for their template tags. */
  readonly templated: readonly Loc[];
}

/**
 * Where the file's `---` chunks start: 0, and every line that starts with a `---` marker (`---`
 * followed by a blank, a line break or the end). The yaml lexer starts a document at exactly
 * these lines, wherever they stand (in a block scalar, a quoted scalar, a flow collection), so a
 * chunk parsed alone reads as it would in the whole stream. Only starts in `[from, to)` (after `from`
 * itself, which the caller knows is one) are listed.
 */
export function chunkStarts(text_: string, from = 0, to = text_.length): number[] {
  const starts = [from];
  for (let at = text_.indexOf('---', from + 1); at >= 0 && at < to; at = text_.indexOf('---', at + 1)) {
    if (text_.charCodeAt(at - 1) === 10 && isBlank(text_.charCodeAt(at + 3))) starts.push(at);
  }
  return starts;
}

function isBlank(code: number): boolean {
  return Number.isNaN(code) || code === 32 || code === 10 || code === 13 || code === 9;
}

/**
 * Reads the chunk `[start, end)` of `text_`. A chunk holds one document, or more when `...` ends
 * one inside it; directives (`%YAML`) apply within their chunk.
 */
export function readChunk(path_: string, text_: string, start: number, end: number): ManifestChunk {
  const own = text_.slice(start, end);
  const at = (from: number, to: number) => loc(path_, { start: start + from, end: start + to });
  const tooDeep = firstTooDeep(own);
  if (tooDeep !== undefined) return { objects: [], problems: [], tooDeep: at(tooDeep, tooDeep + 1), templated: [] };
  const problems: ParseProblem[] = [];
  const objects: ManifestObject[] = [];
  const templated: Loc[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(own, { prettyErrors: false, uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (error) {
    problems.push({ kind: 'syntax', message: `The YAML could not be read: ${String(error)}.`, loc: at(0, Math.min(1, own.length)) });
    return { objects, problems, templated };
  }
  for (const doc of docs) {
    const range = doc.range ?? [0, own.length, own.length];
    const document = { start: range[0], end: range[2] };
    const documentText = own.slice(document.start, document.end);
    if (TEMPLATE_TAG.test(documentText)) {
      templated.push(at(document.start, Math.max(document.start, Math.min(document.end, lineEnd(own, document.start)))));
      continue;
    }
    const errors = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    for (const error of errors) {
      const from = Math.max(0, Math.min(error.pos[0], own.length - 1));
      problems.push({ kind: 'syntax', message: firstLine(error.message), loc: at(from, Math.min(own.length, Math.max(error.pos[1], from + 1))) });
    }
    if (errors.length > 0 || !doc.contents) continue;
    if (/[&]/.test(documentText) && !aliasesBounded(doc)) {
      problems.push({
        kind: 'syntax',
        message: `This document's aliases expand more than ${MAX_ALIAS_COUNT} times (an alias bomb, or anchors reused far more than a manifest needs); lb-drift did not read it. Write the values out or reuse anchors less.`,
        loc: at(document.start, Math.min(document.end, lineEnd(own, document.start))),
      });
      continue;
    }
    collect({ node: doc.contents, doc, base: start }, { start: start + document.start, end: start + document.end }, objects);
  }
  return { objects, problems, templated };
}

export function readManifest(path_: string, text_: string): ManifestFile {
  const starts = chunkStarts(text_);
  const chunks = starts.map((start, i) => readChunk(path_, text_, start, starts[i + 1] ?? text_.length));
  const refused = chunks.some((chunk) => chunk.tooDeep !== undefined);
  return { objects: refused ? [] : chunks.flatMap((chunk) => chunk.objects), problems: manifestProblems(chunks) };
}

/**
 * The file's problems from its chunks in order: a chunk nested too deep refuses the whole file
 * (its one problem replaces every other); else each chunk's problems, then one note on the
 * documents skipped for their template tags.
 */
export function manifestProblems(chunks: readonly Omit<ManifestChunk, 'objects'>[]): ParseProblem[] {
  const problems: ParseProblem[] = [];
  let first: Loc | undefined;
  let count = 0;
  for (const chunk of chunks) {
    if (chunk.tooDeep) {
      return [
        {
          kind: 'syntax',
          message: `This file nests flow collections ({ } and [ ]) more than ${MAX_FLOW_DEPTH} levels deep, here; no manifest needs that many, and lb-drift did not read the file. Close the brackets, or write the objects as block YAML.`,
          loc: chunk.tooDeep,
        },
      ];
    }
    for (const problem of chunk.problems) problems.push(problem);
    first ??= chunk.templated[0];
    count += chunk.templated.length;
  }
  if (first) {
    problems.push({
      kind: 'template',
      message:
        `This file is a Helm template: ${count} ${count === 1 ? 'document holds' : 'documents hold'} {{ ... }} tags, which only rendering resolves, so lb-drift skipped ${count === 1 ? 'it' : 'them'}. ` +
        'Check the rendered manifests instead (helm template ... | lb-drift check, or the files helm template --output-dir writes).',
      loc: first,
    });
  }
  return problems;
}

/** yaml's own guard: `toJS` throws once aliases expand past the count. */
function aliasesBounded(doc: Document.Parsed): boolean {
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
    return true;
  } catch {
    return false;
  }
}

/** An object, or each item of a `kind: List` (what `kubectl get -o yaml` prints). */
function collect(at: At, document: Span, out: ManifestObject[]): void {
  const kind = text(path(at, 'kind'));
  if (!kind) return;
  if (kind.endsWith('List') && path(at, 'items')) {
    for (const item of items(path(at, 'items'))) collect(item, document, out);
    return;
  }
  const nameAt = path(at, 'metadata', 'name');
  const namespace = text(path(at, 'metadata', 'namespace'));
  out.push({
    kind,
    apiVersion: text(path(at, 'apiVersion')) ?? '',
    name: text(nameAt) ?? '',
    ...(namespace ? { namespace } : {}),
    at,
    span: spanOf(at),
    nameSpan: spanOf(nameAt ?? path(at, 'kind')!),
    document,
  });
}

function firstLine(message: string): string {
  const line = message.split('\n')[0]!.trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}

function lineEnd(text_: string, from: number): number {
  const end = text_.indexOf('\n', from);
  return end < 0 ? text_.length : end;
}
