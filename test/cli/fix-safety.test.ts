/**
 * `lb-drift check --fix` writes only what it means to and loses nothing (invariant 11): hostile
 * write scenarios, each of which lost or misdirected data before. The CLI runs as a child
 * process; the race (a file changed between reading and writing) goes through the writer's test
 * seam, so it is deterministic.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySafeFixes } from '../../server/src/cli/apply-fixes';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { writeFixedFile } from '../../server/src/host/fix-writer';
import { readText } from '../../server/src/host/read-text';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

/** A config with one safe fix: the repeated server line goes. */
const BROKEN = 'upstream app {\n    server 10.0.1.11:8080;\n    server 10.0.1.12:8080;\n    server 10.0.1.12:8080;\n}\n';
const FIXED = 'upstream app {\n    server 10.0.1.11:8080;\n    server 10.0.1.12:8080;\n}\n';
const VICTIM = 'an unrelated file that must never change\n';
const isRoot = process.getuid?.() === 0;

describe('check --fix: the temporary file', () => {
  it('is never a file planted at a predictable name, and the config stays a regular file', () => {
    const dir = tmpTree({ 'site.nginx': BROKEN, 'victim.txt': VICTIM });
    // The old writer used `<config>.lb-drift-<pid>.tmp` and followed symlinks: plant one for each
    // of the next few hundred process ids.
    const probe = spawnSync(process.execPath, ['-e', '0']);
    const next = probe.pid ?? 0;
    for (let pid = next; pid < next + 400; pid++) symlinkSync(join(dir, 'victim.txt'), join(dir, `site.nginx.lb-drift-${pid}.tmp`));
    const run = runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(run.stderr).toContain('Fixed 1 problem in 1 file');
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe(VICTIM);
    expect(lstatSync(join(dir, 'site.nginx')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(FIXED);
    // Nothing else was left behind: the planted links, the victim and the config only.
    expect(readdirSync(dir).filter((name) => !name.startsWith('site.nginx.lb-drift-')).sort()).toEqual(['site.nginx', 'victim.txt']);
  });
});

describe('check --fix keeps what the user has', () => {
  it.runIf(isRoot)('owner and group (not root:root) and mode', () => {
    const dir = tmpTree({ 'site.nginx': BROKEN });
    const file = join(dir, 'site.nginx');
    chownSync(file, 1000, 1000);
    chmodSync(file, 0o640);
    runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    const stat = statSync(file);
    expect(readFileSync(file, 'utf8')).toBe(FIXED);
    expect([stat.uid, stat.gid, stat.mode & 0o7777]).toEqual([1000, 1000, 0o640]);
  });

  it('the mode of a file the user owns', () => {
    const dir = tmpTree({ 'site.nginx': BROKEN });
    chmodSync(join(dir, 'site.nginx'), 0o600);
    runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(statSync(join(dir, 'site.nginx')).mode & 0o7777).toBe(0o600);
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(FIXED);
  });

  it('hard links: every name sees the fix, through the same inode', () => {
    const dir = tmpTree({ 'site.nginx': BROKEN });
    linkSync(join(dir, 'site.nginx'), join(dir, 'backup-link'));
    const inode = statSync(join(dir, 'site.nginx')).ino;
    runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(dir, 'backup-link'), 'utf8')).toBe(FIXED);
    expect(statSync(join(dir, 'site.nginx')).ino).toBe(inode);
    expect(statSync(join(dir, 'site.nginx')).nlink).toBe(2);
  });

  it('a symlinked config stays a symlink and the file it points to is fixed', () => {
    const dir = tmpTree({ 'real/site.conf': BROKEN });
    symlinkSync('real/site.conf', join(dir, 'site.nginx'));
    const run = runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(run.stderr).toContain('Fixed 1 problem in 1 file');
    expect(lstatSync(join(dir, 'site.nginx')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'site.nginx'))).toBe('real/site.conf');
    expect(readFileSync(join(dir, 'real/site.conf'), 'utf8')).toBe(FIXED);
  });

  it('a read-only file is not rewritten (even by root), said so, and the run exits 1', () => {
    const dir = tmpTree({ 'site.nginx': BROKEN });
    chmodSync(join(dir, 'site.nginx'), 0o444);
    const run = runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(BROKEN);
    expect(run.stderr).toContain('--fix left site.nginx unchanged: it is read-only (mode 0444)');
    expect(run.stderr).not.toContain('Fixed');
    expect(run.status).toBe(1);
  });

  it('a file outside the given paths (an absolute include) is not rewritten unless --fix-outside', () => {
    const outside = tmpTree({ 'shared.conf': BROKEN });
    const conf = `http {\n    include ${join(outside, 'shared.conf')};\n}\n`;
    const dir = tmpTree({ 'nginx/nginx.conf': conf });
    const refused = runCli(['check', '--fix', 'nginx/nginx.conf'], { cwd: dir });
    expect(readFileSync(join(outside, 'shared.conf'), 'utf8')).toBe(BROKEN);
    expect(refused.stderr).toContain(`--fix left ${join(outside, 'shared.conf')} unchanged: it is outside the paths given on the command line`);
    expect(refused.status).toBe(1);

    const allowed = runCli(['check', '--fix', '--fix-outside', 'nginx/nginx.conf'], { cwd: dir });
    expect(allowed.stderr).toContain('Fixed 1 problem in 1 file');
    expect(readFileSync(join(outside, 'shared.conf'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(dir, 'nginx/nginx.conf'), 'utf8')).toBe(conf);
  });

  it('a symlink inside the given folder that points outside it is not followed for writing', () => {
    const outside = tmpTree({ 'target.conf': BROKEN });
    const dir = tmpTree({ 'nginx/nginx.conf': 'http {\n    include conf.d/*.conf;\n}\n' });
    mkdirSync(join(dir, 'nginx/conf.d'));
    symlinkSync(join(outside, 'target.conf'), join(dir, 'nginx/conf.d/linked.conf'));
    const run = runCli(['check', '--fix', 'nginx'], { cwd: dir });
    expect(readFileSync(join(outside, 'target.conf'), 'utf8')).toBe(BROKEN);
    expect(run.stderr).toContain('unchanged: it is outside the paths given on the command line');
    expect(run.status).toBe(1);
  });
});

describe('check --fix is never lossy', () => {
  it('keeps a byte-order mark and every other byte outside the fix', () => {
    const dir = tmpTree({});
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const withCrlf = (s: string): string => s.replace(/\n/g, '\r\n');
    writeFileSync(join(dir, 'site.nginx'), Buffer.concat([bom, Buffer.from(`# café ☕\n${withCrlf(BROKEN)}`)]));
    runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(readFileSync(join(dir, 'site.nginx'))).toEqual(Buffer.concat([bom, Buffer.from(`# café ☕\n${withCrlf(FIXED)}`)]));
  });

  it('refuses a file that is not valid UTF-8 instead of re-encoding it', () => {
    const dir = tmpTree({});
    const bytes = Buffer.concat([Buffer.from('# Latin-1 comment: caf'), Buffer.from([0xe9]), Buffer.from(`\n${BROKEN}`)]);
    writeFileSync(join(dir, 'site.nginx'), bytes);
    const run = runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(readFileSync(join(dir, 'site.nginx'))).toEqual(bytes);
    expect(run.stderr).toContain('--fix left site.nginx unchanged: it is not valid UTF-8');
    expect(run.status).toBe(1);
  });

  it('a bare-CR file is left as it is: nginx reads the lines after the suppression as its comment', () => {
    const lines = ['# lb-drift-disable-next-line weight-skew -- old', 'http {', '  upstream app {', '    server 10.0.0.1:80;', '  }', '}', ''];
    const dir = tmpTree({ 'site.nginx': lines.join('\r') });
    runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(lines.join('\r'));
  });
});

describe('a file changed between reading and writing is not overwritten', () => {
  const analyse = (path: string) => {
    const read = readText(path);
    if (!read.ok) throw new Error(read.message);
    return analyzeFile({ path, text: read.text }, noIncludes, { dialect: 'nginx' });
  };

  for (const links of [1, 2]) {
    it(`keeps a line appended right before the write (${links === 1 ? 'rename' : 'in place, hard-linked'})`, () => {
      const dir = tmpTree({ 'site.nginx': BROKEN });
      const file = join(dir, 'site.nginx');
      if (links === 2) linkSync(file, join(dir, 'other-link'));
      const appended = '# added by someone else during the run\n';
      const outcome = applySafeFixes([analyse(file)], analyse, {
        roots: [dir],
        hooks: { beforeCommit: (target) => appendFileSync(target, appended) },
      });
      expect(readFileSync(file, 'utf8')).toBe(BROKEN + appended);
      expect(outcome.fixed).toBe(0);
      expect(outcome.skipped.get(file)).toContain('it changed while lb-drift was fixing it');
      expect(readdirSync(dir).filter((name) => name.includes('lb-drift'))).toEqual([]);
    });
  }

  it('skips a file whose text differs from what the analysis read', () => {
    const dir = tmpTree({ 'site.nginx': `${BROKEN}# appended\n` });
    const result = writeFixedFile(join(dir, 'site.nginx'), BROKEN, FIXED);
    expect(result).toEqual({ written: false, reason: 'it changed after lb-drift read it; run lb-drift check --fix again' });
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(`${BROKEN}# appended\n`);
  });
});

describe('--output reports are written the same safe way', () => {
  it('refuses to write through a symlink planted at the report path', () => {
    const dir = tmpTree({ 'site.nginx': FIXED, 'victim.txt': VICTIM });
    symlinkSync(join(dir, 'victim.txt'), join(dir, 'report.json'));
    const run = runCli(['check', 'site.nginx', '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('report.json: it is a symbolic link');
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe(VICTIM);
    expect(lstatSync(join(dir, 'report.json')).isSymbolicLink()).toBe(true);
  });

  it('replaces an existing report and keeps its mode', () => {
    const dir = tmpTree({ 'site.nginx': FIXED, 'report.json': 'old' });
    chmodSync(join(dir, 'report.json'), 0o600);
    const run = runCli(['check', 'site.nginx', '--format', 'json', '--output', 'report.json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).version).toBe(1);
    expect(statSync(join(dir, 'report.json')).mode & 0o7777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'site.nginx']);
  });
});
