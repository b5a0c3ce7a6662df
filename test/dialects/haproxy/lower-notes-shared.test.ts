/**
 * Version notes (what the removed-keyword rule judges against the target) cost a 10 MB file
 * 11,000 objects: a note keeps its location and shares its list of builds and its name with every
 * note of the same versions and name, and no word object is made to find its place. The notes
 * read are checked against the config as written.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { WordStore } from '../../../server/src/dialects/haproxy/word-store';

const text = `backend a
    balance random
    server-template s 2 10.0.0.1:80
    contimeout 5s
    option forceclose
backend b
    balance random
    server-template t 2 10.0.0.2:80
    contimeout 3s
    option forceclose
    hash-type consistent none
`;

const at = (written: string, from = 0) => {
  const start = text.indexOf(written, from);
  return { file: 'haproxy.cfg', start, end: start + written.length };
};

describe('version notes of the lowering', () => {
  afterEach(() => vi.restoreAllMocks());

  it('read as written, one per version-dependent keyword', () => {
    const notes = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes, undefined, true).model.directiveNotes!;
    const second = text.indexOf('backend b');
    expect(JSON.parse(JSON.stringify(notes))).toEqual([
      { name: 'balance random', loc: at('random'), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', since: '1.9' }] },
      { name: 'server-template', loc: at('server-template'), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', since: '1.8' }] },
      { name: 'contimeout', loc: at('contimeout'), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', until: '2.1' }], suggestion: 'timeout connect', replacement: 'timeout connect' },
      { name: 'option forceclose', loc: at('option forceclose'), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', until: '2.0' }], suggestion: 'option httpclose', replacement: 'option httpclose' },
      { name: 'balance random', loc: at('random', second), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', since: '1.9' }] },
      { name: 'server-template', loc: at('server-template', second), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', since: '1.8' }] },
      { name: 'contimeout', loc: at('contimeout', second), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', until: '2.1' }], suggestion: 'timeout connect', replacement: 'timeout connect' },
      { name: 'option forceclose', loc: at('option forceclose', second), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', until: '2.0' }], suggestion: 'option httpclose', replacement: 'option httpclose' },
      { name: 'hash function none', loc: at('none'), context: 'backend', builds: [{ edition: 'open-source', module: 'haproxy', since: '2.8' }] },
    ]);
  });

  it('share their lists of builds between notes of the same versions, and make no word object', () => {
    const parse = parseHaproxy(text);
    const words = vi.spyOn(WordStore.prototype, 'word');
    const notes = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes, undefined, true, parse).model.directiveNotes!;
    expect(words).not.toHaveBeenCalled();
    const byName = (name: string) => notes.filter((n) => n.name === name);
    // Before, every note made its own list (fails there), and a word object for its place.
    for (const name of ['balance random', 'server-template', 'contimeout', 'option forceclose']) {
      const [first, second] = byName(name);
      expect(first!.builds).toBe(second!.builds);
    }
    expect(byName('balance random')[0]!.builds).not.toBe(byName('server-template')[0]!.builds);
  });
});
