/**
 * Findings -> LSP diagnostics for one document. `diagnostic.data` says which rule and document
 * version a diagnostic came from; code actions rebuild the fixes from the analysis of that
 * version, never from what a client sends back.
 *
 * A finding is converted once: the engine lists a finding carried from the previous version as
 * the same object, or as a copy moved by the edit that knows the finding it was moved from
 * (`originOf`), so its diagnostic (and the JSON of it, see `diagnostics-encoder.ts`) is taken
 * from `DiagnosticCache` when its ranges are still the same; only `data` is new per version.
 * Whether they are is mostly known without a position: the snapshot moved from the one the last
 * publish read says which offsets keep their line and column (`DocumentSnapshot.kept`).
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../core/finding';
import { originOf } from '../engine/incremental';
import { LineIndex, type Loc } from '../core/span';
import { DocumentSnapshot, type KeptPositions } from './document-snapshot';
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
  /** The offsets of those starts and ends in the snapshot `offsetsIn` (the last publish that listed it). */
  offsets: number[];
  offsetsIn: number;
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
 * The optional fields of a diagnostic the client said it reads (`textDocument.publishDiagnostics`
 * in its capabilities): a field it does not read is not sent. VS Code reads both; Neovim 0.7 does
 * not read `codeDescription` (15% of a large publish), and Emacs's eglot reads neither (with
 * `relatedInformation`, 30%). `tags` and `data` are always sent: code actions need `data`, and a
 * client that does not know a tag ignores it.
 */
export interface DiagnosticFields {
  /** The link to the rule's documentation (`codeDescriptionSupport`). */
  readonly codeDescription: boolean;
  /** The other locations a finding names (`relatedInformation`). */
  readonly relatedInformation: boolean;
}

/** Every field: what a caller that knows no client capabilities gets (tests, the in-process server). */
export const ALL_FIELDS: DiagnosticFields = { codeDescription: true, relatedInformation: true };

/** The fields a client reads, from its `textDocument.publishDiagnostics` capabilities. */
export function fieldsOf(capabilities: { relatedInformation?: boolean; codeDescriptionSupport?: boolean } | undefined): DiagnosticFields {
  return { codeDescription: capabilities?.codeDescriptionSupport === true, relatedInformation: capabilities?.relatedInformation === true };
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
  /** The snapshot each document's last publish read (its `serial`). */
  private readonly lastSnapshot = new Map<string, number>();
  private fieldsRead: DiagnosticFields = ALL_FIELDS;

  /** The optional fields conversions write (every one until the client says which it reads). */
  get fields(): DiagnosticFields {
    return this.fieldsRead;
  }

  /** Converts with `fields` from now on; conversions made with other fields are dropped. */
  useFields(fields: DiagnosticFields): void {
    if (fields.codeDescription === this.fieldsRead.codeDescription && fields.relatedInformation === this.fieldsRead.relatedInformation) return;
    this.fieldsRead = fields;
    this.lastPublish.clear();
    this.lastSnapshot.clear();
  }

  /** The conversions of the last publish of `uri`. */
  last(uri: string): ReadonlyMap<Finding, ConvertedFinding> | undefined {
    return this.lastPublish.get(uri);
  }

  /** The serial of the snapshot the last publish of `uri` read, if it read one. */
  lastSerial(uri: string): number | undefined {
    return this.lastSnapshot.get(uri);
  }

  /** Keeps the conversions of this publish of `uri` for the next one, instead of the last one's. */
  keep(uri: string, converted: Map<Finding, ConvertedFinding>, serial?: number): void {
    this.lastPublish.set(uri, converted);
    if (serial === undefined) this.lastSnapshot.delete(uri);
    else this.lastSnapshot.set(uri, serial);
  }

  /** The document was closed. */
  forget(uri: string): void {
    this.lastPublish.delete(uri);
    this.lastSnapshot.delete(uri);
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
  const pushRange = (positions: number[], offsets: number[], at: Loc): void => {
    const start = positionOf(at.file, at.start);
    const end = positionOf(at.file, at.end);
    positions.push(start.line, start.character, end.line, end.character);
    offsets.push(at.start, at.end);
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
  // The snapshot moved from the one the last publish read keeps most positions (a keystroke
  // leaves every line but its own as it was): a conversion whose offsets the edit only moved is
  // known to hold without asking the snapshot for a position.
  const serial = document instanceof DocumentSnapshot ? document.serial : undefined;
  const kept = document instanceof DocumentSnapshot && document.kept?.from === cache.lastSerial(document.uri) ? document.kept : undefined;
  const keptAt = (known: ConvertedFinding, finding: Finding): boolean => {
    if (!kept || known.offsetsIn !== kept.from) return false;
    const related = finding.related ?? [];
    const offsets = known.offsets;
    if (offsets.length !== 2 + 2 * related.length || !keptRange(kept, offsets, 0, finding.loc, documentPath)) return false;
    for (let i = 0; i < related.length; i++) if (!keptRange(kept, offsets, 2 + 2 * i, related[i]!.loc, documentPath)) return false;
    return true;
  };
  // One `data` per rule: the same for every diagnostic of that rule in this version, so the
  // encoder writes its bytes once per rule (diagnostics-encoder.ts).
  const dataOf = new Map<string, DiagnosticData>();
  const before = cache.last(document.uri);
  const keptNow = new Map<Finding, ConvertedFinding>();
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    if (finding.loc.file !== documentPath) continue;
    // A finding moved by an edit before it (a new object) is converted as the one it was moved
    // from, which differs only in offsets: its ranges say whether the conversion still holds.
    const first = originOf(finding) ?? finding;
    let converted = before?.get(first);
    if (converted && (keptAt(converted, finding) || stillAt(converted, finding))) {
      if (serial !== undefined) recordOffsets(converted, finding, serial);
    } else {
      const positions: number[] = [];
      const offsets: number[] = [];
      pushRange(positions, offsets, finding.loc);
      for (const r of finding.related ?? []) pushRange(positions, offsets, r.loc);
      converted = { positions, offsets, offsetsIn: serial ?? 0, diagnostic: diagnosticOf(finding, positions, document.uri, documentPath, docsLink, cache.fields) };
    }
    keptNow.set(first, converted);
    // Frozen, so the encoder can write it from its rule and version alone (diagnostics-encoder.ts).
    let data = dataOf.get(finding.rule);
    if (!data) dataOf.set(finding.rule, (data = Object.freeze({ rule: finding.rule, version: document.version })));
    // Every field spelled out, absent ones undefined (JSON leaves them out, and the symbol): one object shape.
    const { range, severity, code, codeDescription, source, message, tags, relatedInformation } = converted.diagnostic;
    diagnostics.push(Object.freeze({ range, severity, code, codeDescription, source, message, tags, relatedInformation, data, [CONVERTED]: converted }));
  }
  cache.keep(document.uri, keptNow, serial);
  return diagnostics;
}

/** Whether `at`, a range of the document, is where the snapshot keeps the positions of `offsets[i..i+1]` (see `KeptPositions`). */
function keptRange(kept: KeptPositions, offsets: readonly number[], i: number, at: Loc, documentPath: string): boolean {
  return at.file === documentPath && keptOffset(kept, offsets[i]!, at.start) && keptOffset(kept, offsets[i + 1]!, at.end);
}

function keptOffset(kept: KeptPositions, then: number, now: number): boolean {
  return now <= kept.before ? now === then : now >= kept.after && now - kept.delta === then;
}

/** Notes the offsets of `finding`'s ranges as those `converted` stands for in snapshot `serial`. */
function recordOffsets(converted: ConvertedFinding, finding: Finding, serial: number): void {
  const offsets = converted.offsets;
  offsets[0] = finding.loc.start;
  offsets[1] = finding.loc.end;
  const related = finding.related;
  if (related) {
    for (let i = 0; i < related.length; i++) {
      offsets[2 + 2 * i] = related[i]!.loc.start;
      offsets[3 + 2 * i] = related[i]!.loc.end;
    }
  }
  converted.offsetsIn = serial;
}

function diagnosticOf(
  finding: Finding,
  positions: readonly number[],
  uri: string,
  documentPath: string,
  docsLink: (rule: string) => string,
  fields: DiagnosticFields,
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
    ...(fields.codeDescription ? { codeDescription: { href: docsLink(finding.rule) } } : {}),
    source: 'lb-drift',
    message: finding.message,
    ...(tags.length > 0 ? { tags } : {}),
    ...(fields.relatedInformation && finding.related && finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((r, i) => ({
            location: { uri: r.loc.file === documentPath ? uri : pathToUri(r.loc.file), range: rangeAt(4 + 4 * i) },
            message: r.message,
          })),
        }
      : {}),
  };
}
