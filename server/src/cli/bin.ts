/**
 * Entry point of the bundled `lb-drift` binary. It runs with Node's default heap sizes and does
 * not re-execute itself with heap flags: on a cold 10 MB check a larger young generation
 * (--max-semi-space-size=32/64) saved no CPU and added 40-50 MB of peak RSS, and a smaller one
 * (1-4 MB), which lowers the ring-heavy check's peak RSS by 20-30 MB, would need a second Node
 * process (its own ~40 MB and start-up) or a shebang with `env -S`, which BusyBox lacks. Flags
 * V8 reads as it runs are set in-process (heap-flags.ts).
 */
import { tuneHeap } from './heap-flags';
import { processIo } from './io';
import { main } from './main';
import { runAsWorker } from './parallel';
import { runAsRingHelper } from './ring-helper';

tuneHeap();
if (!runAsWorker() && !runAsRingHelper()) void main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lb-drift: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`);
    process.exitCode = 2;
  },
);
