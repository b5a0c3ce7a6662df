/**
 * Issue 12: duplicate-member reads every HAProxy server's address through `plainIpv4PortKey`,
 * which now checks and adds the numbers up in one pass instead of checking first
 * (`isPlainIpv4Port`) and reading again. Its number must be the one the definition gives: the
 * regular expression of a plain address, octets up to 255, host * 100,000 + port; -1 for anything
 * else, on near misses (leading zeros, long numbers, missing or extra parts, a text that ends
 * inside a number) as much as on arbitrary text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainIpv4PortKey } from '../../server/src/traffic/address-key';

const PLAIN = /^((?:[1-9]\d{0,2}|0))\.((?:[1-9]\d{0,2}|0))\.((?:[1-9]\d{0,2}|0))\.((?:[1-9]\d{0,2}|0)):([1-9]\d{0,4})$/;

function expectedKey(text: string): number {
  const match = PLAIN.exec(text);
  if (!match) return -1;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return -1;
  return octets.reduce((host, octet) => host * 256 + octet, 0) * 100000 + Number(match[5]);
}

const digits = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9'), minLength: 0, maxLength: 6 });
const separator = fc.constantFrom('.', '.', '.', ':', ':', '', 'x', '..', '\n', ' ');
const nearMiss = fc.array(fc.tuple(digits, separator), { minLength: 1, maxLength: 6 }).map((parts) => parts.map(([n, s]) => n + s).join(''));
const part = fc.oneof(fc.nat(300).map(String), fc.nat(99999).map(String), digits);
const wellFormed = fc.tuple(part, part, part, part, part).map(([a, b, c, d, port]) => `${a}.${b}.${c}.${d}:${port}`);

describe('plainIpv4PortKey in one pass', () => {
  it('gives the number the definition gives, and -1 to everything else', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed, wellFormed.map((a) => a.slice(0, -1)), wellFormed.map((a) => `${a}0`), nearMiss, fc.string()), (text) => {
        expect(plainIpv4PortKey(text)).toBe(expectedKey(text));
      }),
      { numRuns: 30000 },
    );
  });

  it('reads the edges', () => {
    expect(plainIpv4PortKey('0.0.0.0:1')).toBe(1);
    expect(plainIpv4PortKey('255.255.255.255:99999')).toBe(4294967295 * 100000 + 99999);
    expect(plainIpv4PortKey('10.0.0.1:8080')).toBe((10 * 256 ** 3 + 1) * 100000 + 8080);
    for (const no of ['', '1.2.3.4', '1.2.3.4:', '1.2.3.4:0', '1.2.3.4:08', '1.2.3.4:100000', '1.2.3.04:80', '1.2.3.256:80', '1.2.3:80', '1.2.3.4.5:80', '1.2.3.4:80 ', ' 1.2.3.4:80', 'a.b.c.d:80']) {
      expect(plainIpv4PortKey(no), no).toBe(-1);
    }
  });
});
