/** LSP text edits and diagnostics as tests receive them, and applying edits to a text. */
export interface Position {
  line: number;
  character: number;
}
export interface Edit {
  range: { start: Position; end: Position };
  newText: string;
}
export interface Diagnostic {
  code?: string;
  message: string;
  range: { start: Position; end: Position };
}

/** The text after `edits` (non-overlapping, in any order), as an editor applies a workspace edit. */
export function applyEdits(text: string, edits: Edit[]): string {
  const lines = text.split('\n');
  const offset = (p: Position) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((acc, e) => acc.slice(0, offset(e.range.start)) + e.newText + acc.slice(offset(e.range.end)), text);
}
