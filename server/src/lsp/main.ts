/**
 * Entry point of the bundled language server (`lb-drift-language-server --stdio`). The transport
 * (--stdio, --node-ipc, --socket=N) comes from the command line, as every LSP client passes it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { MessageActivity } from './message-activity';
import { startServer } from './server';
import { createStdioConnection } from './stdio-connection';
import { v8YoungHeap } from './young-collections';

declare const LB_DRIFT_VERSION: string;

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${typeof LB_DRIFT_VERSION === 'string' ? LB_DRIFT_VERSION : 'dev'}\n`);
} else if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write(
    'lb-drift-language-server speaks the Language Server Protocol; start it from an editor with --stdio\n' +
      '(for example: lb-drift-language-server --stdio).\n',
  );
  process.exitCode = 2;
} else {
  // The scheduler watches the connection handle messages, to analyse only once typing is read.
  const activity = new MessageActivity();
  startServer(
    args.includes('--stdio') ? createStdioConnection(activity) : createConnection(ProposedFeatures.all, { messageStrategy: activity.strategy }),
    activity,
    v8YoungHeap(),
  );
}
