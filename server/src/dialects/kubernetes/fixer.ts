/**
 * Fix intents to YAML edits. Span edits apply as given; a weight is set by replacing the
 * written `weight:` value inside the member (a Gateway API backendRef, an Istio destination) or
 * adding `weight: N` after the member's first key at that key's indentation. No edit that adds
 * a YAML error, or a comment deletion that changes a value, leaves here (edit-guard.ts).
 */
import type { FixIntent, TextEdit } from '../../core/fix';
import { lineStartAt } from '../../core/text';
import { guardEdits } from './edit-guard';

export function fixKubernetes(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
  const edits = editsOf(intents, sources);
  return edits && guardEdits(edits, sources);
}

function editsOf(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const intent of intents) {
    if (intent.kind === 'edit') {
      edits.push(...intent.edits);
      continue;
    }
    if (intent.kind !== 'set-weight') return undefined;
    const text = sources.get(intent.member.file);
    if (text === undefined) return undefined;
    const member = text.slice(intent.member.start, intent.member.end);
    const written = /(^|[\s{,])weight[ \t]*:[ \t]*("?)(\d+)\2/.exec(member);
    if (written) {
      const start = intent.member.start + written.index + written[0].length - written[3]!.length - written[2]!.length;
      edits.push({ loc: { file: intent.member.file, start, end: start + written[3]!.length }, newText: String(intent.weight) });
      continue;
    }
    // A block mapping: add the key on its own line, indented like the member's first key.
    if (member.startsWith('{')) return undefined;
    const lineEnd = text.indexOf('\n', intent.member.start);
    if (lineEnd < 0 || lineEnd > intent.member.end) return undefined;
    const column = intent.member.start - lineStartAt(text, intent.member.start);
    const eol = text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
    edits.push({ loc: { file: intent.member.file, start: lineEnd, end: lineEnd }, newText: `${eol}${' '.repeat(column)}weight: ${intent.weight}` });
  }
  return edits;
}
