/**
 * The JSON encoder of the server's stdio writer. A publishDiagnostics message of a large file is
 * mostly diagnostics carried unchanged from the previous version (a 1 MB config with 350 findings
 * publishes 240 KB per keystroke); each one's JSON text is made once, kept with its converted
 * finding (diagnostics.ts), and the message is joined from those texts, with only `data` (the
 * rule and the document version) written anew. Any other message, or a diagnostic that was not
 * converted by `toDiagnostics`, is encoded with JSON.stringify as vscode-jsonrpc does.
 */
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { convertedOf } from './diagnostics';

const PUBLISH = 'textDocument/publishDiagnostics';

export const diagnosticsEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(message: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      const text = publishText(message) ?? JSON.stringify(message, undefined, 0);
      return Promise.resolve(Buffer.from(text, options.charset));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  },
};

/** The JSON text of a publishDiagnostics notification made of converted diagnostics; undefined for any other message. */
export function publishText(message: Message): string | undefined {
  const { jsonrpc, method, params, ...rest } = message as { jsonrpc?: string; method?: string; params?: unknown };
  if (typeof jsonrpc !== 'string' || method !== PUBLISH || Object.keys(rest).length > 0 || typeof params !== 'object' || params === null) return undefined;
  const { uri, version, diagnostics, ...other } = params as { uri?: unknown; version?: unknown; diagnostics?: unknown };
  if (Object.keys(other).length > 0 || typeof uri !== 'string' || !Array.isArray(diagnostics)) return undefined;
  if (version !== undefined && typeof version !== 'number') return undefined;
  const parts: string[] = [];
  for (const diagnostic of diagnostics as Diagnostic[]) {
    const text = diagnosticText(diagnostic);
    if (text === undefined) return undefined;
    parts.push(text);
  }
  const head = `{"jsonrpc":${JSON.stringify(jsonrpc)},"method":"${PUBLISH}","params":{"uri":${JSON.stringify(uri)}`;
  return `${head}${version === undefined ? '' : `,"version":${JSON.stringify(version)}`},"diagnostics":[${parts.join(',')}]}}`;
}

/**
 * One diagnostic's JSON: its converted part as first encoded, then `data`. Undefined for a
 * diagnostic `toDiagnostics` did not make (or that was unfrozen into a copy).
 */
function diagnosticText(diagnostic: Diagnostic): string | undefined {
  const converted = convertedOf(diagnostic);
  if (!converted) return undefined;
  if (converted.json === undefined) {
    const whole = JSON.stringify(converted.diagnostic);
    converted.json = whole.slice(0, -1);
  }
  const { data } = diagnostic;
  return data === undefined ? `${converted.json}}` : `${converted.json},"data":${JSON.stringify(data)}}`;
}
