/**
 * The machine formats every reporting command shares (json, sarif, github), and where the result
 * goes: standard output, or a file with `--output FILE` (for SARIF uploads).
 */
import { writeReport } from '../host/write-text';
import { RULES } from '../rules';
import { toGithubCommands } from './format-github';
import { jsonResultChunks } from './format-json';
import { jsonChunks } from './json-chunks';
import { toSarif } from './format-sarif';
import type { CliIo } from './io';
import type { OutputNeeds } from './output-collector';
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

/** What a format prints of the output model: json the pools, text and sarif each finding's details. */
export function outputNeedsOf(format: Format): OutputNeeds {
  return { pools: format === 'json', details: format === 'text' || format === 'sarif' };
}

/** Renders json, sarif or github output, in pieces (see json-chunks.ts for why). */
export function renderMachine(
  format: Exclude<Format, 'text'>,
  files: readonly OutFile[],
  errors: readonly string[],
  warnings: readonly string[],
): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonResultChunks(files);
    case 'sarif':
      return jsonChunks(
        toSarif(files, {
          rules: RULES,
          version: typeof LB_DRIFT_VERSION === 'string' ? LB_DRIFT_VERSION : '0.0.0-dev',
          workingDirectory: process.cwd(),
          errors,
          warnings,
        }),
      );
    case 'github':
      return [toGithubCommands(files)];
  }
}

/**
 * Writes the rendered output to `--output FILE` or standard output, joined into pieces of about
 * 64 KiB so a large report is neither one huge string nor thousands of tiny writes. Returns an
 * error message on failure.
 */
export function deliver(io: CliIo, output: string | Iterable<string>, file: string | undefined): string | undefined {
  const pieces = typeof output === 'string' ? [output] : batched(output);
  if (file === undefined) {
    for (const piece of pieces) io.write(piece);
    return undefined;
  }
  return writeReport(file, pieces);
}

/**
 * `deliver` for a command that may wait: on standard output, each piece waits until the stream
 * has taken the ones before it. A pipe takes 64 KiB at a time, and Node queues what a pipe does
 * not take at once; written in one loop, a 10 MB haproxy.cfg's 34 MB JSON report was queued whole
 * behind a slower reader (`lb-drift check --format json | jq`), on top of the analysis.
 */
export async function deliverPaced(io: CliIo, output: string | Iterable<string>, file: string | undefined): Promise<string | undefined> {
  if (file !== undefined || typeof output === 'string' || !io.drained) return deliver(io, output, file);
  for (const piece of batched(output)) {
    io.write(piece);
    const drained = io.drained();
    if (drained) await drained;
  }
  return undefined;
}

const BATCH_CHARS = 1 << 16;

function* batched(chunks: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= BATCH_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/** `a, b or c`. */
export function oneOf(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
