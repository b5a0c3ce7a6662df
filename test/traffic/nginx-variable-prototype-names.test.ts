/**
 * An nginx key's variable names are user text: `$constructor` or `${__proto__}` must be unknown
 * variables, not Object's prototype members found in the tables of variables. Before, `hash
 * $constructor` compiled with Object as its resolver (route printed `undefined` as its error) and
 * `hash ${__proto__}` with Object.prototype (route failed with "resolve is not a function").
 */
import { describe, expect, it } from 'vitest';
import { compileKey, evaluateNginxKey } from '../../server/src/traffic';

describe('nginx key variables named like Object prototype members', () => {
  for (const name of ['constructor', '__proto__', 'hasownproperty', 'valueof']) {
    it(`$${name} is unknown in http and stream contexts`, () => {
      const http = compileKey(`\${${name}}`);
      expect(http.ok ? 'compiled' : http.reason).toBe(`unknown variable "$${name}": lb-drift cannot evaluate it (variables set by map, set, geo or other modules are not followed yet)`);
      const stream = compileKey(`$${name}`, 'stream');
      expect(stream.ok ? 'compiled' : stream.reason).toBe(`lb-drift cannot evaluate "$${name}" in the stream context; it knows $remote_addr and $binary_remote_addr there`);
      const evaluated = evaluateNginxKey(`$${name}`, { uri: '/' });
      expect(evaluated.ok ? 'evaluated' : evaluated.reason).toContain('unknown variable');
    });
  }
});
