/**
 * Finds where in the YAML text a JSON-schema error points: the node at an ajv `instancePath`
 * (a JSON pointer), or the key of one of its properties. Scalars point at themselves; a mapping or
 * a list points at the key that holds it, because highlighting a whole block says less than the
 * name of the setting.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** JSON pointer segments, unescaped (`~1` is `/`, `~0` is `~`). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Found {
  readonly node: Node | null;
  /** The pair that holds the node, when the node is a mapping value. */
  readonly pair?: Pair;
}

function descend(document: Document.Parsed, segments: readonly string[]): Found | undefined {
  let current: Found = { node: document.contents };
  for (const segment of segments) {
    let node = current.node;
    // An alias stands for its anchor's value; follow it so the path goes on.
    if (isAlias(node)) node = (node.resolve(document) as Node | undefined) ?? null;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === segment);
      if (!pair) return undefined;
      current = { node: (pair.value as Node | null) ?? null, pair: pair as Pair };
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return undefined;
      current = { node: item as Node | null };
    } else {
      return undefined;
    }
  }
  return current;
}

export interface Locator {
  /** The range to highlight for an error about the value at `pointer`. */
  value(pointer: string): TextRange;
  /** The range of the key `property` inside the mapping at `pointer`. */
  key(pointer: string, property: string): TextRange;
}

export function createLocator(document: Document.Parsed, text: string): Locator {
  /** From `start` to the end of its line, so a block-level problem underlines one line. */
  const firstLine = (start: number): TextRange => {
    const newline = text.indexOf('\n', start);
    return { start, end: newline === -1 ? Math.max(start, text.length) : newline };
  };
  const documentStart = (): TextRange => firstLine(document.contents?.range?.[0] ?? 0);
  const value = (pointer: string): TextRange => {
    const found = descend(document, pointerSegments(pointer));
    if (!found) return documentStart();
    const { node, pair } = found;
    // An empty value (`rules:` with nothing after it) has an empty range; its key says more.
    const empty = isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
    if (node && !empty && (isScalar(node) || isAlias(node)) && node.range) return { start: node.range[0], end: node.range[1] };
    const key = pair?.key as Node | undefined;
    if (key?.range) return { start: key.range[0], end: key.range[1] };
    if (node?.range) return firstLine(node.range[0]);
    return documentStart();
  };
  const key = (pointer: string, property: string): TextRange => {
    const found = descend(document, [...pointerSegments(pointer), property]);
    const keyNode = found?.pair?.key as Node | undefined;
    if (keyNode?.range) return { start: keyNode.range[0], end: keyNode.range[1] };
    return value(pointer);
  };
  return { value, key };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
