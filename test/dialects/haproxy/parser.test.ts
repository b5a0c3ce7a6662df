/**
 * The HAProxy parser: lossless spans, HAProxy's quoting and escapes, `${VAR}` kept as written,
 * sections, conditional blocks, and no throw on any input.
 */
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { seededRandom } from '../../traffic/reference';

describe('parseHaproxy', () => {
  it('keeps every word and line with its span', () => {
    const text = 'global\n  nbthread 1 # one thread\r\nbackend app\n\tserver a 10.0.0.1:80 weight 5\n';
    const { syntax, errors } = parseHaproxy(text);
    expect(errors).toEqual([]);
    expect(syntax.sections.map((s) => [s.kind, s.name?.value])).toEqual([['global', undefined], ['backend', 'app']]);
    for (const section of syntax.sections) {
      for (const line of [section.header, ...section.lines]) {
        for (const word of line.words) expect(text.slice(word.start, word.end)).toBe(word.value);
      }
    }
    const server = syntax.sections[1]!.lines[0]!;
    expect(text.slice(server.start, server.end)).toBe('server a 10.0.0.1:80 weight 5');
    expect(text.slice(syntax.sections[1]!.start, syntax.sections[1]!.end)).toBe('backend app\n\tserver a 10.0.0.1:80 weight 5');
  });

  it('reads quotes, escapes and comments as HAProxy does, and keeps "${VAR}" unexpanded', () => {
    const text = `frontend f\n  http-request set-header X "a b#c" 'single $HOME' \\ x\\#y "\${BACKEND}" z#comment\n`;
    const line = parseHaproxy(text).syntax.sections[0]!.lines[0]!;
    expect(line.words.map((w) => w.value)).toEqual(['http-request', 'set-header', 'X', 'a b#c', 'single $HOME', ' x#y', '${BACKEND}', 'z']);
    expect(text.slice(line.words[3]!.start, line.words[3]!.end)).toBe('"a b#c"');
  });

  it('reports an unterminated quote on its line and goes on', () => {
    const { syntax, errors } = parseHaproxy('backend a\n  server s "10.0.0.1:80\n  server t 10.0.0.2:80\n');
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('unmatched double quote')]);
    expect(syntax.sections[0]!.lines).toHaveLength(2);
  });

  it('follows .if/.elif/.else/.endif against the target version', () => {
    const text = [
      'backend a',
      '.if version_atleast(2.8)',
      '  balance random',
      '.elif version_atleast(2.4) && !version_before(2.2)',
      '  balance leastconn',
      '.else',
      '  balance first',
      '.endif',
      '.notice "hello"',
    ].join('\n');
    const { syntax, errors } = parseHaproxy(text, '2.6');
    expect(errors).toEqual([]);
    const active = syntax.sections[0]!.lines.filter((l) => l.active).map((l) => l.words[1]!.value);
    expect(active).toEqual(['leastconn']);
    expect(parseHaproxy(text, '2.9').syntax.sections[0]!.lines.filter((l) => l.active).map((l) => l.words[1]!.value)).toEqual(['random']);
  });

  it('reports unbalanced conditional blocks', () => {
    expect(parseHaproxy('.endif\n').errors[0]!.message).toContain('.endif without a matching .if');
    expect(parseHaproxy('.if 1\nglobal\n').errors[0]!.message).toContain('never closed');
    expect(parseHaproxy('.if 1\n.else\n.elif 1\n.endif\n').errors[0]!.message).toContain('after .else');
  });

  it('never throws, and every word span holds the word, on random and mutated input', () => {
    const random = seededRandom(7);
    const alphabet = ['backend ', 'server ', ' ', '\t', '\n', '\r\n', '\r', '"', "'", '\\', '#', '${X}', 'a', '.if ', '.endif', '.else', 'weight 5', '\\x4', '\\x41', 'listen', ':'];
    for (let n = 0; n < 500; n++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const parsed = parseHaproxy(text);
      for (const section of parsed.syntax.sections) {
        for (const line of [section.header, ...section.lines]) {
          expect(line.start).toBeLessThanOrEqual(line.end);
          for (const word of line.words) expect(word.end).toBeLessThanOrEqual(text.length);
        }
      }
      for (const error of parsed.errors) expect(error.end).toBeLessThanOrEqual(text.length);
    }
  });
});
