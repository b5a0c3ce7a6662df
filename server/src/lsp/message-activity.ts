/**
 * Counts the messages the connection has handled, so the analysis scheduler can tell when the
 * messages that arrived during an analysis have all been handled (vscode-jsonrpc handles one
 * queued message per event-loop turn) before it picks the version to analyse next.
 */
import type { Message, MessageStrategy } from 'vscode-languageserver/node';

export class MessageActivity {
  /** Messages handled so far. */
  handled = 0;
  /** Whether the client asked the server to shut down (the exit code when the client goes away). */
  shutdownRequested = false;

  /** Pass as `messageStrategy` in the connection options. */
  readonly strategy: MessageStrategy = {
    handleMessage: (message: Message, next: (message: Message) => void): void => {
      this.handled++;
      if ((message as { method?: string }).method === 'shutdown') this.shutdownRequested = true;
      next(message);
    },
  };
}
