/**
 * The JSON encoder of the server's stdio writer. A publishDiagnostics message of a large file is
 * mostly diagnostics carried unchanged from the previous version (a 1 MB config with 350 findings
 * publishes 240 KB per keystroke); each one's JSON is encoded to UTF-8 once, kept with its
 * converted finding (diagnostics.ts), and the message is copied together from those bytes into
 * one buffer, with only `data` (the rule and the document version, one object per rule) written
 * anew, once per rule: no string of the whole message is made. Any other message, or a diagnostic that was not converted by
 * `toDiagnostics`, is encoded with JSON.stringify as vscode-jsonrpc does.
 *
 * The server's writer copies a publish into one buffer that it keeps for the next publish
 * (`diagnosticsEncoderFor`) while the stream holds nothing of the last one: a new 260 KB buffer
 * per keystroke is an allocation outside the heap that the kernel maps afresh (about 65 first-
 * touched pages, 0.3 ms per edit on a virtual machine).
 */
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { convertedOf, type ConvertedFinding } from './diagnostics';

const PUBLISH = 'textDocument/publishDiagnostics';

export const diagnosticsEncoder: ContentTypeEncoder = encoderWith(Buffer.allocUnsafe);

/**
 * The encoder of a writer to `stream` whose publishes reuse one buffer. vscode-jsonrpc's writer
 * encodes a message only once the previous one is written (one write at a time, each awaited to
 * its callback), and the buffer is taken again only when the stream holds no chunk either, so no
 * publish is overwritten while it is being sent.
 */
export function diagnosticsEncoderFor(stream: { readonly writableLength: number }): ContentTypeEncoder {
  let kept: Buffer | undefined;
  return encoderWith((length) => {
    if (length > MAX_KEPT_BYTES) return Buffer.allocUnsafe(length);
    if (kept && kept.length >= length && stream.writableLength === 0) return kept;
    // Room for the publish to grow a little (a finding more) without a new buffer.
    return (kept = Buffer.allocUnsafeSlow(Math.min(MAX_KEPT_BYTES, length + (length >> 3))));
  });
}

/** A publish larger than this gets a buffer of its own, not kept. */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;

function encoderWith(bufferFor: (length: number) => Buffer): ContentTypeEncoder {
  return {
    name: 'application/json',
    encode(message: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
      try {
        const bytes = options.charset === 'utf-8' ? publishBytes(message, bufferFor) : undefined;
        return Promise.resolve(bytes ?? Buffer.from(publishText(message) ?? JSON.stringify(message, undefined, 0), options.charset));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
}

/** The JSON text of a publishDiagnostics notification made of converted diagnostics; undefined for any other message. */
export function publishText(message: Message): string | undefined {
  return publishBytes(message, Buffer.allocUnsafe)?.toString('utf-8');
}

/**
 * The UTF-8 JSON of a publishDiagnostics notification made of converted diagnostics, copied from
 * each one's bytes as first encoded; undefined for any other message. No string of the whole
 * message is made: a 1 MB config's publish is a few hundred kilobytes on every keystroke.
 */
function publishBytes(message: Message, bufferFor: (length: number) => Buffer): Buffer | undefined {
  const { jsonrpc, method, params, ...rest } = message as { jsonrpc?: string; method?: string; params?: unknown };
  if (typeof jsonrpc !== 'string' || method !== PUBLISH || Object.keys(rest).length > 0 || typeof params !== 'object' || params === null) return undefined;
  const { uri, version, diagnostics, ...other } = params as { uri?: unknown; version?: unknown; diagnostics?: unknown };
  if (Object.keys(other).length > 0 || typeof uri !== 'string' || !Array.isArray(diagnostics)) return undefined;
  if (version !== undefined && typeof version !== 'number') return undefined;
  const heads: Buffer[] = [];
  const tails: Buffer[] = [];
  // A message's diagnostics of one rule share one `data` object (toDiagnostics makes one per rule
  // and version), so its bytes are made once per rule: the loop below only copies bytes.
  const tailBytes = new Map<unknown, Buffer>();
  let length = 0;
  for (const diagnostic of diagnostics as Diagnostic[]) {
    const converted = convertedOf(diagnostic);
    if (!converted) return undefined;
    const head = headBytes(converted);
    let tail = tailBytes.get(diagnostic.data);
    if (tail === undefined) tailBytes.set(diagnostic.data, (tail = Buffer.from(dataTail(diagnostic.data), 'utf-8')));
    heads.push(head);
    tails.push(tail);
    length += head.length + tail.length + 1;
  }
  const head = Buffer.from(
    `{"jsonrpc":${JSON.stringify(jsonrpc)},"method":"${PUBLISH}","params":{"uri":${JSON.stringify(uri)}${version === undefined ? '' : `,"version":${JSON.stringify(version)}`},"diagnostics":[`,
    'utf-8',
  );
  const out = bufferFor(head.length + length + (heads.length === 0 ? 0 : -1) + 3);
  // TypedArray.set: Buffer's copy costs a call into the runtime, which hundreds of diagnostics per message would pay.
  out.set(head, 0);
  let at = head.length;
  for (let i = 0; i < heads.length; i++) {
    if (i > 0) out[at++] = COMMA;
    out.set(heads[i]!, at);
    at += heads[i]!.length;
    out.set(tails[i]!, at);
    at += tails[i]!.length;
  }
  out[at++] = CLOSE_BRACKET;
  out[at++] = CLOSE_BRACE;
  out[at++] = CLOSE_BRACE;
  return out.subarray(0, at);
}

const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/** A converted diagnostic's JSON without its closing brace, as first encoded. */
function headBytes(converted: ConvertedFinding): Buffer {
  return (converted.bytes ??= Buffer.from(JSON.stringify(converted.diagnostic).slice(0, -1), 'utf-8'));
}

/** What follows a diagnostic's head: its `data` (as JSON.stringify writes it) and the closing brace. */
function dataTail(data: unknown): string {
  return data === undefined ? '}' : `,"data":${JSON.stringify(data)}}`;
}
