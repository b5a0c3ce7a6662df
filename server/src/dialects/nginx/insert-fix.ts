/**
 * The safe "Insert ;" fix for a missing `;` is offered only where it makes progress: applying it
 * removes that syntax error and adds no other. It does not after a block directive written
 * without its `{` (`location /v` would become `location /v;`, which nginx rejects too), after a
 * trailing backslash (`a\;` escapes the `;`, and `a\` at the end of a line joins the next line
 * to the word), or where the `;` would change how the text around
 * it reads (right after a quoted word, say).
 *
 * The check is local and cheap. The parser ends a directive whose `;` is missing exactly where
 * its last word ends and goes on as if the `;` were there, so the rest of the file parses the
 * same once it is inserted; only the directive itself can read differently. It is parsed again
 * on its own, with and without the `;`, and checked in its context both ways.
 */
import { checkContexts, childContext } from './contexts';
import { parseNginxTree } from './parser';
import type { NginxContext } from './syntax';
import { NONE, type NginxTree } from './tree';

/** Characters after which a `;` inserted at the end of a word is read as a `;` and nothing else. */
function isSeparator(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * The directives of `tree` that end without a `;` or block, by where they end. Made once per
 * file, only when the parser reported a missing `;`.
 */
export function unterminatedByEnd(tree: NginxTree): Map<number, number> {
  const byEnd = new Map<number, number>();
  for (let d = 0; d < tree.count; d++) {
    if (!tree.hasBlock(d) && tree.semicolon(d) === NONE) byEnd.set(tree.end(d), d);
  }
  return byEnd;
}

/**
 * Whether inserting `;` at `at` (where directive `d` of `tree` ends) fixes the missing `;` and
 * adds no error. `rootContext` is the context the file is read in.
 */
export function semicolonMakesProgress(tree: NginxTree, d: number | undefined, at: number, rootContext: NginxContext): boolean {
  if (d === undefined) return false;
  const text = tree.text;
  if (at < text.length && !isSeparator(text.charCodeAt(at))) return false;
  if (text.charCodeAt(at - 1) === 92) return false;
  const own = text.slice(tree.start(d), at);
  // A backslash before a line break joins the lines into one word (`10\` then `}`): the `;`
  // would land after text the author meant as the next line.
  if (/\\[\r\n]/.test(own)) return false;
  const fixed = parseNginxTree(`${own};`);
  if (fixed.errors.length > 0) return false;
  const directive = fixed.tree.firstRoot;
  if (
    directive === NONE ||
    fixed.tree.nextSibling(directive) !== NONE ||
    fixed.tree.hasBlock(directive) ||
    fixed.tree.semicolon(directive) === NONE ||
    fixed.tree.argCount(directive) !== tree.argCount(d)
  ) {
    return false;
  }
  const context = contextOf(tree, d, rootContext);
  const before = checkContexts(parseNginxTree(own).tree, context).length;
  return checkContexts(fixed.tree, context).length <= before;
}

/** The context directive `d` stands in: its ancestors' contexts, from the top of the file down. */
function contextOf(tree: NginxTree, d: number, rootContext: NginxContext): NginxContext {
  const ancestors: number[] = [];
  for (let p = tree.parent(d); p !== NONE && p >= 0; p = tree.parent(p)) ancestors.push(p);
  let context = rootContext;
  for (let i = ancestors.length - 1; i >= 0; i--) context = childContext(tree, ancestors[i]!, context);
  return context;
}
