/**
 * Walks an nginx configuration as nginx sees it: the root file, with every `include` replaced by
 * the directives of the files it names, each directive tagged with its file and context. Parse
 * errors, context errors and include problems (missing files, loops, runaway expansion) are
 * collected as parse problems. The walk uses an explicit stack, so deep nesting cannot overflow.
 */
import type { ParseProblem } from '../../core/finding';
import type { SourceFile, SourceLoader } from '../../core/dialect';
import { loc, type Loc } from '../../core/span';
import { checkContexts, childContext, inferContext } from './contexts';
import { parseNginx } from './parser';
import type { NginxContext, NginxDirective, NginxFile } from './syntax';

/** The most file visits one analysis makes, so `include` fan-out cannot explode. */
export const MAX_INCLUDED_FILES = 2000;
/** The deepest include chain followed. */
export const MAX_INCLUDE_DEPTH = 32;

export interface VisitedDirective {
  readonly directive: NginxDirective;
  readonly file: string;
  /** The context the directive itself sits in. */
  readonly context: NginxContext;
  readonly loc: Loc;
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
}

interface Frame {
  readonly directives: readonly NginxDirective[];
  index: number;
  readonly file: string;
  readonly context: NginxContext;
  /** The block directive whose children these are; `leave` is called for it when done. */
  readonly owner?: VisitedDirective;
  /** The include chain that led to this file, for loop detection and messages. */
  readonly chain: readonly string[];
}

export function walkNginx(root: SourceFile, loader: SourceLoader, visitor: NginxVisitor): WalkResult {
  const problems: ParseProblem[] = [];
  const sources = new Map<string, string>([[root.path, root.text]]);
  const parsed = new Map<string, NginxFile>();
  let visits = 0;

  const parseFile = (path: string, text: string, context: NginxContext | 'infer'): NginxFile => {
    const { syntax, errors } = parseNginx(text);
    const effective = context === 'infer' ? inferContext(syntax) : context;
    for (const error of errors) problems.push({ kind: 'syntax', message: error.message, loc: loc(path, error.span) });
    for (const error of checkContexts(syntax, effective)) {
      problems.push({ kind: 'syntax', message: error.message, loc: loc(path, error.span) });
    }
    return syntax;
  };

  // A fragment (conf.d/*.conf, sites-enabled/*) is read in the context it is evidently meant for.
  const rootSyntax = parseFile(root.path, root.text, 'infer');
  const rootContext = inferContext(rootSyntax);

  const stack: Frame[] = [
    { directives: rootSyntax.directives, index: 0, file: root.path, context: rootContext, chain: [root.path] },
  ];

  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.directives.length) {
      stack.pop();
      if (frame.owner) visitor.leave?.(frame.owner);
      continue;
    }
    const directive = frame.directives[frame.index++]!;
    const node: VisitedDirective = {
      directive,
      file: frame.file,
      context: frame.context,
      loc: loc(frame.file, directive.span),
    };

    if (directive.name === 'include' && !directive.block) {
      const pattern = directive.args[0]?.value;
      if (pattern === undefined) continue;
      if (frame.chain.length > MAX_INCLUDE_DEPTH) {
        problems.push({
          kind: 'include',
          message: `include "${pattern}" is nested more than ${MAX_INCLUDE_DEPTH} files deep; lb-drift stops following it here`,
          loc: node.loc,
        });
        continue;
      }
      const result = loader.include(pattern, frame.file, root.path);
      if (!result.ok) {
        problems.push({ kind: 'include', message: result.message, loc: node.loc });
        continue;
      }
      // Push in reverse so the first matched file is walked first.
      for (let i = result.files.length - 1; i >= 0; i--) {
        const file = result.files[i]!;
        if (frame.chain.includes(file.path)) {
          const cycle = [...frame.chain.slice(frame.chain.indexOf(file.path)), file.path].map(baseName).join(' -> ');
          problems.push({
            kind: 'include',
            message: `include loop: ${cycle}; nginx -t fails on this. Remove the include that points back`,
            loc: node.loc,
          });
          continue;
        }
        if (++visits > MAX_INCLUDED_FILES) {
          problems.push({
            kind: 'include',
            message: `more than ${MAX_INCLUDED_FILES} included files; lb-drift stops following includes here`,
            loc: node.loc,
          });
          break;
        }
        sources.set(file.path, file.text);
        const cacheKey = `${file.path}\u0000${frame.context}`;
        let syntax = parsed.get(cacheKey);
        if (!syntax) {
          syntax = parseFile(file.path, file.text, frame.context);
          parsed.set(cacheKey, syntax);
        }
        stack.push({
          directives: syntax.directives,
          index: 0,
          file: file.path,
          context: frame.context,
          chain: [...frame.chain, file.path],
        });
      }
      continue;
    }

    const descend = visitor.enter(node) !== false;
    if (directive.block && descend) {
      stack.push({
        directives: directive.block.children,
        index: 0,
        file: frame.file,
        context: childContext(directive, frame.context),
        owner: node,
        chain: frame.chain,
      });
    }
  }

  return { problems, sources, rootContext };
}

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}
