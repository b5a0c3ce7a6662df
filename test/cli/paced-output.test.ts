/**
 * `check`, `diff` and `shares` write a large report piece by piece and wait, between pieces, until standard
 * output has taken what it holds (cli/emit.ts deliverPaced). A pipe takes 64 KiB at a time and
 * Node queues the rest: written in one loop, a 10 MB haproxy.cfg's 34 MB JSON report was queued
 * whole behind a slower reader, and the piped check's peak RSS was 310 MB instead of 244 MB.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../server/src/cli/json-chunks';
import { deliverPaced } from '../../server/src/cli/emit';
import type { CliIo } from '../../server/src/cli/io';
import { main } from '../../server/src/cli/main';
import { plainStyle } from '../../server/src/cli/style';
import { tmpTree } from '../helpers/tmp';

/** An output that is full after every piece until the test's reader drains it, one tick later. */
function slowReader(): { io: CliIo; text: () => string; waits: () => number; written: () => number } {
  const pieces: string[] = [];
  let pending = false;
  let waits = 0;
  let overrun = 0;
  const io: CliIo = {
    stdin: new PassThrough(),
    write: (text) => {
      if (pending) overrun++;
      pieces.push(text);
      pending = true;
    },
    drained: () => {
      if (!pending) return undefined;
      waits++;
      return new Promise((resolve) =>
        setImmediate(() => {
          pending = false;
          resolve();
        }),
      );
    },
    error: () => {},
    style: plainStyle,
    errorStyle: plainStyle,
  };
  return { io, text: () => pieces.join(''), waits: () => waits, written: () => (overrun > 0 ? -overrun : pieces.length) };
}

const config = (backends: number) =>
  'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend www\n    bind :80\n    default_backend b0\n\n' +
  Array.from({ length: backends }, (_, i) => `backend b${i}\n    balance roundrobin\n${Array.from({ length: 6 }, (_, s) => `    server s${s} 10.${i >> 8}.${i & 255}.${s}:80 check weight ${s + 1}\n`).join('')}`).join('\n');

describe('paced output', () => {
  it('writes no piece of check --format json before the output took the previous one', async () => {
    const dir = tmpTree({ 'haproxy.cfg': config(400) });
    const slow = slowReader();
    const code = await main(['check', '--format', 'json', '--threads', '1', `${dir}/haproxy.cfg`], slow.io);
    expect(code).toBeLessThan(2);
    // Several 64 KiB pieces, each written after the previous one drained.
    expect(slow.written()).toBeGreaterThan(3);
    expect(slow.waits()).toBe(slow.written());
    const report = JSON.parse(slow.text()) as { files: { pools: unknown[] }[] };
    expect(report.files[0]!.pools.length).toBe(400);
  });

  it('writes no piece of shares --format json before the output took the previous one', async () => {
    const dir = tmpTree({ 'haproxy.cfg': config(400) });
    const slow = slowReader();
    const code = await main(['shares', '--format', 'json', `${dir}/haproxy.cfg`], slow.io);
    expect(code).toBe(0);
    expect(slow.written()).toBeGreaterThan(3);
    expect(slow.waits()).toBe(slow.written());
    const report = JSON.parse(slow.text()) as { files: { pools: { members: unknown[] }[] }[] };
    expect(report.files[0]!.pools.length).toBe(400);
    expect(report.files[0]!.pools.every((pool) => pool.members.length === 6)).toBe(true);
  });

  it('gives the text of the unpaced delivery, and writes at once when nothing waits', async () => {
    const value = { version: 1, files: Array.from({ length: 3000 }, (_, i) => ({ path: `f${i}`, pools: [{ name: `p${i}`, line: i }] })) };
    const slow = slowReader();
    expect(await deliverPaced(slow.io, jsonChunks(value), undefined)).toBeUndefined();
    expect(slow.text()).toBe(`${JSON.stringify(value, null, 2)}\n`);
    expect(slow.waits()).toBeGreaterThan(1);
    const plain: string[] = [];
    const io: CliIo = { ...slow.io, write: (text) => plain.push(text), drained: undefined };
    await deliverPaced(io, jsonChunks(value), undefined);
    expect(plain.join('')).toBe(slow.text());
  });
});
