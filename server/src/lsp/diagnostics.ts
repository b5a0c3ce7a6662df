/**
 * Findings -> LSP diagnostics for one document. `diagnostic.data` says which rule and document
 * version a diagnostic came from; code actions rebuild the fixes from the analysis of that
 * version, never from what a client sends back.
 *
 * A finding is converted once: the engine lists a finding carried from the previous version as
 * the same object, or as a copy moved by the edit that knows the finding it was moved from
 * (`originOf`), so its diagnostic (and the JSON of it, see `diagnostics-encoder.ts`) is taken
 * from `DiagnosticCache` when its ranges are still the same; only `data` is new per version.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../core/finding';
import { originOf } from '../engine/incremental';
import { LineIndex, type Loc } from '../core/span';
import { pathToUri } from './uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  readonly rule: string;
  readonly version: number;
}

/** A diagnostic without its `data`, and where its ranges were, for the next version. */
export interface ConvertedFinding {
  /** Line and character of the start and end of the finding's range, then of each related range. */
  readonly positions: readonly number[];
  readonly diagnostic: Omit<Diagnostic, 'data'>;
  /** The diagnostic as UTF-8 JSON without its closing brace, made when first encoded. */
  bytes?: Buffer;
}

/**
 * Where a published diagnostic keeps the converted finding it was made from. A published
 * diagnostic is frozen: it is its converted part's fields, unchanged, plus `data`.
 */
const CONVERTED: unique symbol = Symbol('converted finding');

/** The converted finding a diagnostic made by `toDiagnostics` came from, if it still is exactly that. */
export function convertedOf(diagnostic: Diagnostic): ConvertedFinding | undefined {
  return Object.isFrozen(diagnostic) ? (diagnostic as { [CONVERTED]?: ConvertedFinding })[CONVERTED] : undefined;
}

/**
 * The converted findings of each document's last publish, by the finding they were first made
 * from (`originOf`, else the finding itself): the engine carries findings from the previous
 * version only, so the last publish is all a conversion is reused from. A map per publish, not a
 * WeakMap of every finding ever converted: that one grew by the moved findings of every edit
 * until a full collection, and its lookups and inserts cost several times a map's.
 */
export class DiagnosticCache {
  private readonly lastPublish = new Map<string, Map<Finding, ConvertedFinding>>();

  /** The conversions of the last publish of `uri`. */
  last(uri: string): ReadonlyMap<Finding, ConvertedFinding> | undefined {
    return this.lastPublish.get(uri);
  }

  /** Keeps the conversions of this publish of `uri` for the next one, instead of the last one's. */
  keep(uri: string, converted: Map<Finding, ConvertedFinding>): void {
    this.lastPublish.set(uri, converted);
  }

  /** The document was closed. */
  forget(uri: string): void {
    this.lastPublish.delete(uri);
  }
}

export function toDiagnostics(
  findings: readonly Finding[],
  document: TextDocument,
  documentPath: string,
  sources: ReadonlyMap<string, string>,
  docsLink: (rule: string) => string,
  cache: DiagnosticCache = new DiagnosticCache(),
): Diagnostic[] {
  const indexes = new Map<string, LineIndex>();
  const positionOf = (file: string, offset: number) => {
    if (file === documentPath) return document.positionAt(offset);
    let index = indexes.get(file);
    if (!index) {
      index = new LineIndex(sources.get(file) ?? '');
      indexes.set(file, index);
    }
    return index.positionAt(offset);
  };
  const pushRange = (positions: number[], at: Loc): void => {
    const start = positionOf(at.file, at.start);
    const end = positionOf(at.file, at.end);
    positions.push(start.line, start.character, end.line, end.character);
  };
  /** Whether `at`'s range is still at `positions[i..i+3]`. */
  const sameRange = (positions: readonly number[], i: number, at: Loc): boolean => {
    const start = positionOf(at.file, at.start);
    if (positions[i] !== start.line || positions[i + 1] !== start.character) return false;
    const end = positionOf(at.file, at.end);
    return positions[i + 2] === end.line && positions[i + 3] === end.character;
  };
  // A finding carried from the previous version is the same object, usually at the same ranges:
  // they are compared in place, and a list of positions is made only for a new conversion.
  const stillAt = (known: ConvertedFinding, finding: Finding): boolean => {
    const related = finding.related ?? [];
    if (known.positions.length !== 4 + 4 * related.length || !sameRange(known.positions, 0, finding.loc)) return false;
    for (let i = 0; i < related.length; i++) if (!sameRange(known.positions, 4 + 4 * i, related[i]!.loc)) return false;
    return true;
  };
  // One `data` per rule: the same for every diagnostic of that rule in this version, so the
  // encoder writes its bytes once per rule (diagnostics-encoder.ts).
  const dataOf = new Map<string, DiagnosticData>();
  const before = cache.last(document.uri);
  const kept = new Map<Finding, ConvertedFinding>();
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    if (finding.loc.file !== documentPath) continue;
    // A finding moved by an edit before it (a new object) is converted as the one it was moved
    // from, which differs only in offsets: its ranges say whether the conversion still holds.
    const first = originOf(finding) ?? finding;
    let converted = before?.get(first);
    if (!converted || !stillAt(converted, finding)) {
      const positions: number[] = [];
      pushRange(positions, finding.loc);
      for (const r of finding.related ?? []) pushRange(positions, r.loc);
      converted = { positions, diagnostic: diagnosticOf(finding, positions, document.uri, documentPath, docsLink) };
    }
    kept.set(first, converted);
    // Frozen, so the encoder can write it from its rule and version alone (diagnostics-encoder.ts).
    let data = dataOf.get(finding.rule);
    if (!data) dataOf.set(finding.rule, (data = Object.freeze({ rule: finding.rule, version: document.version })));
    // Every field spelled out, absent ones undefined (JSON leaves them out, and the symbol): one object shape.
    const { range, severity, code, codeDescription, source, message, tags, relatedInformation } = converted.diagnostic;
    diagnostics.push(Object.freeze({ range, severity, code, codeDescription, source, message, tags, relatedInformation, data, [CONVERTED]: converted }));
  }
  cache.keep(document.uri, kept);
  return diagnostics;
}

function diagnosticOf(
  finding: Finding,
  positions: readonly number[],
  uri: string,
  documentPath: string,
  docsLink: (rule: string) => string,
): Omit<Diagnostic, 'data'> {
  const rangeAt = (i: number) => ({
    start: { line: positions[i]!, character: positions[i + 1]! },
    end: { line: positions[i + 2]!, character: positions[i + 3]! },
  });
  const tags = (finding.tags ?? []).map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return {
    range: rangeAt(0),
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: docsLink(finding.rule) },
    source: 'lb-drift',
    message: finding.message,
    ...(tags.length > 0 ? { tags } : {}),
    ...(finding.related && finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((r, i) => ({
            location: { uri: r.loc.file === documentPath ? uri : pathToUri(r.loc.file), range: rangeAt(4 + 4 * i) },
            message: r.message,
          })),
        }
      : {}),
  };
}
