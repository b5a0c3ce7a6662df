/**
 * time-sliced-split looks a key's variables up by their names, which are user text: `$constructor`
 * and `${__proto__}` are unknown variables to it, like `$foo`, and not Object's prototype members.
 * Before, both were found in the table of variables (as Object and Object.prototype), so
 * `hash $constructor consistent` was reported as a key without variables sending every request to
 * one member, and `hash ${__proto__}` made the rule fail when it asked for the pool's shares.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';

function run(key: string): { messages: string[]; errors: string[] } {
  const errors: string[] = [];
  const text = `upstream pool1 {\n    hash ${key} consistent;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\nsplit_clients "${key}" $variant {\n    50% a;\n    * b;\n}\n`;
  const report = analyzeFile({ path: '/t/site.nginx', text }, noIncludes, { dialect: 'nginx', onRuleError: (rule, error) => errors.push(`${rule}: ${String(error)}`) });
  return { messages: report.findings.filter((f) => f.rule === 'time-sliced-split').map((f) => f.message), errors };
}

describe('time-sliced-split and variable names that are Object prototype members', () => {
  for (const key of ['$constructor', '${__proto__}', '$__proto__', '$CONSTRUCTOR$msec', '$hasOwnProperty']) {
    it(`reads ${key} as an unknown variable`, () => {
      expect(run(key)).toEqual({ messages: [], errors: [] });
    });
  }

  it('still reports a key made only of known variables', () => {
    expect(run('$msec$pid').messages).toHaveLength(2);
  });
});
