/**
 * The machine formats every reporting command shares (json, sarif, github), and where the result
 * goes: standard output, or a file with `--output FILE` (for SARIF uploads).
 */
import { writeReport } from '../host/write-text';
import { RULES } from '../rules';
import { toGithubCommands } from './format-github';
import { toJsonResults } from './format-json';
import { toSarif } from './format-sarif';
import type { CliIo } from './io';
import type { OutFile } from './output-model';
import { UsageError } from './usage';

declare const LB_DRIFT_VERSION: string;

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(value: string | undefined): Format {
  const format = (value ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${value}"; use ${oneOf(FORMATS)}`);
  return format;
}

/** Renders json, sarif or github output. */
export function renderMachine(format: Exclude<Format, 'text'>, files: readonly OutFile[], errors: readonly string[], warnings: readonly string[]): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(toJsonResults(files), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(
        toSarif(files, {
          rules: RULES,
          version: typeof LB_DRIFT_VERSION === 'string' ? LB_DRIFT_VERSION : '0.0.0-dev',
          workingDirectory: process.cwd(),
          errors,
          warnings,
        }),
        null,
        2,
      )}\n`;
    case 'github':
      return toGithubCommands(files);
  }
}

/** Writes the rendered output to `--output FILE` or standard output; returns an error message on failure. */
export function deliver(io: CliIo, text: string, output: string | undefined): string | undefined {
  if (output === undefined) {
    io.write(text);
    return undefined;
  }
  return writeReport(output, text);
}

/** `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
