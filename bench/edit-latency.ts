/**
 * Measures edit -> diagnostics latency through the real language server over stdio: one-character
 * edits to a large document, each timed from didChange to the first publishDiagnostics of that
 * version. The next edit is sent only then, so the server's coalescing of queued edits never
 * merges two: every figure is the cost of one edit alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/**
 * What VS Code's language client says it reads of a diagnostic. The server leaves out the fields
 * a client does not read, so the bench declares VS Code's, and its publishes are the ones VS Code gets.
 */
const VSCODE_TEXT_DOCUMENT = {
  publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
};

/** The document edited, and where: by default an nginx config, a space at the start of a line near the middle. */
export interface EditedDocument {
  readonly uri: string;
  readonly languageId: string;
  /** Where the character is inserted (then deleted again). */
  readonly at?: { readonly line: number; readonly character: number };
  readonly insert?: string;
  /**
   * Typing anywhere instead: each edit inserts a letter at an offset drawn from a random sequence
   * seeded with this number, and the next edit deletes it again, so the file stays what it was
   * (and valid) between pairs. Real typing lands in names, numbers and indentation, where one
   * letter can join two directives; the fixed place above is the cheapest kind of edit.
   */
  readonly randomSeed?: number;
}

/** Where each insertion of a seeded run of edits goes and what it types (see `EditedDocument.randomSeed`). */
export function randomEdits(text: string, seed: number, count: number): { line: number; character: number; insert: string }[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let state = seed >>> 0 || 1;
  // xorshift32: the same positions on every machine and Node version.
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  const edits: { line: number; character: number; insert: string }[] = [];
  for (let i = 0; i < count; i++) {
    const offset = Math.floor(next() * text.length);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    edits.push({ line: low, character: offset - lineStarts[low]!, insert: LETTERS[Math.floor(next() * LETTERS.length)]! });
  }
  return edits;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Where an edit's time goes besides the server's main thread, as means per edit over the run
 * (read once at its start and end, so that measuring them does not load the machine per edit).
 */
export interface EditBreakdown {
  /** CPU milliseconds of the server's other threads (V8's garbage collector and compiler helpers). */
  serverOtherThreadsMs?: number;
  /** CPU milliseconds of the bench client: reading the messages and parsing their JSON. */
  clientMs?: number;
  /** Bytes the server wrote: the publishDiagnostics and status notifications. */
  serverBytes?: number;
  /**
   * Minor page faults of the server: memory it touched for the first time. Each new version of a
   * 1 MB document is a new 1 MB string (about 256 faults), which on a virtual machine costs
   * several microseconds per fault.
   */
  serverPageFaults?: number;
}

/** The breakdown as a clause of a bench row. */
export function breakdownText(breakdown: EditBreakdown): string {
  const parts: string[] = [];
  if (breakdown.serverOtherThreadsMs !== undefined) parts.push(`server's other threads ${breakdown.serverOtherThreadsMs.toFixed(1)} ms CPU`);
  if (breakdown.clientMs !== undefined) parts.push(`bench client ${breakdown.clientMs.toFixed(1)} ms CPU`);
  if (breakdown.serverBytes !== undefined) parts.push(`${(breakdown.serverBytes / 1024).toFixed(0)} KB written`);
  if (breakdown.serverPageFaults !== undefined) parts.push(`${breakdown.serverPageFaults.toFixed(0)} server page faults`);
  return parts.length > 0 ? `; per edit: ${parts.join(', ')}` : '';
}

/**
 * The milliseconds of each of `count` edits. With `cpu`, also the CPU milliseconds the server's
 * main thread spent on each (Linux, from /proc/<pid>/schedstat), which a loaded machine inflates
 * far less than the wall-clock figures.
 */
export async function measureEdits(
  server: string,
  text: string,
  count: number,
  edited: EditedDocument = { uri: 'file:///bench/nginx.conf', languageId: 'nginx' },
  cpu?: number[],
  breakdown?: EditBreakdown,
): Promise<number[]> {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let written = 0;
  if (breakdown) child.stdout.on('data', (chunk: Buffer) => (written += chunk.length));
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
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: VSCODE_TEXT_DOCUMENT } });
    await connection.sendNotification('initialized', {});
    const { uri, languageId, insert: typed = ' ' } = edited;
    const opened = published(1);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    await opened;
    // Insert then delete the typed text (by default one space at the start of a line near the middle),
    // or a letter at seeded random places, each deleted by the next edit.
    const fixed = edited.at ?? { line: text.slice(0, text.length >> 1).split('\n').length, character: 0 };
    const places = edited.randomSeed === undefined ? undefined : randomEdits(text, edited.randomSeed, Math.ceil(count / 2));
    const times: number[] = [];
    const threadsStart = breakdown ? otherThreadsCpuMs(child.pid) : undefined;
    const faultsStart = breakdown ? minorFaults(child.pid) : undefined;
    const clientStart = process.cpuUsage();
    const writtenStart = written;
    for (let version = 2; version < count + 2; version++) {
      const insert = version % 2 === 0;
      const place = places?.[(version - 2) >> 1];
      const { line, character } = place ?? fixed;
      const letter = place?.insert ?? typed;
      const range = { start: { line, character }, end: { line, character: insert ? character : character + letter.length } };
      const done = published(version);
      const cpuStart = cpu ? threadCpuMs(child.pid) : undefined;
      const start = process.hrtime.bigint();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range, text: insert ? letter : '' }],
      });
      await done;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (cpu && cpuStart !== undefined) {
        const cpuEnd = threadCpuMs(child.pid);
        if (cpuEnd !== undefined) cpu.push(cpuEnd - cpuStart);
      }
    }
    if (breakdown) {
      const threadsEnd = otherThreadsCpuMs(child.pid);
      if (threadsStart !== undefined && threadsEnd !== undefined) breakdown.serverOtherThreadsMs = (threadsEnd - threadsStart) / count;
      const client = process.cpuUsage(clientStart);
      breakdown.clientMs = (client.user + client.system) / 1000 / count;
      breakdown.serverBytes = (written - writtenStart) / count;
      const faultsEnd = minorFaults(child.pid);
      if (faultsStart !== undefined && faultsEnd !== undefined) breakdown.serverPageFaults = (faultsEnd - faultsStart) / count;
    }
    return times;
  } finally {
    await stop(child, connection);
  }
}

/** CPU milliseconds the main thread of process `pid` has run, or undefined where /proc cannot tell. */
function threadCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds all threads but the main one of process `pid` have run, or undefined where /proc cannot tell. */
function otherThreadsCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    let total = 0;
    for (const thread of readdirSync(`/proc/${pid}/task`)) {
      if (thread !== String(pid)) total += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    }
    return total;
  } catch {
    return undefined;
  }
}

/** Minor page faults process `pid` has taken, or undefined where /proc cannot tell. */
function minorFaults(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The fields after the command name, which is in parentheses and may hold spaces: minflt is the 8th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
  } catch {
    return undefined;
  }
}

/**
 * Shuts the server down as a client does (shutdown, then exit), so that a server run with
 * `node --cpu-prof` (NODE_OPTIONS) writes its profile; killed by its pid if it has not exited in 5 s.
 */
async function stop(child: ChildProcess, connection: MessageConnection): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timeout = setTimeout(() => child.kill(), 5000);
  try {
    await Promise.race([connection.sendRequest('shutdown'), exited]);
    await connection.sendNotification('exit');
  } catch {
    child.kill();
  }
  await exited;
  clearTimeout(timeout);
  connection.dispose();
}
