/**
 * The streams a command uses, injectable so tests can run commands in-process.
 */
import type { Readable } from 'node:stream';
import { createStyle, type Style } from './style';

export interface CliIo {
  readonly stdin: Readable;
  write(text: string): void;
  /**
   * When standard output holds more than it takes at once (a pipe whose reader is slower than the
   * command), a promise that settles once it drains or closes; otherwise undefined. Optional: an
   * in-process caller that keeps what is written has nothing to wait for.
   */
  drained?(): Promise<void> | undefined;
  error(text: string): void;
  readonly style: Style;
  readonly errorStyle: Style;
}

/**
 * The real streams. When the reader goes away (`lb-drift check | head`), further output is
 * dropped instead of crashing on EPIPE, and the command still exits with the code its findings
 * call for, so `set -o pipefail` scripts see the truth.
 */
export function processIo(): CliIo {
  const closed = new Set<NodeJS.WriteStream>();
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(stream);
    });
  }
  const writer = (stream: NodeJS.WriteStream) => (text: string) => {
    if (!closed.has(stream)) stream.write(text);
  };
  const drained = (stream: NodeJS.WriteStream): Promise<void> | undefined => {
    if (closed.has(stream) || !stream.writableNeedDrain) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        stream.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      stream.on('drain', done).on('close', done).on('error', done);
    });
  };
  return {
    stdin: process.stdin,
    write: writer(process.stdout),
    drained: () => drained(process.stdout),
    error: writer(process.stderr),
    style: createStyle(process.stdout),
    errorStyle: createStyle(process.stderr),
  };
}
