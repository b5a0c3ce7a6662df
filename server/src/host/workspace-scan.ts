/**
 * The first look at a workspace: walks its folders (skipping .git and node_modules, honouring
 * .gitignore, as the CLI does), reads the files some dialect could read (bounded in count and
 * bytes, through the safe reader) and hands each text over. It yields to the event loop between
 * files so requests are answered while it runs, and it never runs git, so it is safe in an
 * untrusted workspace.
 */
import { listFiles } from './list-files';
import { readText } from './read-text';

export interface ScanLimits {
  /** Files read at most. */
  readonly maxFiles: number;
  /** Bytes read at most, all files together. */
  readonly maxBytes: number;
  /** A larger file is skipped (it is still analysed when opened). */
  readonly maxFileBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 5000, maxBytes: 64 * 1024 * 1024, maxFileBytes: 4 * 1024 * 1024 };

export interface ScanSummary {
  readonly read: number;
  readonly bytes: number;
  /** Why the scan stopped before the end, when it did. */
  readonly stopped?: string;
}

export interface ScanHooks {
  /** Whether a path is worth reading (some dialect could read it). */
  readonly wanted: (path: string) => boolean;
  readonly onFile: (path: string, text: string) => void;
  /** Checked between files: true stops the scan (the server is shutting down, or folders changed). */
  readonly cancelled?: () => boolean;
}

export async function scanWorkspace(folders: readonly string[], hooks: ScanHooks, limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<ScanSummary> {
  await turn();
  let read = 0;
  let bytes = 0;
  for (const listed of listFiles(folders)) {
    if (hooks.cancelled?.()) return { read, bytes, stopped: 'cancelled' };
    if ('missing' in listed || !hooks.wanted(listed.path)) continue;
    if (read >= limits.maxFiles) return { read, bytes, stopped: `more than ${limits.maxFiles} candidate files` };
    if (bytes >= limits.maxBytes) return { read, bytes, stopped: `more than ${limits.maxBytes} bytes of candidate files` };
    const result = readText(listed.path, limits.maxFileBytes);
    if (!result.ok) continue;
    read++;
    bytes += result.text.length;
    hooks.onFile(listed.path, result.text);
    // Every few files, let the connection handle what arrived.
    if (read % 16 === 0) await turn();
  }
  return { read, bytes };
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
