/**
 * Inline suppressions, the same in every dialect (all of them use `#` comments):
 *
 *   # lb-drift-disable-next-line weight-skew, duplicate-member -- the big box really is bigger
 *   # lb-drift-disable unused-pool -- pools here are used by the main config
 *
 * The first silences the named rules on the next line, the second in the whole file. A marker must
 * start its line (after indentation), so text inside strings is not mistaken for one.
 */
import type { TextChange } from '../core/dialect';
import type { Finding } from '../core/finding';
import { LineIndex, type Loc } from '../core/span';

/**
 * A marker fills a line; lines end at LF, CRLF or a bare CR, as in `LineIndex` (the `m` flag is
 * not used because it also breaks lines at U+2028 and U+2029, which editors do not).
 */
const MARKER = /(?<![^\r\n])[ \t]*#[ \t]*lb-drift-(disable-next-line|disable)[ \t]+([^\r\n]*)(?![^\r\n])/g;

/** The word every marker has; a text without it has no suppression. */
const MARKER_WORD = 'lb-drift-disable';

export interface Suppression {
  readonly kind: 'next-line' | 'file';
  readonly rules: readonly string[];
  readonly reason: string;
  /** The comment itself. */
  readonly loc: Loc;
  /** For `next-line`: the zero-based line it applies to. */
  readonly line: number;
}

export function parseSuppressions(file: string, text: string): Suppression[] {
  const out: Suppression[] = [];
  if (!text.includes(MARKER_WORD)) return out;
  let lines: LineIndex | undefined;
  for (const match of text.matchAll(MARKER)) {
    const rest = match[2]!;
    const separator = rest.search(/[ \t]--(?:[ \t]|$)/);
    const body = separator >= 0 ? rest.slice(0, separator) : rest;
    const reason = separator >= 0 ? rest.slice(separator).replace(/^[ \t]--[ \t]?/, '').trim() : '';
    const rules = body
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const start = match.index!;
    lines ??= new LineIndex(text);
    const line = lines.positionAt(start).line;
    out.push({
      kind: match[1] === 'disable' ? 'file' : 'next-line',
      rules,
      reason,
      loc: { file, start: start + match[0].length - match[0].trimStart().length, end: start + match[0].length },
      line: line + 1,
    });
  }
  return out;
}

/**
 * Whether `text` has a suppression marker's word. With `before` (whether the previous version
 * had one, and the edit between them) and no word before, only the edited part and the
 * marker-length text around it are searched: a word anywhere else was there before.
 */
export function hasMarkers(text: string, before?: { readonly markers: boolean; readonly change: TextChange }): boolean {
  if (!before || before.markers) return text.includes(MARKER_WORD);
  const from = Math.max(0, before.change.start - MARKER_WORD.length);
  return text.slice(from, Math.min(text.length, before.change.newEnd + MARKER_WORD.length)).includes(MARKER_WORD);
}

/** Whether a file other than `root` that the analysis read has a suppression marker's word. */
export function includesHaveMarkers(sources: ReadonlyMap<string, string>, root: string): boolean {
  for (const [path, text] of sources) if (path !== root && text.includes(MARKER_WORD)) return true;
  return false;
}

export interface UnusedSuppression {
  readonly suppression: Suppression;
  /** The rule named in it that silenced nothing. */
  readonly rule: string;
}

export interface SuppressionOutcome {
  readonly kept: Finding[];
  /** Every (comment, rule) pair that silenced no finding, in file order. */
  readonly unused: UnusedSuppression[];
}

/** Drops findings silenced by a marker in the file they are located in, noting markers that silence nothing. */
export function applySuppressions(findings: readonly Finding[], sources: ReadonlyMap<string, string>): SuppressionOutcome {
  const byFile = new Map<string, Suppression[]>();
  for (const [file, text] of sources) {
    const list = parseSuppressions(file, text);
    if (list.length > 0) byFile.set(file, list);
  }
  if (byFile.size === 0) return { kept: [...findings], unused: [] };
  const used = new Set<string>();
  const indexes = new Map<string, LineIndex>();
  const kept = findings.filter((finding) => {
    const suppressions = byFile.get(finding.loc.file);
    if (!suppressions) return true;
    let index = indexes.get(finding.loc.file);
    if (!index) indexes.set(finding.loc.file, (index = new LineIndex(sources.get(finding.loc.file) ?? '')));
    const line = index.positionAt(finding.loc.start).line;
    const match = suppressions.find((s) => s.rules.includes(finding.rule) && (s.kind === 'file' || s.line === line));
    if (!match) return true;
    used.add(`${match.loc.file}\u0000${match.loc.start}\u0000${finding.rule}`);
    return false;
  });
  const unused: UnusedSuppression[] = [];
  for (const list of byFile.values()) {
    for (const suppression of list) {
      for (const rule of suppression.rules) {
        if (!used.has(`${suppression.loc.file}\u0000${suppression.loc.start}\u0000${rule}`)) unused.push({ suppression, rule });
      }
    }
  }
  return { kept, unused };
}
