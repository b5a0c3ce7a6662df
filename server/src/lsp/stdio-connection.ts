/**
 * The connection over stdin and stdout (`--stdio`), made as vscode-languageserver makes it from
 * the command line, except that the writer encodes diagnostics with `diagnosticsEncoderFor`
 * (each diagnostic's JSON made once, not on every keystroke, and a publish copied into a buffer
 * kept between publishes). As the library does for --stdio, the server exits when the client
 * closes stdin, and console output stays off stdout, which carries the protocol (here it goes to
 * stderr, which clients show in their log).
 */
import { Console } from 'node:console';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection } from 'vscode-languageserver/node';
import { diagnosticsEncoderFor } from './diagnostics-encoder';
import type { MessageActivity } from './message-activity';

export function createStdioConnection(activity: MessageActivity): Connection {
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: diagnosticsEncoderFor(process.stdout) });
  const exit = (): never => process.exit(activity.shutdownRequested ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  return createConnection(ProposedFeatures.all, reader, writer, { messageStrategy: activity.strategy });
}
