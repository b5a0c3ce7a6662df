/**
 * The HAProxy sections the model does not hold as pools, for the outline: each `frontend` with
 * the backends it routes to (`use_backend`, `default_backend`) as children. Backends and listen
 * sections come from the model's pools, with their servers.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { parseHaproxy } from '../../dialects/haproxy/parser';
import type { DocumentAnalysis } from '../document-analysis';

const ROUTING = new Set(['use_backend', 'default_backend']);

export function haproxyFrontends(analysis: DocumentAnalysis): DocumentSymbol[] {
  const { document } = analysis;
  const range = (start: number, end: number) => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const symbols: DocumentSymbol[] = [];
  for (const section of parseHaproxy(document.getText()).syntax.sections) {
    if (section.kind !== 'frontend') continue;
    const children: DocumentSymbol[] = section.lines
      .filter((line) => line.words.length >= 2 && ROUTING.has(line.words[0]!.value))
      .map((line) => {
        const [keyword, target] = [line.words[0]!, line.words[1]!];
        const condition = line.words.slice(2).map((word) => word.value).join(' ');
        return {
          name: `${keyword.value} ${target.value}`,
          ...(condition ? { detail: condition } : {}),
          kind: SymbolKind.Event,
          range: range(line.start, line.end),
          selectionRange: range(target.start, target.end),
        };
      });
    const name = section.name ?? section.header.words[0]!;
    symbols.push({
      name: `frontend ${section.name?.value ?? ''}`.trimEnd(),
      kind: SymbolKind.Interface,
      range: range(section.start, Math.max(section.header.end, lastLineEnd(section.lines, section.header.end))),
      selectionRange: range(name.start, name.end),
      children,
    });
  }
  return symbols;
}

/** The end of the section's last keyword line, so the range stops before trailing blank lines. */
function lastLineEnd(lines: readonly { readonly end: number; readonly words: readonly unknown[] }[], fallback: number): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.words.length > 0) return lines[i]!.end;
  return fallback;
}
