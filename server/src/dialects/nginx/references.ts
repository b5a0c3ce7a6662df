/**
 * `*_pass` references to pools: read from the directive (`proxy_pass http://app/path`,
 * `grpc_pass grpcs://app`, `fastcgi_pass app`, stream `proxy_pass app`), then resolved to the
 * pools of the same http or stream block once all pools are known, because nginx allows use
 * before definition and matches upstream names without regard to case.
 *
 * A reference's resolution is written once, by the analysis that read it, before any model holds
 * it; it never changes afterwards. An edit carries the other references to the next version as
 * they are (before the edit) or rebased (after it), resolution included, and resolves only the
 * re-read block's references, as long as the edit left the pool names alone (`PoolIndex.same`).
 * A carried reference that resolves otherwise in the new version is copied, never changed, so the
 * previous version's model stays what it was.
 */
import type { Pool, Reference, ReferenceKind } from '../../core/model';
import type { Loc } from '../../core/span';
import { passHost, type PassHost } from './addresses';
import { NONE, type NginxTree } from './tree';
import { movedBy, movedId, type TreeRebase } from './tree-rebase';
import type { VisitedDirective } from './walk';

/** The kinds a `*_pass` reference can have, by the index a read reference packs. */
const PASS_KINDS: readonly ReferenceKind[] = ['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass'];
const KIND_BITS = 7;
/** Set when the reference lies in a `stream` block (else `http`). */
const STREAM = 8;
/** Set when the host is a bare `$variable`. */
const VARIABLE = 16;

/**
 * A reference as a model holds it. One read by this analysis is a `ReadReference`: what the
 * directive says and where, in one object. One carried to a later version after an edit is a
 * `CarriedReference`: the reference it was read as, how far the edits since moved it, and its
 * resolution, so moving the references after an edit makes one small object each. A read
 * reference used to be two objects (the site and a reference with no shift), 160 bytes for each
 * of the 20,000 references of a 10 MB file; it is one of 96 now.
 */
export abstract class NginxReference implements Reference {
  /** The key of the pool it resolves to; written once, when first resolved (`resolveReferences`). */
  readonly pool: string | undefined;
  /** Whether `pool` has been written: a reference read by this analysis is not, until resolved. */
  protected settled: boolean;

  constructor(resolved: { readonly pool: string | undefined } | undefined) {
    this.pool = resolved?.pool;
    this.settled = resolved !== undefined;
  }

  abstract get kind(): ReferenceKind;
  abstract get name(): string;
  abstract get context(): string;
  /** Written as a bare `$variable` host (a split_clients result, or a map). */
  abstract get variable(): boolean;
  /** The tree the reference was read from (a root file's: of this version or an earlier one). */
  abstract get tree(): NginxTree;
  /**
   * The `*_pass` directive's id in the tree of the version the reference was last moved to; the
   * same in every later version's tree while edits lie after it.
   */
  abstract get id(): number;
  abstract get loc(): Loc;
  abstract get nameLoc(): Loc;
  /**
   * The blocks around it, read from the tree it was read from: an edit outside the blocks around
   * a reference cannot change their labels (an edit in one of them re-reads the reference).
   */
  abstract get scope(): string;
  /** The reference as read, with the distances every carried copy of it moved by. */
  protected abstract get origin(): ReadReference;
  protected abstract get shift(): number;
  protected abstract get idShift(): number;

  /**
   * The same reference after an edit before it (tree-rebase.ts), resolved as this one is;
   * undefined if it was re-read or lies in another file than `root`. Its id is this one's in
   * `rebase.from`: every edit since it was last moved lay after it.
   */
  rebase(rebase: TreeRebase, root: string): NginxReference | undefined {
    const id = this.id;
    const moved = this.origin.file === root ? movedId(rebase, id) : NONE;
    if (moved === NONE) return undefined;
    return new CarriedReference(this.origin, this.shift + movedBy(rebase, id), this.idShift + moved - id, this.settled ? this : undefined);
  }

  /** This reference resolved to `pool`: itself when first resolved or resolved alike, else a copy. */
  resolvedTo(pool: string | undefined): NginxReference {
    if (!this.settled) {
      (this as { pool: string | undefined }).pool = pool;
      this.settled = true;
      return this;
    }
    if (this.pool === pool) return this;
    return new CarriedReference(this.origin, this.shift, this.idShift, { pool });
  }

  /** Whether `pool` has been written (a reference carried from an earlier version has). */
  get resolved(): boolean {
    return this.settled;
  }
}

/** A reference read by this analysis from a `*_pass` directive; locations are made when asked for. */
class ReadReference extends NginxReference {
  /** The enclosing blocks (`Reference.scope`), made when first asked for. */
  #scope: string | undefined;

  constructor(
    /** The kind's index in PASS_KINDS, and STREAM and VARIABLE. */
    private readonly info: number,
    readonly name: string,
    /** The tree the directive was read from (the root file's, of some version). */
    private readonly readTree: NginxTree,
    private readonly readId: number,
    readonly file: string,
    /** Offset of the name in the file, or -1 when the argument's text differs from its value. */
    readonly hostStart: number,
  ) {
    super(undefined);
  }

  get kind(): ReferenceKind {
    return PASS_KINDS[this.info & KIND_BITS]!;
  }
  get context(): string {
    return (this.info & STREAM) !== 0 ? 'stream' : 'http';
  }
  get variable(): boolean {
    return (this.info & VARIABLE) !== 0;
  }
  get tree(): NginxTree {
    return this.readTree;
  }
  get id(): number {
    return this.readId;
  }
  get loc(): Loc {
    return shiftedLoc(this, 0);
  }
  get nameLoc(): Loc {
    return shiftedNameLoc(this, 0);
  }
  get scope(): string {
    return (this.#scope ??= blockPath(this.readTree, this.readId));
  }
  protected get origin(): ReadReference {
    return this;
  }
  protected get shift(): number {
    return 0;
  }
  protected get idShift(): number {
    return 0;
  }
}

/** A read reference carried to a later version: where the edits since moved it, and its resolution there. */
class CarriedReference extends NginxReference {
  constructor(
    private readonly read: ReadReference,
    /** How far the directive's text moved since it was read. */
    private readonly moved: number,
    /** How far its id moved since it was read (`id` is the id in the newest tree it was carried to). */
    private readonly idMoved: number,
    resolved: { readonly pool: string | undefined } | undefined,
  ) {
    super(resolved);
  }

  get kind(): ReferenceKind {
    return this.read.kind;
  }
  get name(): string {
    return this.read.name;
  }
  get context(): string {
    return this.read.context;
  }
  get variable(): boolean {
    return this.read.variable;
  }
  get tree(): NginxTree {
    return this.read.tree;
  }
  get id(): number {
    return this.read.id + this.idMoved;
  }
  get loc(): Loc {
    return shiftedLoc(this.read, this.moved);
  }
  get nameLoc(): Loc {
    return shiftedNameLoc(this.read, this.moved);
  }
  get scope(): string {
    return this.read.scope;
  }
  protected get origin(): ReadReference {
    return this.read;
  }
  protected get shift(): number {
    return this.moved;
  }
  protected get idShift(): number {
    return this.idMoved;
  }
}

/** The location of the directive `read` was read from, moved by `shift`. */
function shiftedLoc(read: ReadReference, shift: number): Loc {
  const { tree, id, file } = read;
  return { file, start: tree.start(id) + shift, end: tree.end(id) + shift };
}

/** The location of the host `read` names, moved by `shift`. */
function shiftedNameLoc(read: ReadReference, shift: number): Loc {
  const { tree, id, file, hostStart, name } = read;
  if (hostStart >= 0) return { file, start: hostStart + shift, end: hostStart + shift + name.length };
  return { file, start: tree.argStart(id, 0) + shift, end: tree.argEnd(id, 0) + shift };
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

/** Where `passHost` writes the host of the directive being read; one for every reference. */
const host: PassHost = { start: 0, end: 0, hasPort: false };

export function readReference(node: VisitedDirective, kind: ReferenceKind, top: 'http' | 'stream'): NginxReference | undefined {
  const { tree, id, file } = node;
  if (tree.argCount(id) === 0) return undefined;
  // A bare argument is read in the file's text, which is its value; any other from its value.
  const plain = tree.argPlain(id, 0);
  const text = plain ? tree.text : tree.argValue(id, 0);
  const from = plain ? tree.argStart(id, 0) : 0;
  if (!passHost(text, from, plain ? tree.argEnd(id, 0) : text.length, host)) return undefined;
  const target = text.slice(host.start, host.end);
  const dynamic = target.includes('$');
  // A bare `$variable` host starts with `$`, so only a dynamic host can be one.
  const variable = dynamic && BARE_VARIABLE.test(target);
  if (dynamic && !variable) return undefined;
  // The value may differ from the text (quotes, escapes); point at the host only when they agree.
  const argStart = tree.argStart(id, 0);
  const exact = plain || (tree.argQuote(id, 0) === null && tree.argEnd(id, 0) - argStart === text.length);
  const name = variable ? target.replace(/[{}]/g, '') : target;
  const hostStart = exact && name === target ? argStart + host.start - from : -1;
  const info = PASS_KINDS.indexOf(kind) | (top === 'stream' ? STREAM : 0) | (variable ? VARIABLE : 0);
  return new ReadReference(info, name, tree, id, file, hostStart);
}

/**
 * What a name resolves to in one http or stream block: the first pool of that name there. An
 * upstream (kind `members`, thousands in a large file) is its key alone, so that it costs no
 * object; any other pool (a split) is its key and kind.
 */
type PoolEntry = string | { readonly key: string; readonly kind: Pool['kind'] };

const entryKey = (entry: PoolEntry): string => (typeof entry === 'string' ? entry : entry.key);
const entryKind = (entry: PoolEntry): Pool['kind'] => (typeof entry === 'string' ? 'members' : entry.kind);

/**
 * The pools a reference can name, by block and name: upstream names without regard to case,
 * split_clients variables as written; the first pool of a name wins. It depends only on the pools'
 * contexts, kinds, names and keys in model order, so an edit that leaves those alone keeps it.
 */
export class PoolIndex {
  private readonly byContext = new Map<string, Map<string, PoolEntry>>();
  /** Whether some pool is a split (only then can a `$variable` reference resolve). */
  readonly hasSplits: boolean;

  constructor(pools: readonly Pool[]) {
    let splits = false;
    // Indexed: this runs once per analysis, where `for...of` may run unoptimised and make an
    // iterator result per pool.
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i]!;
      let names = this.byContext.get(pool.context);
      if (!names) this.byContext.set(pool.context, (names = new Map()));
      const split = pool.kind === 'split';
      splits ||= split;
      const key = split ? pool.name : foldedName(pool.name);
      if (!names.has(key)) names.set(key, pool.kind === 'members' ? pool.key : { key: pool.key, kind: pool.kind });
    }
    this.hasSplits = splits;
  }

  /** The first pool of a name in a block, as its key and kind (made when asked: the lookups below make nothing). */
  find(context: string, name: string, variable: boolean): { readonly key: string; readonly kind: Pool['kind'] } | undefined {
    const entry = this.entry(context, name, variable);
    return entry === undefined ? undefined : { key: entryKey(entry), kind: entryKind(entry) };
  }

  private entry(context: string, name: string, variable: boolean): PoolEntry | undefined {
    return this.byContext.get(context)?.get(variable ? name : foldedName(name));
  }

  /** The key of the upstream `name` names in `context`, if the first pool of that name is one. */
  upstreamKey(context: string, name: string): string | undefined {
    const entry = this.entry(context, name, false);
    return entry !== undefined && entryKind(entry) === 'members' ? entryKey(entry) : undefined;
  }

  /** The key a reference resolves to: an upstream by name, or a split by its variable. */
  resolve(reference: NginxReference): string | undefined {
    const variable = reference.variable;
    const entry = this.entry(reference.context, reference.name, variable);
    return entry !== undefined && (!variable || entryKind(entry) === 'split') ? entryKey(entry) : undefined;
  }

  /**
   * Whether pools `after` index as pools `before` do, where they replace them in the same place
   * of the model (the re-read block's pools, before and after an edit).
   */
  static same(before: readonly Pool[], after: readonly Pool[]): boolean {
    if (before.length !== after.length) return false;
    for (let i = 0; i < before.length; i++) {
      const a = before[i]!;
      const b = after[i]!;
      if (a.key !== b.key || a.kind !== b.kind || a.name !== b.name || a.context !== b.context) return false;
    }
    return true;
  }
}

/**
 * An upstream name as the index holds it, lower-cased: the name itself when it has no capital
 * ASCII letter and no other than ASCII character. `toLowerCase` makes a new string even when
 * nothing changes (32 bytes for a short name), and the index looks up a name for every pool and
 * every `*_pass` reference: tens of thousands of strings per analysis of a large file, all
 * of them lower-case already.
 */
export function foldedName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) return name.toLowerCase();
  }
  return name;
}

/**
 * Points each reference at the pool it uses, and lists after them the upstreams that a used
 * split_clients sends to. A `proxy_pass http://$variant` whose variable is set by split_clients
 * uses that split, and through it every upstream its values name. With `carried`, the references
 * already resolved came from an earlier version with the same index and keep their resolution;
 * only the others are looked up. `references` holds the resolved references themselves (for the
 * next version), `all` the model's list.
 */
export function resolveReferences(
  pending: readonly NginxReference[],
  pools: readonly Pool[],
  index: PoolIndex,
  carried: boolean,
): { references: readonly NginxReference[]; all: Reference[] } {
  // Written only once copied: the list stays the caller's while every reference resolves in place.
  let references = pending as NginxReference[];
  for (let i = 0; i < pending.length; i++) {
    const reference = pending[i]!;
    if (carried && reference.resolved) continue;
    const resolved = reference.resolvedTo(index.resolve(reference));
    if (resolved === reference) continue;
    if (references === pending) references = pending.slice();
    references[i] = resolved;
  }
  const targets = index.hasSplits ? splitTargets(references, pools, index) : [];
  // The model's list is the references' own unless split targets follow them.
  return { references, all: targets.length === 0 ? references : [...references, ...targets] };
}

/** The upstreams every used split sends to, split by split in order of first use. */
function splitTargets(references: readonly NginxReference[], pools: readonly Pool[], index: PoolIndex): Reference[] {
  const used = new Set<string>();
  for (const reference of references) {
    if (!reference.variable || reference.pool === undefined) continue;
    used.add(reference.pool);
  }
  if (used.size === 0) return [];
  const splits = new Map<string, Pool>();
  for (const pool of pools) if (pool.kind === 'split' && used.has(pool.key) && !splits.has(pool.key)) splits.set(pool.key, pool);
  const targets: Reference[] = [];
  for (const key of used) {
    const split = splits.get(key);
    if (!split) continue;
    for (const member of split.members) {
      const target = index.upstreamKey(split.context, member.address);
      if (target !== undefined) {
        targets.push({
          kind: 'split-target',
          name: member.address,
          context: split.context,
          loc: member.loc,
          nameLoc: member.addressLoc,
          pool: target,
        });
      }
    }
  }
  return targets;
}
