/**
 * Walks an nginx configuration as nginx sees it: the root file, with every `include` replaced by
 * the directives of the files it names, each directive visited with its file and context. Parse
 * errors, context errors and include problems (missing files, loops, runaway expansion) are
 * collected as parse problems. The walk uses an explicit stack and integer directive ids, so deep
 * nesting cannot overflow and no per-directive objects are made.
 */
import type { ParseProblem } from '../../core/finding';
import type { SourceFile, SourceLoader } from '../../core/dialect';
import { loc, type Loc } from '../../core/span';
import { checkContexts, childContext, inferContext } from './contexts';
import { semicolonMakesProgress, unterminatedByEnd } from './insert-fix';
import { parseNginxTree } from './parser';
import { readTemplate } from './template';
import { inferTemplateContext, noteTemplate } from './template-note';
import type { NginxContext, NginxSyntaxError } from './syntax';
import { NONE, type NginxTree } from './tree';

/** The most file visits one analysis makes, so `include` fan-out cannot explode. */
export const MAX_INCLUDED_FILES = 2000;
/** The deepest include chain followed. */
export const MAX_INCLUDE_DEPTH = 32;

/** One directive as the visitor sees it. The object is reused: copy what you keep. */
export interface VisitedDirective {
  tree: NginxTree;
  id: number;
  file: string;
  /** The context the directive itself sits in. */
  context: NginxContext;
}

export interface NginxVisitor {
  /** Called for every directive but `include`; return false to skip the directive's block. */
  enter(node: VisitedDirective): boolean | void;
  /** Called after a block directive's children (only when `enter` did not skip them). */
  leave?(node: VisitedDirective): void;
}

export interface WalkResult {
  readonly problems: ParseProblem[];
  readonly sources: Map<string, string>;
  /** The context the root file was read in (inferred for fragments). */
  readonly rootContext: NginxContext;
  /** The root file's tree and parser errors, and whether it is a template, for an incremental re-parse. */
  readonly root: RootParse;
  /** How many of `problems`, first in the list, are the root file's syntax and context errors. */
  readonly rootProblems: number;
  /** The root file's context errors (`checkContexts`), for an incremental re-analysis of the next version. */
  readonly rootContextErrors: readonly NginxSyntaxError[];
}

/**
 * Only one directive of the root file (and its block), or a run of siblings up to `stop`, is visited, read in `context`: the block an
 * incremental re-analysis lowers again (incremental-lower.ts). The root file's errors are
 * reported as in a whole walk.
 */
export interface WalkScope {
  readonly id: number;
  readonly context: NginxContext;
  /** The sibling the walk stops at (by default the one after `id`): a run of siblings from `id` is visited. */
  readonly stop?: number;
  /** The root file's context errors, found without checking the whole file again. */
  readonly rootContextErrors: (tree: NginxTree, context: NginxContext) => readonly NginxSyntaxError[];
}

export interface RootParse {
  readonly tree: NginxTree;
  readonly errors: readonly NginxSyntaxError[];
  readonly template: boolean;
}

/**
 * One run of sibling directives being walked. The walk keeps its frames in an array and reuses
 * the object at each depth, so that entering a block makes no object.
 */
interface Frame {
  tree: NginxTree;
  /** The next directive to visit among these siblings, or NONE. */
  next: number;
  file: string;
  context: NginxContext;
  /** The block directive whose children these are; `leave` is called for it when done. */
  owner: number;
  /** The include chain that led to this file, for loop detection and messages. */
  chain: readonly string[];
  /** The sibling the walk of these directives stops at (NONE: the end of the block). */
  stop: number;
}

/** The location of directive `d` of `tree` in `file`. */
export function directiveLoc(node: Pick<VisitedDirective, 'tree' | 'id' | 'file'>): Loc {
  return loc(node.file, { start: node.tree.start(node.id), end: node.tree.end(node.id) });
}

/**
 * `rootParse`, when given, is the root file's tree already parsed (incrementally) from a text
 * that is not a template; otherwise the root is parsed here.
 */
export function walkNginx(root: SourceFile, loader: SourceLoader, visitor: NginxVisitor, rootParse?: RootParse, scope?: WalkScope): WalkResult {
  const problems: ParseProblem[] = [];
  const sources = new Map<string, string>([[root.path, root.text]]);
  const parsed = new Map<string, NginxTree>();
  let visits = 0;

  let rootRead: RootParse | undefined;
  let rootContextErrors: readonly NginxSyntaxError[] = [];
  const parseFile = (path: string, text: string, context: NginxContext | 'infer', given?: RootParse): [NginxTree, NginxContext] => {
    // A template (Go, Jinja, envsubst) is parsed with its tags masked, same length (template.ts).
    const template = given ? undefined : readTemplate(text);
    const firstProblem = problems.length;
    const { tree, errors } = given ?? parseNginxTree(template ? template.masked : text);
    if (context === 'infer') rootRead = { tree, errors, template: template !== undefined };
    const effective = context === 'infer' ? ((template && inferTemplateContext(template)) ?? inferContext(tree)) : context;
    let unterminated: Map<number, number> | undefined;
    for (const error of errors) {
      let at = error.insert?.at;
      if (at !== undefined) {
        unterminated ??= unterminatedByEnd(tree);
        if (!semicolonMakesProgress(tree, unterminated.get(at), at, effective)) at = undefined;
      }
      problems.push({
        kind: 'syntax',
        message: error.message,
        loc: loc(path, error.span),
        ...(error.insert && at !== undefined
          ? {
              fixes: [
                {
                  title: `Insert "${error.insert.text}"`,
                  safety: 'safe' as const,
                  intents: [{ kind: 'edit' as const, edits: [{ loc: { file: path, start: at, end: at }, newText: error.insert.text }] }],
                },
              ],
            }
          : {}),
      });
    }
    const contextErrors = context === 'infer' && scope ? scope.rootContextErrors(tree, effective) : checkContexts(tree, effective);
    if (context === 'infer') rootContextErrors = contextErrors;
    for (const error of contextErrors) {
      problems.push({ kind: 'syntax', message: error.message, loc: loc(path, error.span) });
    }
    if (template) noteTemplate(problems, firstProblem, path, template);
    return [tree, effective];
  };

  // A fragment (conf.d/*.conf, sites-enabled/*) is read in the context it is evidently meant for.
  const [rootTree, rootContext] = parseFile(root.path, root.text, 'infer', rootParse);
  const rootProblems = problems.length;
  // The frames in use are stack[0] to stack[top]; the objects above stay for reuse.
  const stack: Frame[] = [
    scope
      ? { tree: rootTree, next: scope.id, file: root.path, context: scope.context, owner: NONE, chain: [root.path], stop: scope.stop ?? rootTree.nextSibling(scope.id) }
      : { tree: rootTree, next: rootTree.firstRoot, file: root.path, context: rootContext, owner: NONE, chain: [root.path], stop: NONE },
  ];
  let top = 0;
  const push = (tree: NginxTree, next: number, file: string, context: NginxContext, owner: number, chain: readonly string[]): void => {
    const frame = stack[++top];
    if (frame === undefined) {
      stack.push({ tree, next, file, context, owner, chain, stop: NONE });
      return;
    }
    frame.tree = tree;
    frame.next = next;
    frame.file = file;
    frame.context = context;
    frame.owner = owner;
    frame.chain = chain;
    frame.stop = NONE;
  };
  const node: VisitedDirective = { tree: rootTree, id: NONE, file: root.path, context: rootContext };

  while (top >= 0) {
    const frame = stack[top]!;
    const { tree } = frame;
    if (frame.next === NONE || frame.next === frame.stop) {
      top--;
      if (frame.owner !== NONE && visitor.leave) {
        const parent = stack[top]!;
        node.tree = tree;
        node.id = frame.owner;
        node.file = frame.file;
        node.context = parent.context;
        visitor.leave(node);
      }
      continue;
    }
    const id = frame.next;
    frame.next = tree.nextSibling(id);

    if (!tree.hasBlock(id) && tree.name(id) === 'include') {
      if (tree.argCount(id) === 0) continue;
      const included = includeFrames(tree, id, frame);
      for (let i = included.length - 1; i >= 0; i--) {
        const { tree, next, file, context, owner, chain } = included[i]!;
        push(tree, next, file, context, owner, chain);
      }
      continue;
    }

    node.tree = tree;
    node.id = id;
    node.file = frame.file;
    node.context = frame.context;
    const descend = visitor.enter(node) !== false;
    if (descend && tree.hasBlock(id)) push(tree, tree.firstChild(id), frame.file, childContext(tree, id, frame.context), id, frame.chain);
  }

  return { problems, sources, rootContext, root: rootRead!, rootProblems, rootContextErrors };

  /** Loads what an `include` names and returns a frame per file, in order. */
  function includeFrames(tree: NginxTree, id: number, frame: Frame): Frame[] {
    const pattern = tree.argValue(id, 0);
    const at = directiveLoc({ tree, id, file: frame.file });
    if (frame.chain.length > MAX_INCLUDE_DEPTH) {
      problems.push({
        kind: 'include',
        message: `include "${pattern}" is nested more than ${MAX_INCLUDE_DEPTH} files deep; lb-drift stops following it here`,
        loc: at,
      });
      return [];
    }
    const result = loader.include(pattern, frame.file, root.path);
    if (!result.ok) {
      problems.push({ kind: 'include', message: result.message, loc: at });
      return [];
    }
    const frames: Frame[] = [];
    for (const file of result.files) {
      if (frame.chain.includes(file.path)) {
        const cycle = [...frame.chain.slice(frame.chain.indexOf(file.path)), file.path].map(baseName).join(' -> ');
        problems.push({
          kind: 'include',
          message: `include loop: ${cycle}; nginx -t fails on this. Remove the include that points back`,
          loc: at,
        });
        continue;
      }
      if (++visits > MAX_INCLUDED_FILES) {
        problems.push({
          kind: 'include',
          message: `more than ${MAX_INCLUDED_FILES} included files; lb-drift stops following includes here`,
          loc: at,
        });
        break;
      }
      sources.set(file.path, file.text);
      // A file included in several places in one context is parsed (and its errors reported) once.
      const cacheKey = `${file.path}\u0000${frame.context}`;
      let included = parsed.get(cacheKey);
      if (!included) {
        included = parseFile(file.path, file.text, frame.context)[0];
        parsed.set(cacheKey, included);
      }
      frames.push({
        tree: included,
        next: included.firstRoot,
        file: file.path,
        context: frame.context,
        owner: NONE,
        chain: [...frame.chain, file.path],
        stop: NONE,
      });
    }
    return frames;
  }
}

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}
