/**
 * With the flat word store, lowering a parsed file makes no word objects: every reader of the
 * lowering (line checks, settings, balance, servers, ACLs, references, facts) reads words through
 * the accessors, and `words` (or a single `wordAt`) is made only for a problem or note that points
 * at a word. Counted on the benchmark's generated file (servers, templates, default-server lines
 * in defaults and backends, ACLs, use_backend, balance, hash-type, options, http-check) and on a
 * file of quoted and escaped words whose lowering reports nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syntheticHaproxy } from '../../../bench/haproxy-generate';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { WordStore } from '../../../server/src/dialects/haproxy/word-store';

/** Word objects made while lowering an already parsed `text` (the parse itself makes one per named section). */
function wordsMadeLowering(text: string, recordVersions: boolean): { lists: number; words: number; problems: number } {
  const parse = parseHaproxy(text);
  const lists = vi.spyOn(WordStore.prototype, 'words');
  const words = vi.spyOn(WordStore.prototype, 'word');
  const analysis = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes, undefined, recordVersions, parse);
  const made = { lists: lists.mock.calls.length, words: words.mock.calls.length, problems: analysis.problems.length + (analysis.model.directiveNotes?.length ?? 0) };
  vi.restoreAllMocks();
  return made;
}

describe('lowering a parsed file reads words without making them', () => {
  afterEach(() => vi.restoreAllMocks());

  it("on the benchmark's generated file: no line's words, and one word per note only", () => {
    const made = wordsMadeLowering(syntheticHaproxy(256 * 1024), true);
    expect(made.lists).toBe(0);
    // server-template (HAProxy 1.8) is noted for the removed-keyword rule: its keyword word is the note's place.
    expect(made.words).toBeLessThanOrEqual(made.problems);
  });

  it('on quoted and escaped words, in every kind of section', () => {
    const text = [
      'global',
      '  maxconn "100"',
      'defaults base',
      '  mode http',
      '  timeout connect "5s"',
      '  option "httplog"',
      '  default-server inter 3s "fall" 3',
      'frontend fe from base',
      '  bind :80',
      '  acl api "path_beg" -i "/a b"',
      '  use_backend "app" if api',
      '  default_backend app',
      'backend app from base',
      '  balance "uri" whole',
      '  hash-type consistent',
      '  cookie SRV insert',
      '  default-server check',
      '  server "a" 10.0.0.1:80 weight "3" cookie a\\ b',
      '  server-template t 1-2 10.0.0.9:80 backup',
      '  use-server a if { path_beg /a }',
      '',
    ].join('\n');
    const made = wordsMadeLowering(text, false);
    expect(made.problems).toBe(0);
    expect(made).toEqual({ lists: 0, words: 0, problems: 0 });
  });
});
