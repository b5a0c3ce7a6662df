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
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { emptyProjectConfig, normaliseProjectConfig, type ProjectConfig } from '../engine/project-config';
import { parseConfigYaml } from './config/parse-yaml';
import { validateRevision, validateTagPattern } from './git/revision';
import { fileProblem, problemAt, type ConfigProblem } from './config/problem';
import { validateConfigData } from './config/validate';

export { formatConfigProblem, type ConfigProblem } from './config/problem';

export const CONFIG_FILE_NAMES = ['.lb-drift.yaml', '.lb-drift.yml'] as const;

/** A config is a few dozen lines; anything past this is a mistake or an attack, and is refused. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ProjectConfigResult {
  /** The absolute path of the config file. */
  readonly path: string;
  /** What the file sets, as far as it is valid: invalid entries are left out, never guessed. */
  readonly config: ProjectConfig;
  /** Everything wrong with the file, in text order. Errors make it invalid; the caller decides what that means. */
  readonly problems: readonly ConfigProblem[];
}

export function hasConfigErrors(result: ProjectConfigResult): boolean {
  return result.problems.some((problem) => problem.severity === 'error');
}

export class ProjectConfigCache {
  /** Folder -> the config that applies to files in it (null: none). */
  private readonly folders = new Map<string, string | null>();
  private readonly configs = new Map<string, ProjectConfigResult>();

  /** The config that applies to `filePath`, or undefined when there is none. */
  find(filePath: string): ProjectConfigResult | undefined {
    const path = this.lookup(dirname(resolve(filePath)));
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

/** A named config file (`--config FILE`), from the process-wide cache. */
export function loadProjectConfig(configPath: string): ProjectConfigResult {
  return shared.load(configPath);
}

export function clearProjectConfigCache(): void {
  shared.clear();
}

function configIn(dir: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(dir, name);
    if (isFile(path)) return path;
  }
  return null;
}

/** Reads, parses and validates one config file; never throws. */
export function readProjectConfig(path: string): ProjectConfigResult {
  const root = dirname(path);
  const fail = (message: string): ProjectConfigResult => ({ path, config: emptyProjectConfig(root), problems: [fileProblem(message)] });
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fail(`${path} is a folder, not a config file`);
    if (stat.size > MAX_CONFIG_BYTES) return fail(tooLarge(stat.size));
    bytes = readFileSync(path);
  } catch (error) {
    return fail(`cannot read ${path}: ${describe(error)}`);
  }
  if (bytes.length > MAX_CONFIG_BYTES) return fail(tooLarge(bytes.length));
  const { text, valid } = decode(bytes);
  const parsed = parseConfigYaml(text);
  const problems: ConfigProblem[] = [...parsed.problems];
  if (!valid) {
    const bad = Math.max(0, text.indexOf('\uFFFD'));
    problems.push(
      problemAt(parsed.lines, bad, bad + 1, 'the file is not valid UTF-8: the bytes here were read as U+FFFD, so a name or glob containing them will not match; save the file as UTF-8', 'warning'),
    );
  }
  const shadowed = basename(path) === CONFIG_FILE_NAMES[0] ? join(root, CONFIG_FILE_NAMES[1]) : undefined;
  if (shadowed && isFile(shadowed)) {
    problems.push(fileProblem(`${shadowed} is ignored because this file, in the same folder, is read instead; merge the two and delete it`, 'warning'));
  }
  if (parsed.data === undefined || !parsed.document) {
    return { path, config: emptyProjectConfig(root), problems: sortProblems(problems) };
  }
  problems.push(...validateConfigData(parsed.data, parsed.document, text, parsed.lines));
  return { path, config: withoutUnsafeRevisions(normaliseProjectConfig(parsed.data, root)), problems: sortProblems(problems) };
}

/** A stable ref or tag pattern that git must not see is reported (validate.ts) and left out here. */
function withoutUnsafeRevisions(config: ProjectConfig): ProjectConfig {
  const { stableRef, stableTagPattern, ...rest } = config;
  const refOk = stableRef !== undefined && (stableRef === 'auto' || validateRevision(stableRef).ok);
  const patternOk = stableTagPattern !== undefined && validateTagPattern(stableTagPattern).ok;
  return { ...rest, ...(refOk ? { stableRef } : {}), ...(patternOk ? { stableTagPattern } : {}) };
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

function tooLarge(size: number): string {
  return `the file is ${size} bytes, over the limit of ${MAX_CONFIG_BYTES} bytes (1 MB) for a project config, so lb-drift does not read it; a config is a few lines of YAML: check that this is the file you meant`;
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.sort((a, b) => a.offset - b.offset);
}

/** Folders we may not list (EACCES) or paths through a file (ENOTDIR) hold no config. */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
