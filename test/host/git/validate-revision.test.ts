/**
 * What counts as a revision a person may configure: what people really type passes, anything
 * that could be read as an option, a range, a path or a second command does not.
 */
import { describe, expect, it } from 'vitest';
import { validateRevision, validateTagPattern } from '../../../server/src/host/git';

describe('validateRevision', () => {
  const accepted = [
    'lb-stable/2026-11-20T101500Z',
    'origin/main',
    'main',
    'HEAD',
    'HEAD~3',
    'HEAD^',
    'HEAD^2',
    'main@{1}',
    '@{upstream}',
    '@{-1}',
    'v1.2^{commit}',
    'release/v1.2.3-rc.1',
    'feature_x+y',
    '0123456789abcdef0123456789abcdef01234567',
    'abc1234',
  ];
  for (const revision of accepted) {
    it(`accepts ${revision}`, () => {
      expect(validateRevision(revision)).toEqual({ ok: true, revision });
    });
  }

  const rejected: Array<[string, string]> = [
    ['', 'empty'],
    ['-h', 'starts with "-"'],
    ['--output=/tmp/x', 'starts with "-"'],
    ['HEAD;touch x', 'whitespace'],
    ['HEAD;rm', '";" is not allowed'],
    ['HEAD\ntouch x', 'control character'],
    ['HEAD\u0000', 'control character'],
    ['HEAD\u001b[31m', 'control character'],
    ['$(touch x)', 'whitespace'],
    ['`id`', '"`" is not allowed'],
    ['main..feature', 'range'],
    ['main...feature', 'range'],
    ['HEAD:nginx.conf', 'path'],
    [':/fix', 'path'],
    ['^main', 'exclusion'],
    ['HEAD^!', 'range'],
    ['HEAD^@', 'range'],
    ['HEAD^-1', 'range'],
    ['a'.repeat(300), '300 characters'],
    ['mäin', '"ä" is not allowed'],
  ];
  for (const [revision, reason] of rejected) {
    it(`rejects ${JSON.stringify(revision.slice(0, 20))}`, () => {
      const check = validateRevision(revision);
      expect(check.ok).toBe(false);
      if (check.ok) return;
      expect(check.message).toContain('is not a git revision');
      expect(check.message).toContain(reason);
      expect(check.message).toContain('use a tag, branch or commit such as lb-stable/2026-11-20T101500Z or HEAD~1');
    });
  }

  it('names the revision in the message, escaped and shortened', () => {
    const semicolon = validateRevision('HEAD;touch x');
    expect(!semicolon.ok && semicolon.message).toMatch(/^"HEAD;touch x" is not a git revision \(it contains whitespace\): use a tag/);
    const newline = validateRevision('HEAD\ntouch x');
    expect(!newline.ok && newline.message).toMatch(/^"HEAD\\ntouch x" is not a git revision/);
    const long = validateRevision('a'.repeat(300));
    expect(!long.ok && long.message.length).toBeLessThan(300);
  });
});

describe('validateTagPattern', () => {
  it('accepts wildcards', () => {
    for (const pattern of ['lb-stable*', 'release/v[0-9]*', 'stable-?', 'prod/*']) expect(validateTagPattern(pattern).ok).toBe(true);
  });

  it('rejects options, whitespace and control characters', () => {
    for (const pattern of ['', '-l', '--points-at=HEAD', 'lb stable', 'lb\nstable', 'a;b', 'x'.repeat(256)]) {
      const check = validateTagPattern(pattern);
      expect(check.ok).toBe(false);
      expect(!check.ok && check.message).toContain('is not a tag pattern');
    }
  });
});
