/**
 * Bad input gets a clear diagnostic or error, never a crash or a hang: invalid UTF-8, deep
 * nesting, a huge single line, binary garbage, an include loop and a file that is a folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

describe('bad input', () => {
  const dir = tmpTree({});

  it('reads invalid UTF-8 with a warning and still checks the file', () => {
    const bytes = Buffer.concat([Buffer.from('upstream app {\n    server 10.0.0.1:80 weight=5;\n    # caf'), Buffer.from([0xe9, 0xff]), Buffer.from('\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n')]);
    writeFileSync(join(dir, 'latin1.nginx'), bytes);
    const run = runCli(['check', 'latin1.nginx'], { cwd: dir });
    expect(run.stderr).toContain('is not valid UTF-8');
    expect(run.stdout).toContain('weight-skew');
    expect(run.status).toBe(1);
  });

  it('reports 100,000 nested blocks as an error instead of overflowing the stack', () => {
    writeFileSync(join(dir, 'deep.nginx'), 'http {\n' + 'location / {'.repeat(100_000) + '}'.repeat(100_000) + '\n}\n');
    const run = runCli(['check', '--format', 'json', 'deep.nginx'], { cwd: dir });
    expect(run.status).toBe(2);
    const messages = JSON.parse(run.stdout).files[0].findings.map((f: { message: string }) => f.message);
    expect(messages.some((m: string) => /nest/i.test(m))).toBe(true);
    expect(run.stderr).not.toContain('RangeError');
  });

  it('survives binary garbage and a 5 MB single line', () => {
    const garbage = Buffer.alloc(200_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff;
    writeFileSync(join(dir, 'garbage.nginx'), garbage);
    writeFileSync(join(dir, 'long.nginx'), `upstream u { server ${'a'.repeat(5_000_000)}:80; server b:80; }\n`);
    for (const name of ['garbage.nginx', 'long.nginx']) {
      const run = runCli(['check', '--format', 'json', name], { cwd: dir });
      expect([0, 1, 2], name).toContain(run.status);
      expect(() => JSON.parse(run.stdout), name).not.toThrow();
      expect(run.stderr, name).not.toContain('internal error');
    }
  });

  it('reports an include loop and a folder named as a file', () => {
    const loop = tmpTree({ 'nginx.conf': 'http {\n    include a.conf;\n}\n', 'a.conf': 'include nginx.conf;\n' });
    const looped = runCli(['check', '--format', 'json', 'nginx.conf'], { cwd: loop });
    expect(JSON.stringify(JSON.parse(looped.stdout))).toContain('include loop');
    mkdirSync(join(dir, 'folder.nginx'), { recursive: true });
    // An empty folder holds no config: a clear error (exit 2), not a crash and not "no problems".
    const folder = runCli(['check', 'folder.nginx/'], { cwd: dir });
    expect(folder.status).toBe(2);
    expect(folder.stderr).toContain('no balancer config found');
    expect(folder.stderr).not.toMatch(/internal error|EISDIR/);
  });
});
