/**
 * Narrowing the files of a run: `--shard i/n` (a deterministic split for parallel CI jobs: a file
 * always lands in the same shard, whatever other files come and go) and `--changed-since REF`
 * (only files git reports changed since a revision, committed or not); and what a run says when
 * its paths hold no balancer config at all, which is an error: a CI job pointed at the wrong
 * folder must fail, not report "no problems".
 */
import { dirname } from 'node:path';
import type { DialectId } from '../core/model';
import { detectDialect } from '../engine/detect';
import { projectFileGlobs } from '../engine/project-config';
import { changedFiles, repositoryOf, validateRevision } from '../host/git';
import { readText } from '../host/read-text';
import { displayPath, type Target } from './load';
import { projectFor } from './project';
import { UsageError } from './usage';

/** The error of a run whose paths hold no balancer config. */
export function noBalancerConfig(paths: readonly string[], looked: number): string {
  const where = paths.map(displayPath).join(', ');
  return (
    `no balancer config found in ${where} (looked at ${looked} ${looked === 1 ? 'file' : 'files'}). lb-drift reads ` +
    'nginx.conf, *.nginx and .conf files that look like nginx, haproxy.cfg, *.haproxy and .cfg files that look like HAProxy; ' +
    'pass --dialect nginx or --dialect haproxy to read other files, or check the path'
  );
}

/**
 * Whether any target is a balancer config, by the same sniff the analysis uses, stopping at the
 * first. Used when --changed-since or --shard left nothing to check, to tell "nothing changed"
 * from "wrong folder".
 */
export function anyBalancerConfig(targets: readonly Target[], options: { readonly dialect?: DialectId; readonly configPath?: string }): boolean {
  for (const target of targets) {
    const read = readText(target.path);
    if (!read.ok) continue;
    const project = projectFor(target.path, options.configPath)?.config;
    if (detectDialect(target.path, read.text, project ? projectFileGlobs(project) : {}, options.dialect)) return true;
  }
  return false;
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard takes i/n with 1 <= i <= n, such as 1/4; got "${value}"`);
  }
  return { index, count };
}

/** The shard (1-based) a path belongs to: FNV-1a of the path relative to the working folder. */
export function shardOf(relativePath: string, count: number): number {
  let hash = 0x811c9dc5;
  const normalised = relativePath.replace(/\\/g, '/');
  for (let i = 0; i < normalised.length; i++) {
    hash ^= normalised.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

export function inShard(targets: readonly Target[], shard: Shard, relativeOf: (path: string) => string): Target[] {
  return targets.filter((t) => shardOf(relativeOf(t.path), shard.count) === shard.index);
}

/** Keeps the targets git reports changed since `since`; errors say why git could not tell. */
export async function changedSince(targets: readonly Target[], since: string): Promise<{ targets: Target[]; errors: string[] }> {
  const valid = validateRevision(since);
  if (!valid.ok) throw new UsageError(valid.message);
  const roots = new Map<string, Promise<Set<string> | string>>();
  const repositories = new Map<string, ReturnType<typeof repositoryOf>>();
  const changedIn = async (path: string): Promise<Set<string> | string> => {
    // One git call per folder, not per file: a repository has thousands of configs in few folders.
    const dir = dirname(path);
    let pending = repositories.get(dir);
    if (!pending) repositories.set(dir, (pending = repositoryOf(dir)));
    const repository = await pending;
    if (!('root' in repository)) return repository.message;
    let changed = roots.get(repository.root);
    if (!changed) {
      changed = changedFiles(repository.root, since).then((r) => (r.ok ? new Set(r.paths) : r.message));
      roots.set(repository.root, changed);
    }
    return changed;
  };
  const kept: Target[] = [];
  const errors = new Set<string>();
  for (const target of targets) {
    const changed = await changedIn(target.path);
    if (typeof changed === 'string') errors.add(`--changed-since ${since}: ${changed}`);
    else if (changed.has(target.path)) kept.push(target);
  }
  return { targets: kept, errors: [...errors] };
}
