/**
 * A project config from its text: parse, validate, normalise. No file-system access, so the
 * language server can also check an open, unsaved `.lb-drift.yaml` as it is typed.
 */
import { dirname } from 'node:path';
import { isScalar } from 'yaml';
import { emptyProjectConfig, normaliseProjectConfig, type ProjectConfig } from '../../engine/project-config';
import { validateRevision, validateTagPattern } from '../git/revision';
import { binaryReason, foreignShapeOf, secretLineReason } from '../include-content';
import type { SafeReadFailure } from '../safe-read';
import { parseConfigYaml, type ParsedYaml } from './parse-yaml';
import { fileProblem, problemAt, type ConfigProblem } from './problem';
import { validateConfigData } from './validate';

/** A config is a few dozen lines; anything past this is a mistake or an attack, and is refused. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ProjectConfigResult {
  /** The absolute path of the config file. */
  readonly path: string;
  /** What the file sets, as far as it is valid: invalid entries are left out, never guessed. */
  readonly config: ProjectConfig;
  /** Everything wrong with the file, in text order. Errors make it invalid; the caller decides what that means. */
  readonly problems: readonly ConfigProblem[];
  /**
   * Set when the file itself could not be used: it could not be read (missing, not a regular
   * file, too large...) or is not a project config at all. `--config` turns this into a usage error.
   */
  readonly unusable?: SafeReadFailure | 'not-config';
}

/** The keys a project config may have at its top level (schemas/lb-drift.schema.json, checked by a test). */
export const TOP_LEVEL_KEYS = ['$schema', 'rules', 'ignore', 'stableRef', 'stableTagPattern', 'files', 'failOn', 'nginx', 'haproxy'] as const;

/** Problems found before the text was parsed (unreadable bytes, a shadowed file), added to the result. */
export interface TextOrigin {
  /** The bytes were not valid UTF-8 and were decoded with U+FFFD replacements. */
  readonly invalidUtf8?: boolean;
  readonly problems?: readonly ConfigProblem[];
  /**
   * The text came from a file lb-drift found or was pointed at, not from an editor: when it is
   * plainly not a project config (a symbolic link to /etc/shadow, a key, a .env), it is refused
   * with one problem that quotes nothing of it, since problems would otherwise show its values.
   */
  readonly mustBeConfig?: boolean;
}

export function projectConfigFromText(path: string, text: string, origin: TextOrigin = {}): ProjectConfigResult {
  const root = dirname(path);
  if (text.length > MAX_CONFIG_BYTES) return { path, config: emptyProjectConfig(root), problems: [fileProblem(tooLarge(text.length, 'characters'))] };
  const before = origin.mustBeConfig ? binaryReason(text) ?? shapeReason(foreignShapeOf(text, ['yaml', 'json'])) ?? secretLineReason(text) : undefined;
  if (before) return notAConfig(path, before);
  const parsed = parseConfigYaml(text);
  const after = origin.mustBeConfig ? whyNotConfigData(parsed) : undefined;
  if (after) return notAConfig(path, after);
  const problems: ConfigProblem[] = [...(origin.problems ?? []), ...parsed.problems];
  if (origin.invalidUtf8) {
    const bad = Math.max(0, text.indexOf('\uFFFD'));
    const message = 'the file is not valid UTF-8: the bytes here were read as U+FFFD, so a name or glob containing them will not match; save the file as UTF-8';
    problems.push(problemAt(parsed.lines, bad, bad + 1, message, 'warning'));
  }
  if (parsed.data === undefined || !parsed.document) return { path, config: emptyProjectConfig(root), problems: sortProblems(problems) };
  problems.push(...validateConfigData(parsed.data, parsed.document, text, parsed.lines));
  return { path, config: withoutUnsafeRevisions(normaliseProjectConfig(parsed.data, root)), problems: sortProblems(problems) };
}

export function tooLarge(size: number, unit: 'bytes' | 'characters' = 'bytes'): string {
  return `the file is ${size} ${unit}, over the limit of ${MAX_CONFIG_BYTES} ${unit} (1 MB) for a project config, so lb-drift does not read it; a config is a few lines of YAML: check that this is the file you meant`;
}

export function unusableConfig(path: string, message: string, unusable: SafeReadFailure | 'not-config'): ProjectConfigResult {
  return { path, config: emptyProjectConfig(dirname(path)), problems: [fileProblem(message)], unusable };
}

function notAConfig(path: string, reason: string): ProjectConfigResult {
  const names = TOP_LEVEL_KEYS.filter((key) => key !== '$schema');
  const keys = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const message = `${path} is not an lb-drift project config (${reason}), so lb-drift does not use it and shows none of its content; a project config is a YAML mapping with keys such as ${keys}`;
  return unusableConfig(path, message, 'not-config');
}

function shapeReason(shape: string | undefined): string | undefined {
  return shape && `its first line looks like ${shape}`;
}

/**
 * A file whose whole content is one string (a bare token, a netrc line) would be quoted by the
 * "expected a mapping" message, so it is refused instead. Mappings are not judged by their keys:
 * messages quote an unknown key but never the value under it.
 */
function whyNotConfigData(parsed: ParsedYaml): string | undefined {
  const top = parsed.document?.contents;
  return isScalar(top) && typeof top.value === 'string' ? 'it is a line of text, not a YAML mapping' : undefined;
}

/** A stable ref or tag pattern that git must not see is reported (validate.ts) and left out here. */
function withoutUnsafeRevisions(config: ProjectConfig): ProjectConfig {
  const { stableRef, stableTagPattern, ...rest } = config;
  const refOk = stableRef !== undefined && (stableRef === 'auto' || validateRevision(stableRef).ok);
  const patternOk = stableTagPattern !== undefined && validateTagPattern(stableTagPattern).ok;
  return { ...rest, ...(refOk ? { stableRef } : {}), ...(patternOk ? { stableTagPattern } : {}) };
}

/** Stable sort by position: problems found before parsing (offset 0) stay first. */
function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return problems.sort((a, b) => a.offset - b.offset);
}
