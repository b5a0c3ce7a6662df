/**
 * A manifest file as Kubernetes objects: every `---` document parsed with the `yaml` package
 * (JSON is YAML too), each object with its kind, name, namespace and node tree. A document with
 * Helm template tags (`{{ ... }}`) is skipped, and the file gets one note saying so; an alias bomb
 * (a document whose aliases expand past `MAX_ALIAS_COUNT`) is one clear error, and nothing of it
 * is read; so is a file nesting flow collections past `MAX_FLOW_DEPTH` (nesting.ts). Never throws.
 */
import { parseAllDocuments, type Document } from 'yaml';
import type { ParseProblem } from '../../core/finding';
import { loc, type Span } from '../../core/span';
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

export function readManifest(path_: string, text_: string): ManifestFile {
  const problems: ParseProblem[] = [];
  const objects: ManifestObject[] = [];
  const tooDeep = firstTooDeep(text_);
  if (tooDeep !== undefined) {
    problems.push({
      kind: 'syntax',
      message: `This file nests flow collections ({ } and [ ]) more than ${MAX_FLOW_DEPTH} levels deep, here; no manifest needs that many, and lb-drift did not read the file. Close the brackets, or write the objects as block YAML.`,
      loc: loc(path_, { start: tooDeep, end: tooDeep + 1 }),
    });
    return { objects, problems };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text_, { prettyErrors: false, uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (error) {
    problems.push({ kind: 'syntax', message: `The YAML could not be read: ${String(error)}.`, loc: loc(path_, { start: 0, end: Math.min(1, text_.length) }) });
    return { objects, problems };
  }
  const templated: Span[] = [];
  for (const doc of docs) {
    const range = doc.range ?? [0, text_.length, text_.length];
    const document = { start: range[0], end: range[2] };
    if (TEMPLATE_TAG.test(text_.slice(document.start, document.end))) {
      templated.push(document);
      continue;
    }
    const errors = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    for (const error of errors) {
      const start = Math.max(0, Math.min(error.pos[0], text_.length - 1));
      const end = Math.min(text_.length, Math.max(error.pos[1], start + 1));
      problems.push({ kind: 'syntax', message: firstLine(error.message), loc: loc(path_, { start, end }) });
    }
    if (errors.length > 0 || !doc.contents) continue;
    if (/[&]/.test(text_.slice(document.start, document.end)) && !aliasesBounded(doc)) {
      problems.push({
        kind: 'syntax',
        message: `This document's aliases expand more than ${MAX_ALIAS_COUNT} times (an alias bomb, or anchors reused far more than a manifest needs); lb-drift did not read it. Write the values out or reuse anchors less.`,
        loc: loc(path_, { start: document.start, end: Math.min(document.end, lineEnd(text_, document.start)) }),
      });
      continue;
    }
    collect({ node: doc.contents, doc }, document, objects);
  }
  if (templated.length > 0) {
    const first = templated[0]!;
    problems.push({
      kind: 'template',
      message:
        `This file is a Helm template: ${templated.length} ${templated.length === 1 ? 'document holds' : 'documents hold'} {{ ... }} tags, which only rendering resolves, so lb-drift skipped ${templated.length === 1 ? 'it' : 'them'}. ` +
        'Check the rendered manifests instead (helm template ... | lb-drift check, or the files helm template --output-dir writes).',
      loc: loc(path_, { start: first.start, end: Math.max(first.start, Math.min(first.end, lineEnd(text_, first.start))) }),
    });
  }
  return { objects, problems };
}

/** yaml's own guard: `toJS` throws once aliases expand past the count. */
function aliasesBounded(doc: Document.Parsed): boolean {
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
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
