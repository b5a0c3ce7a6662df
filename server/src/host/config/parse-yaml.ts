/**
 * Parses a project config's text as one YAML 1.2 document, with positions, and turns YAML's own
 * errors into problems. Aliases are expanded under a cap: a few `&anchor`/`*alias` pairs are fine,
 * a "billion laughs" file is refused instead of eating the memory of an editor or a CI job; a text
 * that nests absurdly deep is refused before parsing (see nesting.ts).
 */
import { isAlias, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import { checkNesting } from './nesting';
import { problemAt, type ConfigProblem, type ProblemSeverity } from './problem';

/** How many alias expansions `toJS` allows; `yaml` counts nested expansions, so bombs trip it. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedYaml {
  readonly lines: LineCounter;
  /** Absent when the text could not be parsed at all. */
  readonly document?: Document.Parsed;
  /** The document as plain data; undefined when it has YAML errors (nothing of it is trusted). */
  readonly data: unknown;
  readonly problems: readonly ConfigProblem[];
}

export function parseConfigYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  const deep = checkNesting(text);
  if (deep) {
    // The positions need the line starts, which the parser would have recorded.
    lines.addNewLine(0);
    for (let at = text.indexOf('\n'); at !== -1 && at < deep.offset; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
    const message = `YAML: the file nests too deeply (${deep.message}), so lb-drift refuses to parse it; a project config needs four levels`;
    return { lines, data: undefined, problems: [problemAt(lines, deep.offset, deep.offset + 1, message)] };
  }
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2', schema: 'core', merge: false });
  } catch (error) {
    // The parser is iterative, but a pathological file can still exhaust the stack or throw.
    return { lines, data: undefined, problems: [problemAt(lines, 0, 0, `YAML: the file cannot be parsed (${describe(error)})`)] };
  }
  const problems = [
    ...document.errors.map((error) => yamlProblem(text, lines, error, 'error')),
    ...document.warnings.map((warning) => yamlProblem(text, lines, warning, 'warning')),
  ];
  if (document.errors.length > 0) return { lines, document, data: undefined, problems };
  try {
    const data: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    // An empty file (or one with only comments) is a valid config that sets nothing.
    return { lines, document, data: data ?? {}, problems };
  } catch (error) {
    const alias = firstAlias(document);
    const start = alias?.range?.[0] ?? 0;
    const end = alias?.range?.[1] ?? 0;
    const message = /alias/i.test(describe(error))
      ? `YAML: the file expands aliases (*name) more than ${MAX_ALIAS_COUNT} times, the pattern of a "billion laughs" attack, so lb-drift refuses it; write the values out instead of aliasing them`
      : `YAML: the file cannot be read (${describe(error)})`;
    return { lines, document, data: undefined, problems: [...problems, problemAt(lines, start, end, message)] };
  }
}

function yamlProblem(text: string, lines: LineCounter, error: YAMLError, severity: ProblemSeverity): ConfigProblem {
  const [start, reported] = error.pos;
  // A duplicate key is reported on its first character; underline the whole key.
  const end = error.code === 'DUPLICATE_KEY' ? start + /^[^:\n]*/.exec(text.slice(start))![0].trimEnd().length : reported;
  return problemAt(lines, start, end, `YAML: ${explain(error, text.slice(start, end))}`, severity);
}

/** YAML's messages name the problem; these say what to do about the common ones. */
function explain(error: YAMLError, source: string): string {
  const message = error.message.replace(/\s+/g, ' ').trim();
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return `the key ${JSON.stringify(source.trim())} appears twice in one mapping; merge the two entries into one`;
    case 'TAB_AS_INDENT':
      return 'YAML does not allow tabs for indentation; indent with spaces';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document; lb-drift reads one, so remove the "---" line and merge what follows into the first';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return `${message}; check the indentation and the ":" after each key`;
    default:
      return message;
  }
}

function firstAlias(document: Document.Parsed): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Alias(_, node) {
      if (isAlias(node)) found = node;
      return visit.BREAK;
    },
  });
  return found;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
