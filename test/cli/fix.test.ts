/**
 * `lb-drift check --fix` applies safe fixes only, writes the files, reports what is left, and
 * leaves unsafe fixes (which move traffic) to a person.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

describe('lb-drift check --fix', () => {
  it('removes a duplicate and restores passive checks, keeps the unsafe weight fix as a finding', () => {
    const dir = tmpTree({
      'site.nginx': `upstream app {
    server 10.0.1.11:8080 weight=5 max_fails=0;
    server 10.0.1.12:8080 max_fails=0;
    server 10.0.1.13:8080 max_fails=0;
    server 10.0.1.13:8080 max_fails=0;
}
`,
    });
    const run = runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(run.stderr).toContain('Fixed 2 problems in 1 file (safe fixes only).');
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(`upstream app {
    server 10.0.1.11:8080 weight=5 max_fails=1;
    server 10.0.1.12:8080 max_fails=1;
    server 10.0.1.13:8080 max_fails=1;
}
`);
    expect(run.stdout).toContain('weight-skew');
    expect(run.stdout).not.toContain('duplicate-member');
    expect(run.status).toBe(1);
  });

  it('changes nothing when there is nothing safe to fix', () => {
    const text = 'upstream app {\n    server 10.0.1.11:8080 weight=5;\n    server 10.0.1.12:8080;\n    server 10.0.1.13:8080;\n}\n';
    const dir = tmpTree({ 'site.nginx': text });
    const run = runCli(['check', '--fix', 'site.nginx'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(readFileSync(join(dir, 'site.nginx'), 'utf8')).toBe(text);
  });
});
