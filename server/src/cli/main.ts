/**
 * The `lb-drift` command: dispatches to check, shares and route and maps failures to exit codes.
 */
import { runCheck } from './commands/check';
import { runDiff } from './commands/diff';
import { runRoute } from './commands/route';
import { runShares } from './commands/shares';
import type { CliIo } from './io';
import { EXIT_CLEAN, EXIT_USAGE, HELP, UsageError } from './usage';

declare const LB_DRIFT_VERSION: string;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(rest, io);
      case 'shares':
        return await runShares(rest, io);
      case 'route':
        return await runRoute(rest, io);
      case 'diff':
        return await runDiff(rest, io);
      case '--version':
      case '-v':
        io.write(`${typeof LB_DRIFT_VERSION === 'string' ? LB_DRIFT_VERSION : 'dev'}\n`);
        return EXIT_CLEAN;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.write(HELP);
        return command === undefined ? EXIT_USAGE : EXIT_CLEAN;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || isArgsError(error)) {
      io.error(`error: ${(error as Error).message}\nRun "lb-drift --help" for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** parseArgs signals unknown or malformed options with these codes. */
function isArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
