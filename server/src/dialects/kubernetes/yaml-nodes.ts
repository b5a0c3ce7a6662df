/**
 * Reading the `yaml` package's node tree: values by key, scalars as text or numbers, and the span
 * every node was written at. Aliases are followed to their anchor (the alias bound is checked per
 * document before any of this runs, in documents.ts), so `*defaults` reads like the map it names.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from '../../core/span';

/**
 * One node of a document, with the document it belongs to (needed to resolve aliases). A document
 * parsed on its own (documents.ts parses each `---` document alone) counts positions from its
 * start: `base` is where that start is in the file, and `spanOf` adds it.
 */
export interface At {
  readonly node: Node;
  readonly doc: Document.Parsed;
  readonly base?: number;
}

/** Anchors followed in one lookup at most: an alias of an alias of ... is cut short. */
const MAX_ALIAS_HOPS = 32;

export function resolved(at: At | undefined): At | undefined {
  let node: unknown = at?.node;
  for (let hop = 0; hop < MAX_ALIAS_HOPS && isAlias(node); hop++) node = node.resolve(at!.doc);
  return at && node && !isAlias(node) ? { node: node as Node, doc: at.doc, base: at.base } : undefined;
}

export function asMap(at: At | undefined): (At & { node: YAMLMap }) | undefined {
  const r = resolved(at);
  return r && isMap(r.node) ? (r as At & { node: YAMLMap }) : undefined;
}

export function asSeq(at: At | undefined): (At & { node: YAMLSeq }) | undefined {
  const r = resolved(at);
  return r && isSeq(r.node) ? (r as At & { node: YAMLSeq }) : undefined;
}

/** The value under `key` in a map (the last one when a key is repeated, as Kubernetes keeps). */
export function get(at: At | undefined, key: string): At | undefined {
  const map = asMap(at);
  if (!map) return undefined;
  let found: At | undefined;
  for (const pair of map.node.items) {
    const k = isScalar(pair.key) ? pair.key.value : pair.key;
    if (k === key && pair.value) found = { node: pair.value as Node, doc: map.doc, base: map.base };
  }
  return found;
}

/** Follows a path of keys: `path(spec, 'trafficPolicy', 'loadBalancer')`. */
export function path(at: At | undefined, ...keys: string[]): At | undefined {
  let current = at;
  for (const key of keys) current = get(current, key);
  return current;
}

/** The items of a sequence (an absent or non-sequence value has none). */
export function items(at: At | undefined): At[] {
  const seq = asSeq(at);
  return seq ? seq.node.items.map((node) => ({ node: node as Node, doc: seq.doc, base: seq.base })) : [];
}

/** The pairs of a map as key text and value. */
export function entries(at: At | undefined): { key: string; keyAt: At; value: At }[] {
  const map = asMap(at);
  if (!map) return [];
  const out: { key: string; keyAt: At; value: At }[] = [];
  for (const pair of map.node.items) {
    if (!isScalar(pair.key) || !pair.value) continue;
    out.push({ key: String(pair.key.value), keyAt: { node: pair.key, doc: map.doc, base: map.base }, value: { node: pair.value as Node, doc: map.doc, base: map.base } });
  }
  return out;
}

/** A scalar as text (numbers and booleans as written in YAML's core schema), else undefined. */
export function text(at: At | undefined): string | undefined {
  const r = resolved(at);
  if (!r || !isScalar(r.node)) return undefined;
  const value = r.node.value;
  return value === null || value === undefined ? undefined : typeof value === 'object' ? undefined : String(value);
}

/** A scalar as a number when it is one (`"25"` in quotes counts: annotations are strings). */
export function number(at: At | undefined): number | undefined {
  const value = text(at);
  if (value === undefined || !/^-?\d+(?:\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value);
}

export function bool(at: At | undefined): boolean | undefined {
  const value = text(at)?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Where the node's value is written (without a trailing comment). */
export function spanOf(at: At): Span {
  const range = at.node.range;
  const base = at.base ?? 0;
  if (!range) return { start: base, end: base };
  return { start: base + range[0], end: base + Math.max(range[0], range[1]) };
}
