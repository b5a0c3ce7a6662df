/**
 * Finds and reads the project config, `.lb-drift.yaml` (or `.lb-drift.yml`).
 *
 * Discovery is "nearest wins", as in eslint's flat config and ruff: from the analysed file's folder
 * upward, the first folder holding a config supplies it, whole; configs further up are not merged
 * in. The walk stops at the repository root (the folder holding `.git`, a folder or a worktree's
 * file) after looking there, so a stray config above the checkout, in a home folder say, cannot
 * make a laptop disagree with CI, which only has the repository. Outside any repository the walk
 * goes up to the file-system root. When both names are in one folder, `.lb-drift.yaml` is read and
 * a warning says the other is ignored.
 *
 * Results are cached per folder and per config file, so a CLI run over thousands of files stats
 * each folder once and reads each config once. The language server calls `clear()` when a config
 * file changes (workspace/didChangeWatchedFiles).
 */
import { lstatSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MAX_CONFIG_BYTES, projectConfigFromText, tooLarge, unusableConfig, type ProjectConfigResult } from './config/from-text';
import { fileProblem } from './config/problem';
import { readRegularFile } from './safe-read';

export { MAX_CONFIG_BYTES, projectConfigFromText, type ProjectConfigResult } from './config/from-text';
export { formatConfigProblem, type ConfigProblem } from './config/problem';

export const CONFIG_FILE_NAMES = ['.lb-drift.yaml', '.lb-drift.yml'] as const;

export function hasConfigErrors(result: ProjectConfigResult): boolean {
  return result.problems.some((problem) => problem.severity === 'error');
}

export class ProjectConfigCache {
  /** Folder -> the config that applies to files in it (null: none). */
  private readonly folders = new Map<string, string | null>();
  private readonly configs = new Map<string, ProjectConfigResult>();

  /** The config that applies to `filePath`, or undefined when there is none. */
  find(filePath: string): ProjectConfigResult | undefined {
    return this.findForFolder(dirname(resolve(filePath)));
  }

  /**
   * The config that applies to the files directly in `folder`: its own, or the nearest above. A
   * folder walk prunes `folder` when this config's `ignore` matches it (`isIgnored(config, folder,
   * true)`); a folder with its own config is never pruned by the one above, since nearest wins.
   */
  findForFolder(folder: string): ProjectConfigResult | undefined {
    const path = this.lookup(resolve(folder));
    return path === null ? undefined : this.load(path);
  }

  /** Reads the config at `configPath` (the CLI's `--config FILE`): a missing file is an error problem. */
  load(configPath: string): ProjectConfigResult {
    const path = resolve(configPath);
    let result = this.configs.get(path);
    if (!result) {
      result = readProjectConfig(path);
      this.configs.set(path, result);
    }
    return result;
  }

  /** Forgets everything: after a config file was created, changed or deleted. */
  clear(): void {
    this.folders.clear();
    this.configs.clear();
  }

  private lookup(start: string): string | null {
    const visited: string[] = [];
    let found: string | null = null;
    for (let dir = start; ; ) {
      const cached = this.folders.get(dir);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(dir);
      found = configIn(dir);
      const parent = dirname(dir);
      if (found !== null || exists(join(dir, '.git')) || parent === dir) break;
      dir = parent;
    }
    for (const dir of visited) this.folders.set(dir, found);
    return found;
  }
}

const shared = new ProjectConfigCache();

/** The config for a file, from the process-wide cache. */
export function findProjectConfig(filePath: string): ProjectConfigResult | undefined {
  return shared.find(filePath);
}

/** The config for the files directly in a folder, from the process-wide cache. */
export function findProjectConfigForFolder(folder: string): ProjectConfigResult | undefined {
  return shared.findForFolder(folder);
}

/** A named config file (`--config FILE`), from the process-wide cache. */
export function loadProjectConfig(configPath: string): ProjectConfigResult {
  return shared.load(configPath);
}

export function clearProjectConfigCache(): void {
  shared.clear();
}

/**
 * The config file in `dir`, whatever its type: a folder, a named pipe or a dangling link called
 * `.lb-drift.yaml` is reported as a config problem when read, never skipped without a word.
 */
function configIn(dir: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    if (exists(path, lstatSync)) return path;
  }
  return null;
}

/** Reads, parses and validates one config file; never throws. */
export function readProjectConfig(path: string): ProjectConfigResult {
  const root = dirname(path);
  const read = readRegularFile(path, { maxBytes: MAX_CONFIG_BYTES, limitName: 'for a project config' });
  if (!read.ok) return unusableConfig(path, read.kind === 'too-large' ? tooLarge(read.size ?? MAX_CONFIG_BYTES + 1) : read.message, read.kind);
  const { text, valid } = decode(read.bytes);
  const shadowed = basename(path) === CONFIG_FILE_NAMES[0] ? join(root, CONFIG_FILE_NAMES[1]) : undefined;
  const problems =
    shadowed && exists(shadowed)
      ? [fileProblem(`${shadowed} is ignored because this file, in the same folder, is read instead; merge the two and delete it`, 'warning')]
      : [];
  return projectConfigFromText(path, text, { invalidUtf8: !valid, problems, mustBeConfig: true });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 with the byte-order mark dropped; invalid bytes become U+FFFD and are reported. */
function decode(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { text: lenientUtf8.decode(bytes), valid: false };
  }
}

/** Folders we may not list (EACCES) or paths through a file (ENOTDIR) hold no config. */
function exists(path: string, stat: typeof statSync | typeof lstatSync = statSync): boolean {
  try {
    return stat(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

