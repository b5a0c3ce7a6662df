/**
 * A bare CR (not followed by LF) breaks the line in an editor, but nginx ends a `#` comment only
 * at LF: in `# lb-drift-disable-next-line x<CR>http {` nginx reads `http {` as comment text.
 * Deleting such a suppression's line would turn that text into code, so the safe fix of
 * unused-suppression is not offered next to a bare CR (found by `npm run fuzz`). It is still
 * offered with LF and CRLF line ends, and where it only edits the comment's rule list.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Finding } from '../../server/src/core/finding';
import { analyzeFile } from '../../server/src/engine/analyze';

function unused(text: string): Finding[] {
  return analyzeFile({ path: '/t/site.nginx', text }, noIncludes, { dialect: 'nginx' }).findings.filter((f) => f.rule === 'unused-suppression');
}

describe('unused-suppression next to a bare CR', () => {
  it('offers no fix when a bare CR ends the comment: nginx reads the next editor line as comment', () => {
    for (const text of ['# lb-drift-disable-next-line no-health-check\rhttp {\r', '# lb-drift-disable weight-skew -- a reason\rupstream u {\n}\n']) {
      const [finding, ...rest] = unused(text);
      expect(rest).toEqual([]);
      expect(finding?.fixes, JSON.stringify(text)).toBeUndefined();
    }
  });

  it('offers no fix when a bare CR ends the line before: removing the line would join the next one to a comment there', () => {
    const [finding] = unused('# a note\r# lb-drift-disable weight-skew\nhttp {\n}\n');
    expect(finding).toBeDefined();
    expect(finding!.fixes).toBeUndefined();
  });

  it('still offers it with LF and CRLF line ends', () => {
    for (const eol of ['\n', '\r\n']) {
      const [finding] = unused(`# lb-drift-disable-next-line no-health-check${eol}http {${eol}}${eol}`);
      expect(finding?.fixes?.[0]?.safety).toBe('safe');
    }
  });

  it('still offers to drop one rule from the list, which keeps the comment in place', () => {
    const [finding] = unused('# lb-drift-disable weight-skew, no-health-check\rhttp {\r');
    expect(finding?.fixes?.[0]?.intents).toMatchObject([{ kind: 'edit', edits: [{ newText: '# lb-drift-disable no-health-check' }] }]);
  });
});
