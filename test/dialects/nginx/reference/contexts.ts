/**
 * TEST ORACLE: the object-based context checks as they were before they moved to the flat tree
 * (contexts.ts, infer-context.ts), kept unchanged but for names and imports, so that property
 * tests can check that the tree-based checks report exactly the same errors. Not used by the
 * product.
 *
 * Contexts: which block a directive's children live in, which context a fragment file is meant
 * for, and the checks `nginx -t` makes against the directive table (context, block or not,
 * argument count). Only directives in the table are checked; unknown ones never are.
 */
import { LineIndex, type Span } from '../../../../server/src/core/span';
import { describeContexts, contextBits } from '../../../../server/src/dialects/nginx/context-names';
import { LIF, LOC, SIF, SRV, arityAccepts, describeArity, type DirectiveUse } from '../../../../server/src/dialects/nginx/directive-model';
import { lookupDirective } from '../../../../server/src/dialects/nginx/directives';
import { quoteDirective } from '../../../../server/src/dialects/nginx/recovery';
import type { NginxContext, NginxDirective, NginxFile, NginxSyntaxError } from '../../../../server/src/dialects/nginx/syntax';


const STREAM_FAMILY: ReadonlySet<NginxContext> = new Set(['stream', 'stream-server', 'stream-upstream']);
const MAIL_FAMILY: ReadonlySet<NginxContext> = new Set(['mail', 'mail-server']);

/** Blocks whose body is a table of words rather than directives. */
const TABLE_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'split_clients', 'types']);

/**
 * The context of a block directive's children: `server` in `http` is `server`, `upstream` in
 * `stream` is `stream-upstream`, `server` in `stream` is `stream-server`. Everything under an
 * unknown block, and unknown blocks themselves, are `other`.
 */
export function referenceChildContext(directive: NginxDirective, parent: NginxContext): NginxContext {
  if (parent === 'other' || TABLE_BLOCKS.has(parent)) return 'other';
  const name = directive.name;
  switch (name) {
    case 'http':
    case 'events':
    case 'stream':
    case 'mail':
    case 'location':
    case 'if':
    case 'limit_except':
    case 'map':
    case 'geo':
    case 'split_clients':
    case 'types':
      return name;
    case 'server':
      if (parent === 'upstream' || parent === 'stream-upstream') return 'other';
      if (STREAM_FAMILY.has(parent)) return 'stream-server';
      if (MAIL_FAMILY.has(parent)) return 'mail-server';
      return 'server';
    case 'upstream':
      return STREAM_FAMILY.has(parent) ? 'stream-upstream' : 'upstream';
    default:
      return 'other';
  }
}

interface Frame {
  readonly directives: readonly NginxDirective[];
  index: number;
  readonly context: NginxContext;
  /** The table bits of this context; an `if` knows whether it sits in a server or a location. */
  readonly bits: number;
  /** The block directive these are the children of, or null at the top of the file. */
  readonly owner: string | null;
}

/**
 * What `nginx -t` would reject about the known directives of a file read in `context`: a
 * directive not allowed where it stands, a block directive without `{`, a simple directive with a
 * block, a wrong number of arguments, a flag that is neither `on` nor `off`, and malformed entries
 * in `map`, `geo` and `types` blocks. The walk uses an explicit stack.
 */
export function referenceCheckContexts(file: NginxFile, context: NginxContext): NginxSyntaxError[] {
  const checker = new Checker(file, context);
  return checker.run();
}

class Checker {
  readonly errors: NginxSyntaxError[] = [];
  private lines: LineIndex | undefined;

  constructor(
    private readonly file: NginxFile,
    private readonly context: NginxContext,
  ) {}

  run(): NginxSyntaxError[] {
    const stack: Frame[] = [
      { directives: this.file.directives, index: 0, context: this.context, bits: contextBits(this.context), owner: null },
    ];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.index >= frame.directives.length) {
        stack.pop();
        continue;
      }
      const directive = frame.directives[frame.index++]!;
      if (TABLE_BLOCKS.has(frame.context)) {
        this.checkTableEntry(directive, frame.context);
        continue;
      }
      if (frame.context === 'other') continue;
      const uses = lookupDirective(directive.name);
      if (uses) this.checkDirective(directive, uses, frame);
      const block = directive.block;
      if (block && block.raw === undefined && block.children.length > 0) {
        const child = referenceChildContext(directive, frame.context);
        if (child === 'other') continue;
        let bits = contextBits(child);
        if (child === 'if') bits = frame.bits === SRV ? SIF : frame.bits === LOC ? LIF : SIF | LIF;
        stack.push({ directives: block.children, index: 0, context: child, bits, owner: directive.name });
      }
    }
    return this.errors;
  }

  private checkDirective(directive: NginxDirective, uses: readonly DirectiveUse[], frame: Frame): void {
    const name = directive.name;
    let use: DirectiveUse | undefined;
    let everywhere = 0;
    for (const candidate of uses) {
      everywhere |= candidate.contexts;
      if (use === undefined && (candidate.contexts & frame.bits) !== 0) use = candidate;
    }
    if (use === undefined) {
      const where = frame.owner === null ? this.topLevel() : `inside "${frame.owner}"`;
      this.error(
        directive.nameSpan,
        `"${name}" directive is not allowed here (${where}); nginx -t rejects it. Move it to ${describeContexts(everywhere)}`,
      );
      return;
    }
    const block = directive.block;
    if (use.block && block === undefined && directive.semicolon !== undefined) {
      this.error(
        { start: directive.nameSpan.start, end: directive.semicolon.end },
        `"${name}" directive has no opening "{": it is a block directive; replace ";" with "{ ... }"`,
      );
    } else if (!use.block && block !== undefined) {
      this.error(
        block.open,
        `"${name}" directive is not terminated by ";": it takes no block; replace the "{ ... }" with ";"`,
      );
    }
    const args = directive.args;
    if (!arityAccepts(use.args, args.length)) {
      const end = args.length > 0 ? args[args.length - 1]!.span.end : directive.nameSpan.end;
      this.error(
        { start: directive.nameSpan.start, end },
        `invalid number of arguments in "${name}" directive: expected ${describeArity(use.args)}, got ${args.length}` +
          this.runOnHint(directive),
      );
    } else if (use.args === 'flag') {
      const value = args[0]!.value.toLowerCase();
      if (value !== 'on' && value !== 'off') {
        this.error(args[0]!.span, `invalid value "${args[0]!.value}" in "${name}" directive, it must be "on" or "off"`);
      }
    }
  }

  /**
   * Entries of `map`, `geo` and `types` blocks are words, not directives; nginx checks their
   * shape with its own messages, and none of them may open a block.
   */
  private checkTableEntry(entry: NginxDirective, table: NginxContext): void {
    if (entry.block !== undefined) {
      this.error(entry.block.open, `unexpected "{" in a ${table} block: its entries are "key value;" lines, not blocks`);
      return;
    }
    const count = entry.args.length;
    if (table === 'map' || table === 'geo') {
      const flags = table === 'map' ? MAP_FLAGS : GEO_FLAGS;
      if (count === 0 && flags.has(entry.name)) return;
      if (count !== 1) {
        this.error(
          entry.span,
          `invalid number of the ${table} parameters: an entry is "key value;", got ${count + 1} ` +
            (count === 0 ? 'word' : 'words') +
            (count === 0 ? ` (add the value for "${entry.name}")` : ' (quote a value that contains spaces)'),
        );
      }
    } else if (table === 'types' && entry.name === 'include' && count !== 1) {
      this.error(entry.span, `invalid number of arguments in "include" directive: expected 1, got ${count}`);
    }
  }

  /**
   * When a directive has too many arguments and one of them starts a line with a known directive
   * name, the `;` before that line is probably missing.
   */
  private runOnHint(directive: NginxDirective): string {
    const text = this.file.text;
    let previousEnd = directive.nameSpan.end;
    for (const arg of directive.args) {
      if (arg.quote === null && lookupDirective(arg.value) && text.slice(previousEnd, arg.span.start).includes('\n')) {
        const before = quoteDirective(text, directive.nameSpan.start, previousEnd);
        return `; is a ";" missing after "${before}", before "${arg.value}" on line ${this.lineOf(arg.span.start)}?`;
      }
      previousEnd = arg.span.end;
    }
    return '';
  }

  private topLevel(): string {
    return this.context === 'main'
      ? 'at the top level, the main context'
      : `at the top level of this file, which is read as the ${this.context} context`;
  }

  private error(span: Span, message: string): void {
    this.errors.push({ message, span: { start: span.start, end: span.end } });
  }

  private lineOf(offset: number): number {
    this.lines ??= new LineIndex(this.file.text);
    return this.lines.positionAt(offset).line + 1;
  }
}

/** Single words nginx accepts in a `map` block: `hostnames;`, `volatile;`. */
const MAP_FLAGS: ReadonlySet<string> = new Set(['hostnames', 'volatile']);
/** Single words nginx accepts in a `geo` block. */
const GEO_FLAGS: ReadonlySet<string> = new Set(['ranges', 'proxy_recursive', 'volatile']);

/* The context inference of infer-context.ts, as it was. */

/** Only this many top-level directives are looked at: inference must stay cheap. */
const INFER_LIMIT = 50;

/** Candidates in order of preference; the first one that accepts the most directives wins. */
const CANDIDATES: readonly NginxContext[] = [
  'main',
  'http',
  'server',
  'location',
  'upstream',
  'events',
  'stream',
  'stream-server',
  'stream-upstream',
  'mail',
  'mail-server',
];

/** The same list with stream preferred over http, for files whose servers proxy TCP. */
const STREAM_FIRST: readonly NginxContext[] = ['main', 'stream', ...CANDIDATES.filter((c) => c !== 'main' && c !== 'stream')];

export function referenceInferContext(file: NginxFile): NginxContext {
  const top = file.directives;
  const count = Math.min(top.length, INFER_LIMIT);
  const scores = new Map<NginxContext, number>();
  let known = 0;
  let streamServers = false;
  for (let i = 0; i < count; i++) {
    const directive = top[i]!;
    const uses = lookupDirective(directive.name);
    if (!uses) continue;
    known++;
    if (directive.name === 'server' && directive.block && looksLikeStreamServer(directive)) streamServers = true;
    const hasBlock = directive.block !== undefined;
    const broken = !hasBlock && directive.semicolon === undefined;
    for (const candidate of CANDIDATES) {
      const bits = contextBits(candidate);
      if (uses.some((use) => (use.contexts & bits) !== 0 && (broken || use.block === hasBlock))) {
        scores.set(candidate, (scores.get(candidate) ?? 0) + 1);
      }
    }
  }
  if (known === 0) return 'main';
  let best: NginxContext = 'main';
  let bestScore = -1;
  for (const candidate of streamServers ? STREAM_FIRST : CANDIDATES) {
    const score = scores.get(candidate) ?? 0;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A stream server proxies to an upstream name or address without a URL scheme and has no
 * locations; an http server's `proxy_pass` lives in a location and carries `http://`.
 */
function looksLikeStreamServer(server: NginxDirective): boolean {
  let proxies = false;
  for (const child of server.block!.children) {
    if (child.name === 'location') return false;
    if (child.name === 'proxy_pass') {
      const target = child.args[0]?.value ?? '';
      if (target.includes('://')) return false;
      proxies = true;
    }
  }
  return proxies;
}
