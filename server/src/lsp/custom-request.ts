/**
 * Registers a custom request handler whose failures come back as `{ ok: false, message }` (the
 * shape every lb-drift custom result has) instead of a JSON-RPC error the client must special-case.
 */
import type { Connection } from 'vscode-languageserver/node';

export function onCustomRequest<P, R>(
  connection: Connection,
  method: string,
  handler: (params: P) => Promise<R>,
): void {
  connection.onRequest(method, async (params: P): Promise<unknown> => {
    try {
      return await handler(params);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      connection.console.error(`${method} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
      return { ok: false, state: 'error', message };
    }
  });
}
