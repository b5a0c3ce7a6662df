/**
 * The workspace view: which config files the workspace holds, which of them are main configs,
 * and which files each one reaches through its includes. It is pure: the host feeds it facts
 * (from file texts, open buffers first) and file events, and resolves include patterns for it
 * (the same way the analysis does, so the view and the engine agree on every path). The CLI and
 * the language server can query the same view.
 *
 * A fragment is analysed in the context of every file that reaches it: main configs first, then
 * other files that include it (the CLI analyses every file it is given as a root, so those
 * contexts exist there too and parity needs them).
 */
import { sep } from 'node:path';
import type { DialectId } from '../core/model';
import { sameFacts, type ConfigFacts } from './facts';

/** Expands one include pattern of `from` (reached from `root`) into the paths it names, as the analysis would. */
export type IncludeResolver = (pattern: string, from: string, root: string, dialect: DialectId) => readonly string[];

/** Files one closure holds at most, as the include walk stops there too. */
export const MAX_CLOSURE_FILES = 4096;
/** Contexts one fragment is analysed in at most; each costs a whole-configuration analysis. */
export const MAX_CONTEXTS = 8;

export class WorkspaceView {
  private readonly files = new Map<string, ConfigFacts>();
  /** Closures of files that include something, computed on demand and dropped on any change. */
  private readonly closures = new Map<string, ReadonlySet<string>>();
  /** Bumped on every change that can change a closure. */
  private revision = 0;

  constructor(private readonly resolve: IncludeResolver) {}

  get version(): number {
    return this.revision;
  }

  get size(): number {
    return this.files.size;
  }

  facts(path: string): ConfigFacts | undefined {
    return this.files.get(path);
  }

  /** Records a file's facts (undefined: it is not a config). Returns whether anything changed. */
  set(path: string, facts: ConfigFacts | undefined): boolean {
    if (!facts) return this.delete(path);
    if (sameFacts(this.files.get(path), facts)) return false;
    this.files.set(path, facts);
    this.changed();
    return true;
  }

  /** A file was deleted (or stopped being a config). Returns whether the view changed. */
  delete(path: string): boolean {
    if (!this.files.delete(path)) return false;
    this.changed();
    return true;
  }

  /** A folder was deleted: every file the view knows under it goes. Returns whether the view changed. */
  deleteUnder(folder: string): boolean {
    const prefix = folder.endsWith(sep) ? folder : `${folder}${sep}`;
    let changed = false;
    for (const path of [...this.files.keys()]) if (path.startsWith(prefix)) changed = this.files.delete(path) || changed;
    if (changed) this.changed();
    return changed;
  }

  /**
   * Something outside the facts changed how includes resolve: a file was created or deleted
   * (a glob may match it now), or the nginx prefix setting changed.
   */
  resolutionChanged(): void {
    this.changed();
  }

  clear(): void {
    this.files.clear();
    this.changed();
  }

  mainConfigs(): string[] {
    return [...this.files].filter(([, facts]) => facts.main).map(([path]) => path).sort();
  }

  /**
   * Every file `root` reaches through its includes, itself included, resolved from `root` (the
   * nginx prefix defaults to the root's folder, so the same fragment may resolve differently
   * from two roots). Files the view does not know are leaves.
   */
  closure(root: string): ReadonlySet<string> {
    let reached = this.closures.get(root);
    if (reached) return reached;
    const seen = new Set<string>([root]);
    const stack = [root];
    while (stack.length > 0 && seen.size < MAX_CLOSURE_FILES) {
      const from = stack.pop()!;
      const facts = this.files.get(from);
      if (!facts) continue;
      for (const pattern of facts.includes) {
        for (const path of this.resolve(pattern, from, root, facts.dialect)) {
          if (seen.has(path)) continue;
          seen.add(path);
          stack.push(path);
        }
      }
    }
    reached = seen;
    this.closures.set(root, reached);
    return reached;
  }

  /**
   * The files whose configuration holds `path` (other than `path` itself): main configs first,
   * then other including files, each group by path; at most `limit`.
   */
  includersOf(path: string, limit = MAX_CONTEXTS): string[] {
    const found: { path: string; main: boolean }[] = [];
    for (const [candidate, facts] of this.files) {
      if (candidate === path || facts.includes.length === 0) continue;
      if (this.closure(candidate).has(path)) found.push({ path: candidate, main: facts.main });
    }
    found.sort((a, b) => Number(b.main) - Number(a.main) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return found.slice(0, limit).map((f) => f.path);
  }

  private changed(): void {
    this.revision++;
    this.closures.clear();
  }
}
