/**
 * The streams a command uses, injectable so tests can run commands in-process.
 */
import type { Readable } from 'node:stream';
import { createStyle, type Style } from './style';

export interface CliIo {
  readonly stdin: Readable;
  write(text: string): void;
  error(text: string): void;
  readonly style: Style;
  readonly errorStyle: Style;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    write: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
    style: createStyle(process.stdout),
    errorStyle: createStyle(process.stderr),
  };
}
