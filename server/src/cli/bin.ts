/**
 * Entry point of the bundled `lb-drift` binary.
 */
import { processIo } from './io';
import { main } from './main';
import { runAsWorker } from './parallel';
import { runAsRingHelper } from './ring-helper';

if (!runAsWorker() && !runAsRingHelper()) void main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lb-drift: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`);
    process.exitCode = 2;
  },
);
