/**
 * Issue 12: a `*_pass` target written bare is read where it stands in the file's text, without
 * slicing its value: the host found between two offsets of a larger text is the host the whole
 * value gives (server-params.test.ts holds the value's reading against the regular expressions),
 * and nothing before or after the target is read (a colon or `unix:` around it changes nothing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { passHost, passTarget } from '../../../server/src/dialects/nginx/addresses';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import type { NginxReference } from '../../../server/src/dialects/nginx/references';

const piece = fc.constantFrom('http', 'grpcs', '://', ':/', 'unix', ':', '/', '?', '$', '${', '}', '[', ']', '::1', 'unix:', 'app', '8080', '.', '-', '+', 'a', '9');
const target = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
const around = fc.array(fc.constantFrom(':', 'unix:', '/', '//', 'x', ' ', '[', '9'), { maxLength: 4 }).map((parts) => parts.join(''));

describe('*_pass targets read in place (issue 12)', () => {
  it('find the host of a target inside a larger text as in the target alone', () => {
    fc.assert(
      fc.property(around, target, around, (before, written, after) => {
        const text = `${before}${written}${after}`;
        const found = { start: 0, end: 0, hasPort: false };
        const whole = passTarget(written);
        const ok = passHost(text, before.length, before.length + written.length, found);
        expect(ok).toBe(whole !== undefined);
        if (whole) {
          expect(text.slice(found.start, found.end)).toBe(whole.host);
          expect(found.start - before.length).toBe(whole.hostOffset);
          expect(found.hasPort).toBe(whole.hasPort);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('give references the names and name locations of their targets, bare or quoted', () => {
    const text = [
      'http {',
      '    upstream app { server 10.0.0.1:80; }',
      '    server {',
      '        location /a { proxy_pass http://app/path?x=1; }',
      '        location /b { proxy_pass "http://App:8080"; }',
      '        location /c { grpc_pass grpcs://app; }',
      '        location /d { fastcgi_pass app:9000; }',
      '        location /e { proxy_pass http://$variant; }',
      '        location /f { proxy_pass http://${variant}; }',
      '        location /g { proxy_pass http://unix:/run/app.sock; }',
      '        location /h { proxy_pass http://app$uri; }',
      '    }',
      '}',
      '',
    ].join('\n');
    const { model } = analyzeNginx({ path: '/lean/nginx.conf', text }, noIncludes);
    expect((model.references as NginxReference[]).map((r) => [r.kind, r.name, r.variable, text.slice(r.nameLoc.start, r.nameLoc.end)])).toEqual([
      ['proxy_pass', 'app', false, 'app'],
      ['proxy_pass', 'App', false, '"http://App:8080"'],
      ['grpc_pass', 'app', false, 'app'],
      ['fastcgi_pass', 'app', false, 'app'],
      ['proxy_pass', '$variant', true, '$variant'],
      ['proxy_pass', '$variant', true, 'http://${variant}'],
    ]);
  });
});
