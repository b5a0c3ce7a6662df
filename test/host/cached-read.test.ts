/**
 * The language server's include cache: the same file read twice without a change is not read
 * again (the same result comes back), and any change on disk is seen at once.
 */
import { mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachedReader } from '../../server/src/host/cached-read';

describe('CachedReader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lb-drift-cached-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the kept text while the file is unchanged', () => {
    const path = join(dir, 'a.conf');
    writeFileSync(path, 'server 10.0.0.1;\n');
    const reader = new CachedReader();
    const first = reader.read(path);
    expect(first).toEqual({ ok: true, text: 'server 10.0.0.1;\n' });
    expect(reader.read(path)).toBe(first);
  });

  it('reads again when the file changes, even to text of the same size and time', () => {
    const path = join(dir, 'a.conf');
    writeFileSync(path, 'server 10.0.0.1;\n');
    const reader = new CachedReader();
    reader.read(path);
    writeFileSync(path, 'server 10.0.0.2;\n');
    // Put the modification time back: the change time and the inode still tell.
    utimesSync(path, new Date(0), new Date(0));
    expect(reader.read(path)).toEqual({ ok: true, text: 'server 10.0.0.2;\n' });
  });

  it('reports a file that went away, and reads it when it comes back', () => {
    const path = join(dir, 'a.conf');
    writeFileSync(path, 'one\n');
    const reader = new CachedReader();
    reader.read(path);
    unlinkSync(path);
    const gone = reader.read(path);
    expect(gone.ok).toBe(false);
    expect(gone.ok ? '' : gone.message).toContain('no such file');
    writeFileSync(path, 'two\n');
    expect(reader.read(path)).toEqual({ ok: true, text: 'two\n' });
  });
});
