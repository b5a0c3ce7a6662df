/**
 * Measures edit -> diagnostics latency through the real language server over stdio: one-character
 * edits to a large document, each timed from didChange to the first publishDiagnostics of that
 * version. The next edit is sent only then, so the server's coalescing of queued edits never
 * merges two: every figure is the cost of one edit alone.
 */
import { spawn } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** The milliseconds of each of `count` edits. */
export async function measureEdits(server: string, text: string, count: number): Promise<number[]> {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map<number, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => {
    if (p.version === undefined) return;
    waiting.get(p.version)?.();
    waiting.delete(p.version);
  });
  connection.listen();
  const published = (version: number) => new Promise<void>((resolve) => waiting.set(version, resolve));
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification('initialized', {});
    const uri = 'file:///bench/nginx.conf';
    const opened = published(1);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text } });
    await opened;
    // Insert then delete one space at the start of a line near the middle.
    const line = text.slice(0, text.length >> 1).split('\n').length;
    const times: number[] = [];
    for (let version = 2; version < count + 2; version++) {
      const insert = version % 2 === 0;
      const range = { start: { line, character: 0 }, end: { line, character: insert ? 0 : 1 } };
      const done = published(version);
      const start = process.hrtime.bigint();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range, text: insert ? ' ' : '' }],
      });
      await done;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
  } finally {
    connection.dispose();
    child.kill();
  }
}
