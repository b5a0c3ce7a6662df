/**
 * The public corpus (crossplane's test configs, nginx's own nginx.conf, nginx-tests upstream
 * configs): every file parses without throwing and with sound spans; files nginx accepts produce
 * no error (parse errors plus context checks in the inferred context); files nginx rejects are
 * listed below with nginx's reason, and for those lb-drift catches, the lines it reports.
 *
 * The list was checked with `nginx -t` (nginx 1.22.1, Debian, with libnginx-mod-stream and
 * libnginx-mod-http-lua for the stream and Lua files), each fragment wrapped in the context
 * lb-drift infers for it. Files counted as accepted although a bare `nginx -t` fails for reasons
 * outside the file's own text:
 * - messy: Debian has no "nobody" group; with `user nobody nogroup;` nginx accepts it;
 * - comments-between-args, non-unicode, includes-globbed/http.conf: no events block, which only a
 *   complete nginx.conf needs; accepted once `events {}` is added;
 * - includes-regular/nginx.conf, includes-regular/conf.d/server.conf, includes-globbed/servers/*:
 *   their includes resolve (relative to the file nginx -t is given) to missing files or to the
 *   never-included garbage files listed below.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../server/src/core/span';
import { checkContexts, inferContext } from '../../../server/src/dialects/nginx/contexts';
import { parseNginx, parseNginxTree } from '../../../server/src/dialects/nginx/parser';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../../helpers/corpus';
import { spanViolation } from './helpers';

interface Rejected {
  /** What `nginx -t` says. */
  readonly nginx: string;
  /** The 1-based lines lb-drift reports errors on; empty when the rejection is not one it checks. */
  readonly lines: readonly number[];
}

const REJECTED: Readonly<Record<string, Rejected>> = {
  'crossplane/tests/configs/bad-args/nginx.conf': {
    nginx: 'invalid number of arguments in "user" directive (line 1)',
    lines: [1],
  },
  'crossplane/tests/configs/missing-semicolon/broken-above.conf': {
    nginx: 'unexpected "}" (line 5: the ";" after proxy_pass on line 4 is missing)',
    lines: [4],
  },
  'crossplane/tests/configs/missing-semicolon/broken-below.conf': {
    nginx: 'unexpected "}" (line 8: the ";" after proxy_pass on line 7 is missing)',
    lines: [7],
  },
  'crossplane/tests/configs/quote-behavior/nginx.conf': {
    nginx: 'unexpected "-" (line 1: a character right after a closing quote); line 2 has the same fault',
    lines: [1, 2],
  },
  'crossplane/tests/configs/includes-regular/conf.d/bar.conf': {
    nginx: 'unexpected end of file, expecting ";" or "}" (a word without ";", never meant to be included)',
    lines: [2],
  },
  'crossplane/tests/configs/includes-regular/conf.d/foo.conf': {
    nginx: 'unexpected end of file, expecting ";" or "}" (a word without ";", never meant to be included)',
    lines: [2],
  },
  'crossplane/tests/configs/includes-globbed/servers/locations/not-included.conf': {
    nginx: 'unexpected end of file, expecting ";" or "}" (a word without ";", never meant to be included)',
    lines: [2],
  },
  'crossplane/tests/configs/spelling-mistake/nginx.conf': {
    nginx: 'unknown directive "proxy_passs"; lb-drift never reports unknown directives (modules add thousands)',
    lines: [],
  },
  'crossplane/tests/configs/empty-value-map/nginx.conf': {
    nginx: 'unknown "arg" variable: the map value names a variable nginx does not have; not a syntax check',
    lines: [],
  },
  'crossplane/tests/configs/lua-block-larger/nginx.conf': {
    nginx: 'without the Lua module: unknown directive; with it: "content_by_lua_block" is not allowed in http (Lua directives are not in the table)',
    lines: [],
  },
  'crossplane/tests/configs/lua-block-simple/nginx.conf': {
    nginx: 'without the Lua module: unknown directive; with it: "log_by_lua_block" is not allowed in upstream (Lua directives are not in the table)',
    lines: [],
  },
  'crossplane/tests/configs/lua-block-tricky/nginx.conf': {
    nginx: 'with the Lua module every Lua block parses, then: no servers are inside upstream (a semantic check)',
    lines: [],
  },
};

/**
 * nginx-tests keep their configs in Perl heredocs with placeholders the harness fills in: the
 * globals become nothing and `%%PORT_8083%%` becomes the port number.
 */
function substitutePlaceholders(text: string): string {
  return text.replace(/%%TEST_GLOBALS[A-Z_]*%%/g, '').replace(/%%PORT_(\d+)%%/g, '$1');
}

const available = corpusAvailable();
const files = available ? ['crossplane', 'nginx', 'nginx-tests'].flatMap((sub) => corpusFiles(sub)) : [];

describe.skipIf(!available)('nginx corpus', () => {
  it('has the files this test expects', () => {
    const names = new Set(files.map((file) => relative(CORPUS_DIR, file)));
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const name of Object.keys(REJECTED)) expect(names.has(name), name).toBe(true);
  });

  for (const file of files) {
    const name = relative(CORPUS_DIR, file);
    it(`parses ${name}`, () => {
      const text = substitutePlaceholders(readFileSync(file, 'utf8'));
      expect(spanViolation(parseNginx(text))).toBeUndefined();
      const result = parseNginxTree(text);
      const context = inferContext(result.tree);
      const errors = [...result.errors, ...checkContexts(result.tree, context)];
      const lines = new LineIndex(text);
      const errorLines = [...new Set(errors.map((e) => lines.positionAt(e.span.start).line + 1))].sort((a, b) => a - b);
      const rejected = REJECTED[name];
      if (rejected) expect(errorLines, rejected.nginx).toEqual(rejected.lines);
      else expect(errors, `${name} is accepted by nginx (read as ${context})`).toEqual([]);
    });
  }
});
