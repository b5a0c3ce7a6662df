/**
 * Helpers shared by the nginx parser tests: readable positions, tree walks and the structural
 * invariants every parse must satisfy.
 */
import { LineIndex, type Span } from '../../../server/src/core/span';
import type { NginxDirective, NginxFile, NginxParseResult } from '../../../server/src/dialects/nginx/syntax';

/** "line:column", both 1-based, of an offset. */
export function lineCol(text: string, offset: number): string {
  const position = new LineIndex(text).positionAt(offset);
  return `${position.line + 1}:${position.character + 1}`;
}

/** "l:c-l:c" of a span, 1-based, end exclusive. */
export function range(text: string, span: Span): string {
  return `${lineCol(text, span.start)}-${lineCol(text, span.end)}`;
}

export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Every directive of the tree, depth first, in document order, without recursion. */
export function allDirectives(file: NginxFile): NginxDirective[] {
  const out: NginxDirective[] = [];
  const stack: (readonly NginxDirective[])[] = [file.directives];
  const indexes: number[] = [0];
  while (stack.length > 0) {
    const list = stack[stack.length - 1]!;
    const index = indexes[indexes.length - 1]!;
    if (index >= list.length) {
      stack.pop();
      indexes.pop();
      continue;
    }
    indexes[indexes.length - 1] = index + 1;
    const directive = list[index]!;
    out.push(directive);
    if (directive.block) {
      stack.push(directive.block.children);
      indexes.push(0);
    }
  }
  return out;
}

/** The first directive with this name anywhere in the tree. */
export function find(file: NginxFile, name: string): NginxDirective {
  const found = allDirectives(file).find((d) => d.name === name);
  if (!found) throw new Error(`no "${name}" directive in the parse`);
  return found;
}

/**
 * The invariants of every parse: every span lies within the text and is ordered; every part of a
 * directive lies inside the directive; children lie inside their block; siblings do not overlap.
 * Returns the first violation, or undefined.
 */
export function spanViolation(result: NginxParseResult): string | undefined {
  const text = result.syntax.text;
  const inText = (span: Span, what: string): string | undefined =>
    Number.isInteger(span.start) && Number.isInteger(span.end) && 0 <= span.start && span.start <= span.end && span.end <= text.length
      ? undefined
      : `${what} span ${span.start}-${span.end} is outside 0-${text.length}`;
  const inside = (outer: Span, inner: Span, what: string): string | undefined =>
    outer.start <= inner.start && inner.end <= outer.end
      ? undefined
      : `${what} ${inner.start}-${inner.end} is not inside ${outer.start}-${outer.end}`;

  for (const error of result.errors) {
    const problem = inText(error.span, `error "${error.message}"`);
    if (problem) return problem;
  }
  let previous = -1;
  for (const comment of result.syntax.comments) {
    const problem = inText(comment.span, 'comment');
    if (problem) return problem;
    if (comment.span.start < previous) return 'comments are out of order';
    if (text[comment.span.start] !== '#') return `comment at ${comment.span.start} does not start with #`;
    previous = comment.span.end;
  }
  const checkList = (list: readonly NginxDirective[], parent: Span | undefined): string | undefined => {
    let end = parent ? parent.start : 0;
    for (const d of list) {
      const problem =
        inText(d.span, `directive "${d.name}"`) ??
        (parent ? inside(parent, d.span, `directive "${d.name}"`) : undefined) ??
        inside(d.span, d.nameSpan, `name of "${d.name}"`) ??
        (d.span.start < end ? `directive "${d.name}" overlaps its previous sibling` : undefined) ??
        (d.span.start !== d.nameSpan.start ? `directive "${d.name}" does not start at its name` : undefined);
      if (problem) return problem;
      end = d.span.end;
      for (const arg of d.args) {
        const argProblem = inText(arg.span, 'argument') ?? inside(d.span, arg.span, `argument of "${d.name}"`);
        if (argProblem) return argProblem;
      }
      if (d.semicolon) {
        const semicolonProblem = inside(d.span, d.semicolon, `";" of "${d.name}"`);
        if (semicolonProblem) return semicolonProblem;
        if (d.span.end !== d.semicolon.end) return `directive "${d.name}" does not end at its ";"`;
      }
      if (d.block) {
        const block = d.block;
        const blockProblem =
          inside(d.span, block.open, `"{" of "${d.name}"`) ??
          (block.close ? inside(d.span, block.close, `"}" of "${d.name}"`) : undefined) ??
          (block.raw ? inside(d.span, block.raw, `raw body of "${d.name}"`) : undefined);
        if (blockProblem) return blockProblem;
        if (block.close && d.span.end !== block.close.end) return `block "${d.name}" does not end at its "}"`;
        if (block.raw && block.children.length > 0) return `raw block "${d.name}" has children`;
      }
      if (d.trailingComment) {
        const trailing = inText(d.trailingComment.span, 'trailing comment');
        if (trailing) return trailing;
      }
    }
    return undefined;
  };
  // Walk every block list with an explicit stack.
  const stack: { list: readonly NginxDirective[]; parent: Span | undefined }[] = [
    { list: result.syntax.directives, parent: undefined },
  ];
  while (stack.length > 0) {
    const { list, parent } = stack.pop()!;
    const problem = checkList(list, parent);
    if (problem) return problem;
    for (const d of list) if (d.block && d.block.children.length > 0) stack.push({ list: d.block.children, parent: d.span });
  }
  return undefined;
}
