/**
 * The server's writer copies a publish into a buffer kept from the previous publish
 * (`diagnosticsEncoderFor`): it is taken again only when the stream holds nothing, and through
 * vscode-jsonrpc's writer every publish arrives whole even when the stream reads a chunk's bytes
 * only when it completes the write, long after it was handed over.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StreamMessageWriter } from 'vscode-languageserver/node';
import type { Finding } from '../../server/src/core/finding';
import { DiagnosticCache, toDiagnostics } from '../../server/src/lsp/diagnostics';
import { diagnosticsEncoderFor } from '../../server/src/lsp/diagnostics-encoder';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';

const PATH = '/etc/nginx/nginx.conf';
const URI = 'file:///etc/nginx/nginx.conf';
const TEXT = 'upstream app {\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n}\n';
const docs = (rule: string) => `https://example.com/rules/${rule}.md`;

/** A publish of `count` findings (messages that differ per version, so that a mixed-up buffer shows). */
function publish(version: number, count: number, cache: DiagnosticCache) {
  const findings: Finding[] = Array.from({ length: count }, (_, i) => ({
    rule: i % 2 === 0 ? 'weight-skew' : 'unused-pool',
    severity: 'warning',
    message: `finding ${i} of version ${version}: ${'ü'.repeat(version % 7)}`,
    loc: { file: PATH, start: i % TEXT.length, end: Math.min(TEXT.length, (i % TEXT.length) + 3) },
  }));
  const diagnostics = toDiagnostics(findings, new DocumentSnapshot(URI, 'nginx', version, TEXT), PATH, new Map([[PATH, TEXT]]), docs, cache);
  return { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: URI, version, diagnostics } };
}

/** The JSON bodies of the Content-Length framed messages in `bytes`. */
function bodies(bytes: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headerEnd = bytes.indexOf('\r\n\r\n', at);
    const length = Number(/Content-Length: (\d+)/.exec(bytes.subarray(at, headerEnd).toString('ascii'))![1]);
    out.push(bytes.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf-8'));
    at = headerEnd + 4 + length;
  }
  return out;
}

describe('publish buffer', () => {
  it('is taken again for the next publish only when the stream holds nothing', async () => {
    const stream = { writableLength: 0 };
    const encoder = diagnosticsEncoderFor(stream);
    const cache = new DiagnosticCache();
    const options = { charset: 'utf-8' } as const;
    const first = await encoder.encode(publish(1, 30, cache) as never, options);
    const second = await encoder.encode(publish(2, 30, cache) as never, options);
    expect(second.buffer).toBe(first.buffer);
    expect(Buffer.from(second).toString('utf-8')).toBe(JSON.stringify(publish(2, 30, new DiagnosticCache())));
    // Bytes still queued in the stream: a buffer of its own.
    stream.writableLength = 100;
    const third = await encoder.encode(publish(3, 30, cache) as never, options);
    expect(third.buffer).not.toBe(second.buffer);
    // A larger publish than the buffer holds: a larger buffer, kept from then on.
    stream.writableLength = 0;
    const larger = await encoder.encode(publish(4, 300, cache) as never, options);
    const next = await encoder.encode(publish(5, 300, cache) as never, options);
    expect(next.buffer).toBe(larger.buffer);
  });

  it('sends every publish whole through vscode-jsonrpc even when the stream reads its chunks late', async () => {
    const received: Buffer[] = [];
    // Reads a chunk's bytes only when it completes the write, a turn of the event loop later.
    const late = new Writable({
      write(chunk: Buffer, _encoding, done) {
        setImmediate(() => {
          received.push(Buffer.from(chunk));
          done();
        });
      },
    });
    const writer = new StreamMessageWriter(late, { charset: 'utf-8', contentTypeEncoder: diagnosticsEncoderFor(late) });
    const cache = new DiagnosticCache();
    const messages = Array.from({ length: 12 }, (_, i) => publish(i + 1, 20 + ((i * 37) % 50), cache));
    // All queued at once, as a burst of edits would.
    await Promise.all(messages.map((message) => writer.write(message as never)));
    expect(bodies(Buffer.concat(received))).toEqual(messages.map((message) => JSON.stringify(message)));
    writer.dispose();
  });

  it('is not taken while a write that holds it is pending, whoever writes', async () => {
    const received: Buffer[] = [];
    const late = new Writable({
      write(chunk: Buffer, _encoding, done) {
        setImmediate(() => {
          received.push(Buffer.from(chunk));
          done();
        });
      },
    });
    const encoder = diagnosticsEncoderFor(late);
    const cache = new DiagnosticCache();
    const messages = Array.from({ length: 6 }, (_, i) => publish(i + 1, 25, cache));
    // Encoded and handed over one after the other without waiting for the writes (unlike vscode-jsonrpc's writer).
    for (const message of messages) late.write(await encoder.encode(message as never, { charset: 'utf-8' }));
    await new Promise<void>((resolve) => late.end(resolve));
    expect(received.map((chunk) => chunk.toString('utf-8'))).toEqual(messages.map((message) => JSON.stringify(message)));
  });
});
