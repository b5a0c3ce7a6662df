import { describe, expect, it } from 'vitest';
import {
  NginxLexer,
  TOKEN_CLOSE,
  TOKEN_COMMENT,
  TOKEN_EOF,
  TOKEN_OPEN,
  TOKEN_SEMICOLON,
  TOKEN_WORD,
  unescapeNginx,
} from '../../../server/src/dialects/nginx/lexer';
import type { NginxSyntaxError } from '../../../server/src/dialects/nginx/syntax';

const KIND_NAMES = {
  [TOKEN_WORD]: 'word',
  [TOKEN_SEMICOLON]: ';',
  [TOKEN_OPEN]: '{',
  [TOKEN_CLOSE]: '}',
  [TOKEN_COMMENT]: '#',
} as const;

/** Every token as `[raw text, value]` (value only for words), plus the lexical errors. */
function lex(text: string): { tokens: [string, string?][]; errors: NginxSyntaxError[] } {
  const errors: NginxSyntaxError[] = [];
  const lexer = new NginxLexer(text, errors);
  const tokens: [string, string?][] = [];
  for (let kind = lexer.next(); kind !== TOKEN_EOF; kind = lexer.next()) {
    const raw = text.slice(lexer.start, lexer.end);
    if (kind === TOKEN_WORD) tokens.push([raw, lexer.value()]);
    else if (kind === TOKEN_COMMENT) tokens.push([raw, `${KIND_NAMES[kind]}${lexer.commentText()}`]);
    else tokens.push([raw]);
  }
  return { tokens, errors };
}

function values(text: string): string[] {
  return lex(text).tokens.map(([raw, value]) => value ?? raw);
}

describe('nginx lexer: words', () => {
  it('ends words at whitespace, ";" and "{" only', () => {
    expect(values('a b\tc\r\nd;e{f}')).toEqual(['a', 'b', 'c', 'd', ';', 'e', '{', 'f}']);
  });

  it('keeps a "}" inside a word, as nginx does', () => {
    expect(values('return 200 ok};')).toEqual(['return', '200', 'ok}', ';']);
    expect(values('}}')).toEqual(['}', '}']);
  });

  it('splits "location /foo{}" at the brace', () => {
    expect(values('location /foo{}location /bar{}')).toEqual(['location', '/foo', '{', '}', 'location', '/bar', '{', '}']);
  });

  it('keeps "${var}" in the word', () => {
    expect(values('try_files /abc/${uri} /abc/${uri}.html =404;')).toEqual([
      'try_files',
      '/abc/${uri}',
      '/abc/${uri}.html',
      '=404',
      ';',
    ]);
    expect(values('${a}{')).toEqual(['${a}', '{']);
    expect(values('set $x ${a}b;')).toEqual(['set', '$x', '${a}b', ';']);
  });

  it('treats other whitespace (form feed, no-break space) as word characters, as nginx does', () => {
    expect(values('a\fb c\u00a0d;')).toEqual(['a\fb', 'c\u00a0d', ';']);
  });
});

describe('nginx lexer: quotes', () => {
  it('removes the quotes from the value and keeps them in the span', () => {
    const { tokens } = lex(`add_header X "a b" 'c;d';`);
    expect(tokens).toEqual([['add_header', 'add_header'], ['X', 'X'], ['"a b"', 'a b'], ["'c;d'", 'c;d'], [';']]);
  });

  it('reads empty strings', () => {
    expect(values(`map $a $b { '' x; "" y; }`)).toEqual(['map', '$a', '$b', '{', '', 'x', ';', '', 'y', ';', '}']);
  });

  it('lets a string span lines and hold braces, "#" and ";"', () => {
    expect(values('"/sta;\n  tus" "{ # }"')).toEqual(['/sta;\n  tus', '{ # }']);
  });

  it('treats a quote in the middle of a word as an ordinary character', () => {
    expect(values('right-"quote" inner"-"quote a\'b;')).toEqual(['right-"quote"', 'inner"-"quote', "a'b", ';']);
  });

  it('accepts ";", "{" and ")" right after a closing quote', () => {
    const { tokens, errors } = lex('if ("a" = "b"){return 1;} x "y";');
    expect(errors).toEqual([]);
    expect(tokens.map(([raw]) => raw)).toEqual(['if', '("a"', '=', '"b"', ')', '{', 'return', '1', ';', '}', 'x', '"y"', ';']);
  });

  it('reports a character glued to a closing quote and splits there, like crossplane', () => {
    const text = '"left"-quote x;';
    const { tokens, errors } = lex(text);
    expect(values(text)).toEqual(['left', '-quote', 'x', ';']);
    expect(tokens[0]).toEqual(['"left"', 'left']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.span).toEqual({ start: 6, end: 7 });
    expect(errors[0]!.message).toContain('unexpected "-" right after a quoted string');
  });

  it('reports an unterminated string from its quote to the end of the text', () => {
    const text = 'return 200 "abc;\n}\n';
    const { tokens, errors } = lex(text);
    expect(tokens.at(-1)).toEqual(['"abc;\n}\n', 'abc;\n}\n']);
    expect(errors).toEqual([{ message: expect.stringContaining('unterminated string'), span: { start: 11, end: text.length } }]);
  });
});

describe('nginx lexer: escapes', () => {
  it('resolves escapes in values as nginx does', () => {
    expect(unescapeNginx('a\\"b')).toBe('a"b');
    expect(unescapeNginx("a\\'b")).toBe("a'b");
    expect(unescapeNginx('a\\\\b')).toBe('a\\b');
    expect(unescapeNginx('\\t\\r\\n')).toBe('\t\r\n');
    expect(unescapeNginx('\\$server_port \\ x \\{')).toBe('\\$server_port \\ x \\{');
    expect(unescapeNginx('\\\\n')).toBe('\\n');
    expect(unescapeNginx('a\\')).toBe('a\\');
    expect(unescapeNginx('plain')).toBe('plain');
  });

  it('makes an escaped separator part of the word', () => {
    expect(lex('location /\\{\\;\\}\\ #\\ ab {}').tokens).toEqual([
      ['location', 'location'],
      ['/\\{\\;\\}\\ #\\ ab', '/\\{\\;\\}\\ #\\ ab'],
      ['{'],
      ['}'],
    ]);
  });

  it('does not start a comment at an escaped "#"', () => {
    expect(values('log_format \\#arg\\ 1;')).toEqual(['log_format', '\\#arg\\ 1', ';']);
  });

  it('keeps an escaped quote inside a string', () => {
    const { tokens, errors } = lex('return 200 "Ser\\" \' ver\\\\ \\ $a:\\$b\\n";');
    expect(errors).toEqual([]);
    expect(tokens[2]).toEqual(['"Ser\\" \' ver\\\\ \\ $a:\\$b\\n"', 'Ser" \' ver\\ \\ $a:\\$b\n']);
  });
});

describe('nginx lexer: comments', () => {
  it('starts a comment only where a token starts', () => {
    expect(values('a#b #c\nd')).toEqual(['a#b', '#c', 'd']);
  });

  it('reads comments between arguments', () => {
    expect(values("log_format #comment 2\n  \\#arg #c3\n  '#arg 2' #c4\n  ;")).toEqual([
      'log_format',
      '#comment 2',
      '\\#arg',
      '#c3',
      '#arg 2',
      '#c4',
      ';',
    ]);
  });

  it('keeps the CR of a CRLF line out of the comment', () => {
    const { tokens } = lex('# hi\r\nx;');
    expect(tokens[0]).toEqual(['# hi', '# hi']);
  });

  it('ends a comment at the line end even after a backslash', () => {
    expect(values('# a \\\nb;')).toEqual(['# a \\', 'b', ';']);
  });
});
