/**
 * `*_pass` references to pools: read from the directive (`proxy_pass http://app/path`,
 * `grpc_pass grpcs://app`, `fastcgi_pass app`, stream `proxy_pass app`), then resolved to the
 * pools of the same http or stream block once all pools are known, because nginx allows use
 * before definition and matches upstream names without regard to case.
 */
import type { Pool, Reference, ReferenceKind } from '../../core/model';
import type { Loc } from '../../core/span';
import { passTarget } from './addresses';
import { NONE, type NginxTree } from './tree';
import { movedBy, movedId, type TreeRebase } from './tree-rebase';
import type { VisitedDirective } from './walk';

/** A reference backed by the parse tree; locations are made when asked for. */
export class NginxReference implements Reference {
  pool: string | undefined;

  constructor(
    readonly kind: ReferenceKind,
    readonly name: string,
    readonly context: string,
    /** Written as a bare `$variable` host (a split_clients result, or a map). */
    readonly variable: boolean,
    private readonly tree: NginxTree,
    /** The `*_pass` directive in `tree`. */
    readonly id: number,
    private readonly file: string,
    /** Offsets of the name in the file, or -1 when the argument's text differs from its value. */
    private readonly hostStart: number,
  ) {}

  get loc(): Loc {
    return { file: this.file, start: this.tree.start(this.id), end: this.tree.end(this.id) };
  }

  get nameLoc(): Loc {
    if (this.hostStart >= 0) return { file: this.file, start: this.hostStart, end: this.hostStart + this.name.length };
    return { file: this.file, start: this.tree.argStart(this.id, 0), end: this.tree.argEnd(this.id, 0) };
  }

  private scopeText: string | undefined;

  /** The same reference over a re-parsed root tree (tree-rebase.ts), unresolved; undefined if it was re-read. */
  rebase(rebase: TreeRebase): NginxReference | undefined {
    const id = this.tree === rebase.from ? movedId(rebase, this.id) : NONE;
    if (id === NONE) return undefined;
    const hostStart = this.hostStart < 0 ? -1 : this.hostStart + movedBy(rebase, this.id);
    return new NginxReference(this.kind, this.name, this.context, this.variable, rebase.to, id, this.file, hostStart);
  }

  get scope(): string {
    return (this.scopeText ??= blockPath(this.tree, this.id));
  }
}

/** Server labels by block id: a generated server with thousands of locations is scanned once. */
const serverLabels = new WeakMap<NginxTree, Map<number, string>>();

/**
 * The blocks around a directive in its own file, outermost first: `http > server example.com >
 * location /api`. A server is named by its `server_name` (else `listen 80`), other blocks by
 * their arguments, so the path survives reformatting and moving lines. A block that encloses the
 * file's `include` lies in another file and is not part of the path.
 */
function blockPath(tree: NginxTree, id: number): string {
  const parts: string[] = [];
  for (let block = tree.parent(id); block !== NONE; block = tree.parent(block)) {
    const name = tree.name(block);
    const label = name === 'server' ? serverLabel(tree, block) : args(tree, block);
    parts.push(label ? `${name} ${label}` : name);
  }
  return parts.reverse().join(' > ');
}

function serverLabel(tree: NginxTree, block: number): string {
  let labels = serverLabels.get(tree);
  if (!labels) serverLabels.set(tree, (labels = new Map()));
  let label = labels.get(block);
  if (label === undefined) {
    const listen = childArgs(tree, block, 'listen');
    label = childArgs(tree, block, 'server_name') ?? (listen === undefined ? '' : `listen ${listen}`);
    labels.set(block, label);
  }
  return label;
}

function args(tree: NginxTree, id: number): string {
  const out: string[] = [];
  for (let i = 0; i < tree.argCount(id); i++) out.push(tree.argValue(id, i));
  return out.join(' ');
}

function childArgs(tree: NginxTree, block: number, name: string): string | undefined {
  for (let child = tree.firstChild(block); child !== NONE; child = tree.nextSibling(child)) {
    if (tree.name(child) === name) return args(tree, child);
  }
  return undefined;
}

const BARE_VARIABLE = /^\$\{?\w+\}?$/;

export function readReference(node: VisitedDirective, kind: ReferenceKind, top: 'http' | 'stream'): NginxReference | undefined {
  const { tree, id, file } = node;
  if (tree.argCount(id) === 0) return undefined;
  const value = tree.argValue(id, 0);
  const target = passTarget(value);
  if (!target) return undefined;
  const variable = BARE_VARIABLE.test(target.host);
  if (target.dynamic && !variable) return undefined;
  // The value may differ from the text (quotes, escapes); point at the host only when they agree.
  const argStart = tree.argStart(id, 0);
  const exact = tree.argQuote(id, 0) === null && tree.argEnd(id, 0) - argStart === value.length;
  const name = variable ? target.host.replace(/[{}]/g, '') : target.host;
  const hostStart = exact && name === target.host ? argStart + target.hostOffset : -1;
  return new NginxReference(kind, name, top, variable, tree, id, file, hostStart);
}

/**
 * Points each reference at the pool it uses. A `proxy_pass http://$variant` whose variable is set
 * by split_clients uses that split, and through it every upstream its values name.
 */
export function resolveReferences(pending: readonly NginxReference[], pools: readonly Pool[]): Reference[] {
  const byContext = new Map<string, Map<string, Pool>>();
  for (const pool of pools) {
    let names = byContext.get(pool.context);
    if (!names) byContext.set(pool.context, (names = new Map()));
    const key = pool.kind === 'split' ? pool.name : pool.name.toLowerCase();
    if (!names.has(key)) names.set(key, pool);
  }
  const find = (context: string, name: string, variable: boolean) =>
    byContext.get(context)?.get(variable ? name : name.toLowerCase());
  const resolved: Reference[] = [];
  const usedSplits = new Set<Pool>();
  for (const reference of pending) {
    const pool = find(reference.context, reference.name, reference.variable);
    if (reference.variable && pool?.kind === 'split') usedSplits.add(pool);
    if (pool && (!reference.variable || pool.kind === 'split')) reference.pool = pool.key;
    resolved.push(reference);
  }
  for (const split of usedSplits) {
    for (const member of split.members) {
      const target = find(split.context, member.address, false);
      if (target && target.kind === 'members') {
        resolved.push({
          kind: 'split-target',
          name: member.address,
          context: split.context,
          loc: member.loc,
          nameLoc: member.addressLoc,
          pool: target.key,
        });
      }
    }
  }
  return resolved;
}
