/**
 * Hostile revisions: each one is refused by validateRevision and by every entry point that takes
 * a revision, and nothing it asks for happens (no file appears anywhere it could have been made).
 */
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  changedFiles,
  createRevisionLoader,
  fileAtRevision,
  resolveStable,
  runGit,
  validateRevision,
} from '../../../server/src/host/git';
import { gitRepo } from '../../helpers/git-repo';

const unique = `lb-drift-pwned-${process.pid}-${Date.now()}`;
const outputFile = join(tmpdir(), unique);

const HOSTILE = [
  `--output=${outputFile}`,
  `HEAD;touch ${unique}`,
  `HEAD\ntouch ${unique}`,
  `HEAD && touch ${unique}`,
  '-h',
  `$(touch ${unique})`,
  `\`touch ${unique}\``,
  `HEAD|touch ${unique}`,
  'a'.repeat(300),
];

describe('hostile revisions', () => {
  const repo = gitRepo({ 'nginx.conf': 'upstream a { server 10.0.0.1; }\n' });
  const file = repo.path('nginx.conf');

  /** Every place a stray command or option could have written its file. */
  const noFileAppeared = (): void => {
    expect(existsSync(outputFile)).toBe(false);
    for (const dir of [repo.dir, process.cwd(), tmpdir()]) {
      expect(readdirSync(dir).filter((name) => name.includes(unique))).toEqual([]);
    }
  };

  for (const revision of HOSTILE) {
    it(`refuses ${JSON.stringify(revision.slice(0, 40))} everywhere`, async () => {
      expect(validateRevision(revision).ok).toBe(false);

      const resolved = await resolveStable(file, { stableRef: revision, stableTagPattern: 'lb-stable*' });
      expect(resolved.kind).toBe('invalid-revision');
      expect('message' in resolved && resolved.message).toContain('is not a git revision');

      const read = await fileAtRevision(repo.dir, revision, file);
      expect(read.kind).toBe('error');
      const changed = await changedFiles(repo.dir, revision);
      expect(changed.ok).toBe(false);
      const loaded = createRevisionLoader(repo.dir, revision).include('*.conf', file, file);
      expect(loaded.ok).toBe(false);
      noFileAppeared();
    });
  }

  it('refuses a hostile tag pattern in auto mode', async () => {
    const resolved = await resolveStable(file, { stableRef: 'auto', stableTagPattern: `--points-at=HEAD;touch ${unique}` });
    expect(resolved.kind).toBe('invalid-revision');
    noFileAppeared();
  });

  it('keeps git from reading an unchecked revision as an option (--end-of-options, no shell)', async () => {
    // The second fence: even when a caller skips validation, git sees a revision, not an option.
    const asRevision = await runGit(['diff', '--end-of-options', `--output=${outputFile}`, '--'], repo.dir);
    expect(asRevision.ok).toBe(false);
    const asCommand = await runGit(['rev-parse', '--verify', '--end-of-options', `HEAD;touch ${unique}`], repo.dir);
    expect(asCommand.ok).toBe(false);
    noFileAppeared();
  });
});
