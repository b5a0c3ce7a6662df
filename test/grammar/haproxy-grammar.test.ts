/**
 * The HAProxy TextMate grammar and language configuration, run through the engine VS Code uses
 * (vscode-textmate on the oniguruma WebAssembly build): the main scopes of a HAProxy file
 * (sections, servers with their addresses and parameters, backend references, balance, comments,
 * strings, environment variables), and no state left open at the end of a line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as textmate from 'vscode-textmate';
import { loadGrammar } from './load-grammar';

const ROOT = resolve(__dirname, '../..');
const LANGUAGE_CONFIGURATION_PATH = resolve(ROOT, 'syntaxes/haproxy.language-configuration.json');

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammar: textmate.IGrammar;

beforeAll(async () => {
  grammar = await loadGrammar('source.haproxy', 'haproxy.tmLanguage.json');
});

/** Tokens of every line, and the rule stack depth after each line. */
function tokenize(text: string): { tokens: Token[]; depths: number[] } {
  let state = textmate.INITIAL;
  const tokens: Token[] = [];
  const depths: number[] = [];
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    depths.push(state.depth);
    for (const token of result.tokens) tokens.push({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
  }
  return { tokens, depths };
}

/** The scopes of the first token whose text is exactly `text` (after `nth` earlier ones). */
function scopesOf(tokens: readonly Token[], text: string, nth = 0): readonly string[] {
  const found = tokens.filter((token) => token.text === text)[nth];
  if (!found) throw new Error(`no token "${text}" (occurrence ${nth}); tokens: ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  return found.scopes;
}

const CONFIG = [
  'global',
  '    maxconn 2000 # per process',
  'defaults base',
  '    timeout connect 5s',
  'frontend www',
  '    bind :80',
  '    use_backend api if { path_beg /api }',
  '    default_backend app',
  'backend app',
  '    balance uri whole',
  '    hash-type consistent sdbm avalanche',
  '    server web1 10.0.0.1:8080 weight 5 check',
  '    server-template srv 3 "${SRV_HOST}:80" weight 2',
  '    default-server inter 2s',
  '.if version_atleast(2.4)',
  '    http-request set-header X-Route %[req.hdr(host)]',
  '.endif',
].join('\n');

describe('HAProxy grammar', () => {
  it('scopes section keywords and their names', () => {
    const { tokens } = tokenize(CONFIG);
    expect(scopesOf(tokens, 'global')).toContain('keyword.control.section.haproxy');
    expect(scopesOf(tokens, 'backend')).toContain('keyword.control.section.haproxy');
    expect(scopesOf(tokens, 'app', 1)).toContain('entity.name.section.haproxy');
    expect(scopesOf(tokens, 'www')).toContain('entity.name.section.haproxy');
    expect(scopesOf(tokens, 'base')).toContain('entity.name.section.haproxy');
  });

  it('scopes server lines: name, address, parameters, numbers', () => {
    const { tokens } = tokenize(CONFIG);
    expect(scopesOf(tokens, 'server')).toContain('keyword.other.server.haproxy');
    expect(scopesOf(tokens, 'web1')).toContain('entity.name.server.haproxy');
    expect(scopesOf(tokens, '10.0.0.1:8080')).toContain('constant.other.address.haproxy');
    expect(scopesOf(tokens, 'weight')).toContain('variable.parameter.server.haproxy');
    expect(scopesOf(tokens, '5')).toContain('constant.numeric.haproxy');
    expect(scopesOf(tokens, 'check')).toContain('variable.parameter.server.haproxy');
    expect(scopesOf(tokens, 'server-template')).toContain('keyword.other.server.haproxy');
    expect(scopesOf(tokens, 'srv')).toContain('entity.name.server.haproxy');
    expect(scopesOf(tokens, 'default-server')).toContain('keyword.other.server.haproxy');
  });

  it('scopes backend references, balance and conditions', () => {
    const { tokens } = tokenize(CONFIG);
    expect(scopesOf(tokens, 'use_backend')).toContain('keyword.other.reference.haproxy');
    expect(scopesOf(tokens, 'api')).toContain('entity.name.type.backend.haproxy');
    expect(scopesOf(tokens, 'if')).toContain('keyword.control.conditional.haproxy');
    expect(scopesOf(tokens, 'default_backend')).toContain('keyword.other.reference.haproxy');
    expect(scopesOf(tokens, 'app', 0)).toContain('entity.name.type.backend.haproxy');
    expect(scopesOf(tokens, 'balance')).toContain('keyword.other.directive.haproxy');
    expect(scopesOf(tokens, 'uri')).toContain('support.constant.algorithm.haproxy');
    expect(scopesOf(tokens, 'consistent')).toContain('support.constant.algorithm.haproxy');
    expect(scopesOf(tokens, 'timeout')).toContain('keyword.other.directive.haproxy');
    expect(scopesOf(tokens, '5s')).toContain('constant.numeric.haproxy');
  });

  it('scopes comments, strings, environment variables, sample expressions and conditional blocks', () => {
    const { tokens, depths } = tokenize(CONFIG);
    expect(scopesOf(tokens, ' per process')).toContain('comment.line.number-sign.haproxy');
    expect(scopesOf(tokens, '${SRV_HOST}')).toEqual(expect.arrayContaining(['string.quoted.double.haproxy', 'variable.other.environment.haproxy']));
    expect(scopesOf(tokens, '.if')).toContain('keyword.control.directive.haproxy');
    expect(scopesOf(tokens, '.endif')).toContain('keyword.control.directive.haproxy');
    expect(scopesOf(tokens, '%[')).toContain('punctuation.section.sample.begin.haproxy');
    // Every construct ends with its line: nothing leaks into the next one.
    expect(new Set(depths)).toEqual(new Set([1]));
  });

  it('ends an unterminated string at the end of its line', () => {
    const { tokens, depths } = tokenize('    http-request deny deny_status 403 "unterminated\nbackend next');
    expect(scopesOf(tokens, 'backend')).toContain('keyword.control.section.haproxy');
    expect(depths.at(-1)).toBe(1);
  });

  it('has a language configuration with # comments and brackets', () => {
    const configuration = JSON.parse(readFileSync(LANGUAGE_CONFIGURATION_PATH, 'utf8'));
    expect(configuration.comments.lineComment).toBe('#');
    expect(configuration.brackets).toEqual(expect.arrayContaining([['(', ')'], ['[', ']']]));
    for (const pattern of Object.values(configuration.folding.markers) as string[]) expect(() => new RegExp(pattern)).not.toThrow();
  });
});
