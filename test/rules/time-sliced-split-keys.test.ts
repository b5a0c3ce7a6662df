/**
 * time-sliced-split reads a key's variables as nginx does (ngx_http_script_compile): after `$`,
 * an optional `{` and ASCII letters, digits and `_`. A key nginx rejects (`$` before anything
 * else, including a non-BMP character) or with a regex capture is left alone, and so is a pool
 * with no member meant to get traffic. Before, `hash $<U+D1854>remote_addr consistent` in an
 * upstream without members threw (found by `npm run fuzz`).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { keyVariables } from '../../server/src/rules/time-sliced-split';

function run(text: string): { messages: string[]; errors: string[] } {
  const errors: string[] = [];
  const report = analyzeFile({ path: '/t/site.nginx', text }, noIncludes, { dialect: 'nginx', onRuleError: (rule, error) => errors.push(`${rule}: ${String(error)}`) });
  return { messages: report.findings.filter((f) => f.rule === 'time-sliced-split').map((f) => f.message), errors };
}

describe('time-sliced-split keys', () => {
  it('reads variable names as nginx does', () => {
    expect(keyVariables('${time_local}AAA')).toEqual(['time_local']);
    expect(keyVariables('$MSEC-$pid')).toEqual(['msec', 'pid']);
    expect(keyVariables('constant')).toEqual([]);
    expect(keyVariables('$\u{d1854}remote_addr')).toBeUndefined();
    expect(keyVariables('$\ud800')).toBeUndefined();
    expect(keyVariables('x$')).toBeUndefined();
    expect(keyVariables('${time_local')).toBeUndefined();
    expect(keyVariables('$1')).toBeUndefined();
  });

  it('does not throw on a key nginx rejects in an upstream without members', () => {
    expect(run('  upstream pool1 {\n    hash $\u{d1854}remote_addr consistent;\n')).toEqual({ messages: [], errors: [] });
  });

  it('does not throw when no member is meant to get traffic', () => {
    for (const key of ['$time_local', 'constant', '$pid']) {
      const text = `upstream pool1 {\n    hash ${key};\n    server 10.0.0.1:80 down;\n    server 10.0.0.2:80 down;\n}\n`;
      expect(run(text).errors, key).toEqual([]);
    }
  });

  it('still reports a clock key', () => {
    const { messages } = run('upstream pool1 {\n    hash $time_local;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('changes only with the clock');
  });
});
