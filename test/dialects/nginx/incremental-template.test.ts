/**
 * An incremental re-analysis looks for template marks (`{{`, `{%`, `${`, `<`) only around the
 * edit when the previous text had none (incremental.ts): an edit that writes one, or joins one
 * from a character on each side, must still turn the file into a template exactly as a fresh
 * analysis does, and edits elsewhere keep giving the fresh analysis' findings.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../../server/src/engine/analyze';
import { readTemplate } from '../../../server/src/dialects/nginx/template';
import type { NginxIncrementalState } from '../../../server/src/dialects/nginx/lower';

const PATH = '/etc/nginx/nginx.conf';
const TEXT =
  'http {\n    upstream app {\n        server 10.0.0.1:80 weight=5;\n        server 10.0.0.2:80;\n    }\n' +
  '    server {\n        listen 80;\n        server_name BACKEND_HOST>;\n        set $host "{HOST}";\n        set $port "{ .Port }}";\n' +
  '        location / {\n            proxy_pass http://app;\n        }\n    }\n}\n';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;
const outcome = (report: FileReport) => ({ findings: report.findings.map(plain), problems: report.problems.map(plain) });

function analyse(text: string, previous?: FileReport): FileReport {
  return analyzeFile({ path: PATH, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}) });
}

/** `text` with `insert` written at the offset of the first `after` plus `offset`. */
function write(text: string, after: string, offset: number, insert: string): string {
  const at = text.indexOf(after) + offset;
  return text.slice(0, at) + insert + text.slice(at);
}

describe('template marks after an incremental edit', () => {
  // Each joins a mark from a character typed next to the text around it (the text has none before).
  const edits: [string, (text: string) => string][] = [
    ['a `$` joined to the `{HOST}` after it', (t) => write(t, '{HOST}', 0, '$')],
    ['a `{` joined to the `{ .Port }}` after it', (t) => write(t, '{ .Port', 0, '{')],
    ['a `<` opening an angle placeholder', (t) => write(t, 'BACKEND_HOST>', 0, '<')],
  ];
  for (const [what, edit] of edits) {
    it(`reads ${what} as a fresh analysis does`, () => {
      // Two edits without marks first, so the previous analysis is itself incremental and known to have none.
      let text = write(TEXT, 'listen 80', 0, ' ');
      let report = analyse(text, analyse(TEXT));
      text = write(text, 'weight=5', 'weight='.length, '1');
      report = analyse(text, report);
      expect(outcome(report)).toEqual(outcome(analyse(text)));
      expect((report.memo?.analysis.incremental as NginxIncrementalState).lowered).toBe('block');
      text = edit(text);
      report = analyse(text, report);
      const fresh = analyse(text);
      expect(outcome(report)).toEqual(outcome(fresh));
      // The edit did make a template (the case the mark check around the edit must not miss).
      expect(readTemplate(text)).toBeDefined();
      expect(readTemplate(TEXT)).toBeUndefined();
    });
  }
});
