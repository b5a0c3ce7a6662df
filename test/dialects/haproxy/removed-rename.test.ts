/**
 * A removed keyword is renamed to its replacement only when the renamed line has the arguments
 * the replacement needs: `contimeout` alone would become `timeout connect` without a value,
 * which HAProxy refuses as well (fuzz seed 203207595, input 90679).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';

const suggestions = (line: string) =>
  analyzeHaproxy({ path: 'haproxy.cfg', text: `defaults\n  ${line}\n` }, noIncludes, undefined, true).model.directiveNotes?.map((n) => [n.name, n.suggestion]);

describe('renames of removed keywords', () => {
  it('offers the rename when the line keeps enough arguments', () => {
    expect(suggestions('contimeout 5s')).toEqual([['contimeout', 'timeout connect']]);
    expect(suggestions('redispatch')).toEqual([['redispatch', 'option redispatch']]);
  });

  it('offers none when the renamed line would lack a value', () => {
    expect(suggestions('contimeout')).toEqual([['contimeout', undefined]]);
  });
});
