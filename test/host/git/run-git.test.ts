/**
 * runGit and runGitSync: argument lists without a shell, a quiet fixed environment, and every
 * outcome (success, failure, git missing, timeout, output too large) as a value.
 */
import { describe, expect, it } from 'vitest';
import { GIT_MISSING_MESSAGE, runGit, runGitSync } from '../../../server/src/host/git';
import { gitRepo, tmpDir, withoutGit } from '../../helpers/git-repo';

describe('runGit', () => {
  const repo = gitRepo({ 'big.conf': 'x'.repeat(10_000) });

  it('returns standard output as bytes', async () => {
    const result = await runGit(['rev-parse', 'HEAD'], repo.dir);
    expect(result).toEqual({ ok: true, stdout: Buffer.from(`${repo.head()}\n`), stderr: '' });
    expect(runGitSync(['rev-parse', 'HEAD'], repo.dir)).toEqual({ ok: true, stdout: Buffer.from(`${repo.head()}\n`), stderr: '' });
  });

  it('runs in a fixed environment: C locale, no prompts, no optional locks, no pager', async () => {
    const result = await runGit(['var', 'GIT_PAGER'], repo.dir);
    expect(result.ok && result.stdout.toString().trim()).toBe('cat');
    const env = await runGit(['-c', 'alias.env=!env', 'env'], repo.dir);
    const vars = env.ok ? env.stdout.toString() : '';
    for (const line of ['LC_ALL=C', 'GIT_TERMINAL_PROMPT=0', 'GIT_OPTIONAL_LOCKS=0', 'GIT_LITERAL_PATHSPECS=1']) expect(vars).toContain(line);
  });

  it('says what failed, in git words', async () => {
    const result = await runGit(['rev-parse', '--verify', 'no-such-branch'], repo.dir);
    expect(result).toMatchObject({ ok: false, kind: 'failed', message: 'git rev-parse failed: Needed a single revision' });
    expect(runGitSync(['rev-parse', '--verify', 'no-such-branch'], repo.dir)).toMatchObject({ ok: false, kind: 'failed', message: 'git rev-parse failed: Needed a single revision' });
  });

  it('reports a missing git (and not a missing folder as one)', async () => {
    expect(await withoutGit(() => runGit(['version'], repo.dir))).toMatchObject({ ok: false, kind: 'git-missing', message: GIT_MISSING_MESSAGE });
    expect(await withoutGit(() => runGitSync(['version'], repo.dir))).toMatchObject({ ok: false, kind: 'git-missing', message: GIT_MISSING_MESSAGE });
    const gone = `${tmpDir()}/gone`;
    expect(await runGit(['version'], gone)).toMatchObject({ ok: false, kind: 'failed', message: `cannot run git in ${gone}: the folder does not exist` });
  });

  it('stops output over the cap', async () => {
    const args = ['cat-file', 'blob', 'HEAD:big.conf'];
    expect(await runGit(args, repo.dir, { maxBytes: 1000 })).toMatchObject({ ok: false, kind: 'too-large' });
    expect(runGitSync(args, repo.dir, { maxBytes: 1000 })).toMatchObject({ ok: false, kind: 'too-large' });
    expect(await runGit(args, repo.dir, { maxBytes: 10_000 })).toMatchObject({ ok: true });
  });

  it('stops a command that takes too long', async () => {
    // An alias through the shell is the test's own way to make git wait; lb-drift never does this.
    const slow = ['-c', 'alias.slow=!sleep 1', 'slow'];
    expect(await runGit(slow, repo.dir, { timeoutMs: 100 })).toMatchObject({ ok: false, kind: 'timeout', message: expect.stringContaining('took longer than') });
    expect(runGitSync(slow, repo.dir, { timeoutMs: 100 })).toMatchObject({ ok: false, kind: 'timeout' });
  });

  it('passes standard input', async () => {
    const result = await runGit(['hash-object', '--stdin'], repo.dir, { input: 'hello\n' });
    expect(result.ok && result.stdout.toString().trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });
});
