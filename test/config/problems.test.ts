/**
 * Every kind of mistake in a project config, with where it is reported (1-based line:column of
 * start and end) and a message that says what is wrong and how to fix it. The files are the kind a
 * person writes by hand, one mistake each unless the test is about several.
 */
import { describe, expect, it } from 'vitest';
import { formatConfigProblem, hasConfigErrors, projectConfigFromText } from '../../server/src/host/project-config';
import { loadConfigText, problemsOf } from './helpers';

const SEVERITY_FORMS = 'expected a severity (error, warning, info, hint or off) or a mapping with severity and options';

describe('schema errors', () => {
  it('a value that is not one of the choices (enum), with a suggestion', () => {
    expect(problemsOf('rules:\n  weight-skew: { severity: err, options: { skewRatio: 3 } }\n')).toEqual([
      '2:28-2:31 error rules.weight-skew.severity: "err" is not a severity; use error, warning, info, hint or off (did you mean error?)',
    ]);
    expect(problemsOf('rules:\n  single-member: warn\n')).toEqual([
      '2:18-2:22 error rules.single-member: "warn" is not a severity; use error, warning, info, hint or off (did you mean warning?)',
    ]);
    expect(problemsOf('failOn: fatal\n')).toEqual(['1:9-1:14 error failOn: "fatal" is not a failure level; use error, warning or info']);
  });

  it('a value of the wrong type (type), with the fix for the usual causes', () => {
    expect(problemsOf('rules:\n  weight-skew:\n    options:\n      skewRatio: "3"\n')).toEqual([
      '4:18-4:21 error rules.weight-skew.options.skewRatio: expected a number, got "3"; remove the quotes',
    ]);
    expect(problemsOf('ignore: vendor/**\n')).toEqual([
      '1:9-1:18 error ignore: expected a list, got "vendor/**"; write a list, such as ["vendor/**"], or one "- item" line per entry',
    ]);
    expect(problemsOf('stableRef: 1234\n')).toEqual(['1:12-1:16 error stableRef: expected a string, got the number 1234; put it in quotes']);
    expect(problemsOf('- rules\n')).toEqual(['1:1-1:8 error the file: expected a mapping, got a list']);
  });

  it('a key without a value points at the key', () => {
    expect(problemsOf('rules:\nignore:\n#  - vendor/**\nfiles:\n  nginx:\n')).toEqual([
      '1:1-1:6 error rules: expected a mapping, got nothing; give it a value or remove the key',
      '2:1-2:7 error ignore: expected a list, got nothing; give it a value or remove the key',
      '5:3-5:8 error files.nginx: expected a list, got nothing; give it a value or remove the key',
    ]);
  });

  it('a rule setting that is neither a severity nor a mapping (anyOf)', () => {
    expect(problemsOf('rules:\n  weight-skew: 42\n  single-member: false\n')).toEqual([
      `2:16-2:18 error rules.weight-skew: ${SEVERITY_FORMS}, got the number 42`,
      `3:18-3:23 error rules.single-member: ${SEVERITY_FORMS}, got false (to turn the rule off, write off)`,
    ]);
  });

  it('a number below the minimum (minimum)', () => {
    expect(problemsOf('rules:\n  weight-skew: { options: { skewRatio: 0.5 } }\n')).toEqual([
      '2:40-2:43 error rules.weight-skew.options.skewRatio: the number 0.5 is below the minimum of 1; use 1 or more',
    ]);
  });

  it('an empty string (minLength) and a negated files glob (pattern)', () => {
    expect(problemsOf('ignore: ["vendor/**", ""]\nfiles:\n  nginx: ["!old/*.conf"]\n')).toEqual([
      '1:23-1:25 error ignore[1]: is empty; give it a value or remove it',
      '3:11-3:24 error files.nginx[0]: "!old/*.conf" starts with "!", but files globs cannot exclude; list exclusions under ignore instead',
    ]);
  });

  it('unknown keys (additionalProperties), at every level, pointing at the key', () => {
    expect(problemsOf('stableref: auto\nfoo: 1\nweight-skew: off\n')).toEqual([
      '1:1-1:10 error unknown key "stableref"; did you mean "stableRef"?',
      '2:1-2:4 error unknown key "foo"; the keys are rules, ignore, stableRef, stableTagPattern, files, failOn, nginx and haproxy',
      '3:1-3:12 error weight-skew is a rule id, not a key of its own; indent it under rules:',
    ]);
    expect(problemsOf('rules:\n  unused-pool:\n    level: error\n    options: { x: 1 }\n')).toEqual([
      '3:5-3:10 error rules.unused-pool: unknown key "level"; a rule takes severity and options',
      '4:16-4:17 error rules.unused-pool.options: unused-pool takes no options, so "x" does nothing; remove it',
    ]);
    expect(problemsOf('rules:\n  weight-skew: { options: { skew: 3, ratio: 2 } }\n')).toEqual([
      '2:29-2:33 error rules.weight-skew.options: weight-skew has no option "skew"; did you mean "skewRatio"?',
      '2:38-2:43 error rules.weight-skew.options: weight-skew has no option "ratio"; did you mean "skewRatio"?',
    ]);
    expect(problemsOf('files:\n  apache: ["*.cfg"]\n')).toEqual(['2:3-2:9 error files: lb-drift does not read "apache" files; it reads nginx, haproxy or kubernetes']);
  });

  it('an unknown rule id is an error, with "did you mean" when one is close', () => {
    expect(problemsOf('rules:\n  weight-skw: warning\n  weight_skew: off\n  no-healthcheck: off\n  made-up-rule: off\n')).toEqual([
      '2:3-2:13 error rules: unknown rule id "weight-skw"; did you mean "weight-skew"?',
      '3:3-3:14 error rules: unknown rule id "weight_skew"; did you mean "weight-skew"?',
      '4:3-4:17 error rules: unknown rule id "no-healthcheck"; did you mean "no-health-check"?',
      '5:3-5:15 error rules: unknown rule id "made-up-rule"; lb-drift\'s rules are listed at https://github.com/lb-drift/lb-drift/tree/main/docs/rules/',
    ]);
  });

  it('a stable ref or tag pattern that git must not see', () => {
    expect(problemsOf('stableRef: "--upload-pack=touch /tmp/x"\nstableTagPattern: "lb stable"\n')).toEqual([
      '1:12-1:40 error stableRef: "--upload-pack=touch /tmp/x" is not a git revision (it contains whitespace): use a tag, branch or commit such as lb-stable/2026-11-20T101500Z or HEAD~1, or auto',
      '2:19-2:30 error stableTagPattern: "lb stable" is not a tag pattern: use a tag name with wildcards such as lb-stable* (letters, digits, "/", "-", "_", ".", "*", "?" and "[...]")',
    ]);
    const loaded = loadConfigText('stableRef: "-x"\nstableTagPattern: "a b"\n');
    expect(loaded.config.stableRef).toBeUndefined();
    expect(loaded.config.stableTagPattern).toBeUndefined();
  });

  it('keeps the valid part of an invalid file, so the editor can still use it', () => {
    const loaded = loadConfigText(
      'rules:\n  weight-skew: { severity: error, options: { skewRatio: 0 } }\n  weight-skw: off\n  single-member: off\nignore: [vendor/**]\nfailOn: warn\n',
    );
    expect(hasConfigErrors(loaded)).toBe(true);
    expect(loaded.config.rules).toEqual({ 'weight-skew': { severity: 'error' }, 'single-member': { severity: 'off' } });
    expect(loaded.config.ignore).toEqual(['vendor/**']);
    expect(loaded.config.failOn).toBeUndefined();
  });

  it('accepts the full example from the docs without a problem', () => {
    const loaded = loadConfigText(`# lb-drift project config
rules:
  weight-skew: { severity: error, options: { skewRatio: 3 } }
  single-member: off          # shorthand: a severity or off
ignore:
  - vendor/**
  - "**/*.generated.conf"
stableRef: lb-stable/2026-11-20T101500Z
stableTagPattern: "lb-stable*"
files:
  nginx: ["deploy/lb/*.cfg"]
failOn: warning
`);
    expect(loaded.problems).toEqual([]);
    expect(loaded.config).toEqual({
      root: loaded.config.root,
      rules: { 'weight-skew': { severity: 'error', options: { skewRatio: 3 } }, 'single-member': { severity: 'off' } },
      ignore: ['vendor/**', '**/*.generated.conf'],
      stableRef: 'lb-stable/2026-11-20T101500Z',
      stableTagPattern: 'lb-stable*',
      files: { nginx: ['deploy/lb/*.cfg'] },
      failOn: 'warning',
    });
  });
});

describe('YAML errors', () => {
  it('a duplicate key', () => {
    expect(problemsOf('rules: {}\nignore: []\nrules: {}\n')).toEqual([
      '3:1-3:6 error YAML: the key "rules" appears twice in one mapping; merge the two entries into one',
    ]);
  });

  it('tabs for indentation', () => {
    expect(problemsOf('rules:\n\tweight-skew: off\n')).toEqual(['2:1-2:2 error YAML: YAML does not allow tabs for indentation; indent with spaces']);
  });

  it('more than one document', () => {
    expect(problemsOf('rules: {}\n---\nfailOn: error\n')).toEqual([
      '2:1-4:1 error YAML: the file holds more than one YAML document; lb-drift reads one, so remove the "---" line and merge what follows into the first',
    ]);
  });

  it('an unclosed flow mapping', () => {
    const [problem, ...rest] = problemsOf('rules:\n  weight-skew: { severity: error\nfailOn: error\n');
    expect(problem).toMatch(/^3:1-3:2 error YAML: .*; check the indentation and the ":" after each key$/);
    expect(rest).toEqual([]);
  });

  it('a file with YAML errors sets nothing', () => {
    const loaded = loadConfigText('rules:\n  single-member: off\nrules: {}\n');
    expect(loaded.config.rules).toEqual({});
  });
});

describe('hostile and odd files', () => {
  it('refuses an alias bomb ("billion laughs") and points at the first alias', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    const started = Date.now();
    expect(problemsOf(`${bomb}\n`)).toEqual([
      '2:8-2:10 error YAML: the file expands aliases (*name) more than 100 times, the pattern of a "billion laughs" attack, so lb-drift refuses it; write the values out instead of aliasing them',
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('accepts a few aliases', () => {
    const loaded = loadConfigText('rules:\n  weight-skew: &strict error\n  single-member: *strict\n');
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.rules).toEqual({ 'weight-skew': { severity: 'error' }, 'single-member': { severity: 'error' } });
  });

  it('refuses a huge file without reading it', () => {
    expect(problemsOf(`# ${'x'.repeat(1024 * 1024)}\n`)).toEqual([
      '1:1-1:1 error the file is 1048579 bytes, over the limit of 1048576 bytes (1 MB) for a project config, so lb-drift does not read it; a config is a few lines of YAML: check that this is the file you meant',
    ]);
  });

  it('refuses absurd nesting before the YAML parser recurses into it', () => {
    expect(problemsOf(`${'- '.repeat(300_000)}x\n`)).toEqual([
      '1:129-1:130 error YAML: the file nests too deeply (a line is indented or nested more than 128 columns deep), so lb-drift refuses to parse it; a project config needs four levels',
    ]);
    expect(problemsOf(`rules:\n  a: ${'['.repeat(200_000)}\n`)).toEqual([
      '2:70-2:71 error YAML: the file nests too deeply (more than 64 [ ] or { } collections are open here), so lb-drift refuses to parse it; a project config needs four levels',
    ]);
    // Closing brackets inside comments or strings cannot hide the nesting.
    expect(problemsOf('a: [ # ]\n'.repeat(100))[0]).toMatch(/^65:4-65:5 error YAML: the file nests too deeply/);
    expect(problemsOf(`a: ${'["]", '.repeat(100)}\n`)[0]).toMatch(/^1:388-1:389 error YAML: the file nests too deeply/);
  });

  it('does not mistake brackets in globs, strings and comments for nesting', () => {
    const loaded = loadConfigText('# [[[[[[[[[[ an old note\nignore: ["**/*.[ch]", \'x#[\', "a[b"]\n');
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.ignore).toEqual(['**/*.[ch]', 'x#[', 'a[b']);
  });

  it('reads a file that is not valid UTF-8, with a warning where the bad bytes are', () => {
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nrules:\n  weight-skew: off\n')]);
    const loaded = loadConfigText(bytes);
    expect(loaded.config.rules).toEqual({ 'weight-skew': { severity: 'off' } });
    expect(hasConfigErrors(loaded)).toBe(false);
    expect(problemsOf(bytes)).toEqual([
      '1:6-1:7 warning the file is not valid UTF-8: the bytes here were read as U+FFFD, so a name or glob containing them will not match; save the file as UTF-8',
    ]);
  });

  it('reads a byte-order mark, an empty file and a file of comments as valid', () => {
    expect(loadConfigText('\uFEFFrules:\n  weight-skew: off\n').config.rules).toEqual({ 'weight-skew': { severity: 'off' } });
    expect(problemsOf('')).toEqual([]);
    expect(problemsOf('# nothing configured yet\n')).toEqual([]);
  });
});

describe('formatConfigProblem', () => {
  it('prints path:line:column: severity: message, as the CLI shows it', () => {
    const loaded = loadConfigText('failOn: warn\n');
    expect(formatConfigProblem('.lb-drift.yaml', loaded.problems[0]!)).toBe(
      '.lb-drift.yaml:1:9: error: failOn: "warn" is not a failure level; use error, warning or info (did you mean warning?)',
    );
  });
});

describe('projectConfigFromText', () => {
  it('checks an unsaved buffer the same way, without touching the disk', () => {
    const result = projectConfigFromText('/repo/.lb-drift.yaml', 'rules:\n  weight-skew: error\nfailOn: warn\n');
    expect(result.config.root).toBe('/repo');
    expect(result.config.rules).toEqual({ 'weight-skew': { severity: 'error' } });
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '3:9 failOn: "warn" is not a failure level; use error, warning or info (did you mean warning?)',
    ]);
  });
});
