/**
 * The whole parse says whether its text may hold a conditional directive (`parse.conditional`):
 * a line whose first word starts with `.` as written or as read. The edit path re-reads a section
 * body only in a text without any, because `.if` blocks span sections and their branch notes name
 * line numbers. The flag replaced a regular expression over the text (a line starting with blanks
 * and `.`), which missed a directive written with an escape: `\x2eif` reads as `.if`.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { haproxyDialect } from '../../../server/src/dialects/haproxy';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { analyzeFile } from '../../../server/src/engine/analyze';
import { changeBetween } from '../../../server/src/engine/incremental';
import { syntheticHaproxy } from '../../../bench/haproxy-generate';

const ROOT = '/etc/haproxy/haproxy.cfg';

describe('the parse tells whether a text may hold a conditional directive', () => {
  it('is false for text without a line starting with "."', () => {
    expect(parseHaproxy(syntheticHaproxy(32 * 1024)).conditional).toBe(false);
    expect(parseHaproxy('backend a\n    server s 10.0.0.1:80 # .if 1\n    acl x path_beg .if\n').conditional).toBe(false);
    expect(parseHaproxy('').conditional).toBe(false);
  });

  it('is true for a directive, however it is written', () => {
    for (const line of ['.if 1', '  .endif', '\t.notice "x"', '.bogus', '\\x2eif 1', "'.if' 1", '.if', '\f.else']) {
      expect(parseHaproxy(`backend a\n    server s 10.0.0.1:80\n${line}\n`).conditional, line).toBe(true);
      expect(parseHaproxy(`backend a\r${line}\r\n    server s 10.0.0.1:80`).conditional, line).toBe(true);
    }
  });

  it('sends an edit of a file with an escaped .if to a whole analysis, which renumbers its branch note', () => {
    const text = ['backend z', '    server z1 10.0.0.9:80', 'backend a', '    server a1 10.0.0.1:80', '\\x2eif defined(HAPROXY_X)', 'backend b', '    server b1 10.0.0.2:80', '\\x2eendif', ''].join('\n');
    expect(parseHaproxy(text).branches[0]?.message).toContain('ending on line 8');
    const previous = analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'haproxy' });
    const edited = text.replace('    server z1', '    server z0 10.0.0.3:80\n    server z1');
    // Re-reading backend z alone would keep the note of line 8; the .endif is on line 9 now.
    expect(haproxyDialect.reanalyze!(previous.memo!.analysis, { path: ROOT, text: edited }, changeBetween(text, edited), noIncludes)).toBeUndefined();
    const next = analyzeFile({ path: ROOT, text: edited }, noIncludes, { dialect: 'haproxy', previous });
    const fresh = analyzeFile({ path: ROOT, text: edited }, noIncludes, { dialect: 'haproxy' });
    expect(JSON.stringify(next.model?.facts)).toBe(JSON.stringify(fresh.model?.facts));
    expect(JSON.stringify(fresh.model?.facts)).toContain('ending on line 9');
  });
});
