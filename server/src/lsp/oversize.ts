/**
 * Files over `lbDrift.maxFileSize` are measured, not analysed: parsing a 50 MB file on every
 * keystroke would block the server for seconds and cost gigabytes. Such a file gets one
 * diagnostic that says so and how to change it; hovers, hints, the outline and fixes stay empty.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';

const MB = 1024 * 1024;

export interface Oversize {
  readonly bytes: number;
  /** The limit in megabytes, as the setting says it. */
  readonly limitMb: number;
}

/** The size of `text` when it is over `limitMb` megabytes (in UTF-8), else undefined. */
export function oversize(text: string, limitMb: number): Oversize | undefined {
  const limit = limitMb * MB;
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: most texts are decided without counting bytes.
  if (text.length * 3 <= limit) return undefined;
  const bytes = text.length > limit ? text.length : Buffer.byteLength(text, 'utf8');
  return bytes > limit ? { bytes, limitMb } : undefined;
}

export function oversizeMessage({ bytes, limitMb }: Oversize): string {
  return (
    `lb-drift did not analyse this file: it is ${(bytes / MB).toFixed(1)} MB, over lbDrift.maxFileSize (${limitMb} MB). ` +
    'No diagnostics, hovers, hints, outline or fixes are offered for it. Raise lbDrift.maxFileSize to analyse it in the ' +
    'editor, or check it with `lb-drift check` on the command line.'
  );
}

/** The one diagnostic an oversize file gets, on its first character. */
export function oversizeDiagnostic(size: Oversize): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'lb-drift',
    code: 'max-file-size',
    message: oversizeMessage(size),
  };
}
