/**
 * The project config (`.lb-drift.yaml`) as the engine uses it: its type, a tolerant normaliser
 * from parsed YAML, and how it combines with the engine config, file globs and editor settings.
 * Pure: the host finds, reads and validates the file (`host/project-config.ts`); this module only
 * computes with what it was given.
 */
import ignore, { type Ignore } from 'ignore';
import type { DialectId } from '../core/model';
import type { RuleSettings, Settings, SeveritySetting } from '../protocol/settings';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { DIALECTS } from '../dialects';
import { findRule } from '../rules';
import type { EngineConfig } from './config';
import type { FileGlobs } from './detect';

/** The least severity that fails a CLI run when `--fail-on` is not given. */
export type FailOn = 'error' | 'warning' | 'info';

export interface ProjectConfig {
  /** The absolute folder holding the config file; `ignore` and `files` globs are relative to it. */
  readonly root: string;
  /** Severities and options by rule id (known rule ids only). */
  readonly rules: Readonly<Record<string, RuleSettings>>;
  /** Gitignore-style patterns, relative to `root`. */
  readonly ignore: readonly string[];
  /** A git revision or `auto`; absent when the file does not set it. */
  readonly stableRef?: string;
  readonly stableTagPattern?: string;
  /** Extra globs per dialect, relative to `root`, as written. */
  readonly files: FileGlobs;
  readonly failOn?: FailOn;
  /** The nginx build the configurations run on (`nginx: { version, plus, modules }`), as written. */
  readonly nginx?: NginxTarget;
  /** The HAProxy release the configurations run on (`haproxy: { version }`), as written. */
  readonly haproxy?: HaproxyTarget;
}

export interface HaproxyTarget {
  readonly version?: string;
}

/** The rule whose options the HAProxy target sets. */
const HAPROXY_TARGET_RULE = 'removed-keyword';

export interface NginxTarget {
  readonly version?: string;
  readonly plus?: boolean;
  readonly modules?: readonly string[];
}

/** The rule whose options the nginx target sets. */
const TARGET_RULE = 'unsupported-directive';

export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'info'];

/** A config with nothing set, for a file that is empty or could not be read. */
export function emptyProjectConfig(root: string): ProjectConfig {
  return { root, rules: {}, ignore: [], files: {} };
}

/**
 * Keeps what is well-formed in parsed YAML and drops the rest. The host validates against the
 * schema first and reports every problem; this only makes sure that a half-valid file still gives
 * the editor the valid half (an unknown rule id or a mistyped option is left out, not guessed).
 */
export function normaliseProjectConfig(raw: unknown, root: string): ProjectConfig {
  const value = isObject(raw) ? raw : {};
  const stableRef = nonEmptyString(value.stableRef);
  const stableTagPattern = nonEmptyString(value.stableTagPattern);
  const failOn = FAIL_ON_LEVELS.find((level) => level === value.failOn);
  const nginx = normaliseNginxTarget(value.nginx);
  const haproxy = normaliseHaproxyTarget(value.haproxy);
  return {
    root,
    rules: withHaproxyTarget(withNginxTarget(normaliseRules(value.rules), nginx), haproxy),
    ignore: stringArray(value.ignore),
    ...(stableRef ? { stableRef } : {}),
    ...(stableTagPattern ? { stableTagPattern } : {}),
    files: normaliseFiles(value.files),
    ...(failOn ? { failOn } : {}),
    ...(nginx ? { nginx } : {}),
    ...(haproxy ? { haproxy } : {}),
  };
}

function normaliseHaproxyTarget(raw: unknown): HaproxyTarget | undefined {
  if (!isObject(raw)) return undefined;
  const version = typeof raw.version === 'string' && /^\d+\.\d+(\.\d+)?$/.test(raw.version.trim()) ? raw.version.trim() : undefined;
  return version ? { version } : {};
}

/** As for nginx: the HAProxy target becomes the options of the rule that judges versions. */
function withHaproxyTarget(rules: Record<string, RuleSettings>, haproxy: HaproxyTarget | undefined): Record<string, RuleSettings> {
  if (!haproxy?.version) return rules;
  const own = rules[HAPROXY_TARGET_RULE];
  return { ...rules, [HAPROXY_TARGET_RULE]: { ...own, options: { version: haproxy.version, ...own?.options } } };
}

function normaliseNginxTarget(raw: unknown): NginxTarget | undefined {
  if (!isObject(raw)) return undefined;
  const version = typeof raw.version === 'string' && /^\d+\.\d+(\.\d+)?$/.test(raw.version.trim()) ? raw.version.trim() : undefined;
  const plus = typeof raw.plus === 'boolean' ? raw.plus : undefined;
  const modules = Array.isArray(raw.modules) ? stringArray(raw.modules).map((m) => m.trim()) : undefined;
  return { ...(version ? { version } : {}), ...(plus !== undefined ? { plus } : {}), ...(modules ? { modules } : {}) };
}

/**
 * The nginx target becomes the options of the rule that compares directives with it, so that it
 * travels wherever rule settings do (the CLI, the editor, the workers). Options written under the
 * rule itself win over the target.
 */
function withNginxTarget(rules: Record<string, RuleSettings>, nginx: NginxTarget | undefined): Record<string, RuleSettings> {
  if (!nginx) return rules;
  const fromTarget: Record<string, string> = {};
  if (nginx.version) fromTarget.version = nginx.version;
  if (nginx.plus !== undefined) fromTarget.edition = nginx.plus ? 'plus' : 'open-source';
  if (nginx.modules) fromTarget.modules = nginx.modules.length > 0 ? nginx.modules.join(',') : 'none';
  if (Object.keys(fromTarget).length === 0) return rules;
  const own = rules[TARGET_RULE];
  return { ...rules, [TARGET_RULE]: { ...own, options: { ...fromTarget, ...own?.options } } };
}

function normaliseRules(raw: unknown): Record<string, RuleSettings> {
  const out: Record<string, RuleSettings> = {};
  if (!isObject(raw)) return out;
  for (const [id, setting] of Object.entries(raw)) {
    const rule = findRule(id);
    if (!rule) continue;
    if (typeof setting === 'string') {
      const severity = asSeverity(setting);
      if (severity) out[id] = { severity };
      continue;
    }
    if (!isObject(setting)) continue;
    const severity = asSeverity(setting.severity);
    const options: Record<string, number | boolean | string> = {};
    if (isObject(setting.options)) {
      for (const [name, option] of Object.entries(setting.options)) {
        const spec = rule.meta.options[name];
        if (!spec || typeof option !== spec.type) continue;
        if (typeof option === 'number' && (!Number.isFinite(option) || (spec.minimum !== undefined && option < spec.minimum))) continue;
        options[name] = option as number | boolean | string;
      }
    }
    out[id] = { ...(severity ? { severity } : {}), ...(Object.keys(options).length > 0 ? { options } : {}) };
  }
  return out;
}

function normaliseFiles(raw: unknown): FileGlobs {
  const out: Partial<Record<DialectId, readonly string[]>> = {};
  if (!isObject(raw)) return out;
  for (const dialect of DIALECTS) {
    const globs = stringArray(raw[dialect.id]).filter((glob) => !glob.startsWith('!'));
    if (globs.length > 0) out[dialect.id] = globs;
  }
  return out;
}

/** The project's rule settings as the engine takes them. */
export function toEngineConfig(project: ProjectConfig): EngineConfig {
  return { rules: project.rules };
}

/**
 * The project's extra file globs as absolute patterns for `detectDialect`. A glob without a slash
 * (other than a trailing one) matches at any depth below the config's folder, as in .gitignore;
 * one with a slash, a leading `/` or `./` included, is anchored there.
 */
export function projectFileGlobs(project: ProjectConfig): FileGlobs {
  const root = escapeGlob(normalisePath(project.root));
  const base = root.endsWith('/') ? root : `${root}/`;
  const out: Partial<Record<DialectId, readonly string[]>> = {};
  for (const [dialect, globs] of Object.entries(project.files) as [DialectId, readonly string[] | undefined][]) {
    if (!globs || globs.length === 0) continue;
    out[dialect] = globs.map((glob) => {
      const relative = glob.replace(/^(\.\/|\/)+/, '');
      const anchored = relative !== glob || relative.replace(/\/+$/, '').includes('/');
      return `${base}${anchored ? '' : '**/'}${relative}`;
    });
  }
  return out;
}

const ignorers = new WeakMap<ProjectConfig, Ignore>();

/**
 * Whether the project's `ignore` patterns exclude a path (absolute, or relative to the current
 * folder of whoever made it absolute: pass absolute paths). Matching is gitignore's, case-sensitive
 * on every platform so that a laptop and CI agree. Paths outside the config's folder are never
 * ignored. Pass `isDirectory` when pruning a folder walk, so that `vendor/` patterns match it.
 */
export function isIgnored(project: ProjectConfig, filePath: string, isDirectory = false): boolean {
  if (project.ignore.length === 0) return false;
  const relative = relativeTo(project.root, filePath);
  if (relative === undefined || relative === '') return false;
  let ignorer = ignorers.get(project);
  if (!ignorer) {
    ignorer = ignore({ ignorecase: false }).add([...project.ignore]);
    ignorers.set(project, ignorer);
  }
  return ignorer.ignores(isDirectory ? `${relative}/` : relative);
}

/**
 * Editor settings over the project config. Editor values win, except where the editor value is
 * only the default (`stableRef: auto`, the default tag pattern): the client cannot tell an unset
 * setting from one set to its default, and an unset one must not hide the project's choice. Rules
 * merge per rule id and per field (editor severity over project severity, editor options over
 * project options one by one); file globs are the union of both.
 */
export function mergeWithEditorSettings(project: ProjectConfig | undefined, settings: Settings): Settings {
  if (!project) return settings;
  const rules: Record<string, RuleSettings> = { ...project.rules };
  for (const [id, editor] of Object.entries(settings.rules)) {
    const base = project.rules[id];
    if (!base) {
      rules[id] = editor;
      continue;
    }
    const severity = editor.severity ?? base.severity;
    const options = base.options || editor.options ? { ...base.options, ...editor.options } : undefined;
    rules[id] = { ...(severity ? { severity } : {}), ...(options ? { options } : {}) };
  }
  const projectGlobs = projectFileGlobs(project);
  return {
    ...settings,
    rules,
    files: { nginx: union(settings.files.nginx, projectGlobs.nginx ?? []), haproxy: union(settings.files.haproxy, projectGlobs.haproxy ?? []), kubernetes: union(settings.files.kubernetes, projectGlobs.kubernetes ?? []) },
    stableRef: unlessDefault(settings.stableRef, DEFAULT_SETTINGS.stableRef) ?? project.stableRef ?? settings.stableRef,
    stableTagPattern:
      unlessDefault(settings.stableTagPattern, DEFAULT_SETTINGS.stableTagPattern) ?? project.stableTagPattern ?? settings.stableTagPattern,
  };
}

function unlessDefault(value: string, fallback: string): string | undefined {
  return value === fallback ? undefined : value;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** The path below `root`, with forward slashes, or undefined when it is not below it. */
function relativeTo(root: string, path: string): string | undefined {
  const base = normalisePath(root);
  const target = normalisePath(path);
  if (target === base) return '';
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return target.startsWith(prefix) ? target.slice(prefix.length) : undefined;
}

/** Forward slashes, an upper-case drive letter, no trailing slash (except for a root). */
function normalisePath(path: string): string {
  const slashed = path.replace(/\\/g, '/').replace(/^([a-z]):/, (_, drive: string) => `${drive.toUpperCase()}:`);
  return slashed.length > 1 ? slashed.replace(/\/+$/, '') || '/' : slashed;
}

/** A literal path inside a glob: characters picomatch treats as special are escaped. */
function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!+@|^$\\]/g, '\\$&');
}

function asSeverity(raw: unknown): SeveritySetting | undefined {
  return SEVERITY_SETTINGS.find((severity) => severity === raw);
}

function nonEmptyString(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

function stringArray(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && x.trim().length > 0) : [];
}

function isObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}
