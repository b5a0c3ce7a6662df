/**
 * duplicate-member asks `isPlainIpv4Port` about every member of every pool; it reads the address
 * character by character instead of running a regular expression. It must say exactly what the
 * expression it replaced says, on addresses near the edges (leading zeros, four-digit numbers,
 * six-digit ports, missing or extra parts) as much as on plain ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainIpv4Port } from '../../server/src/traffic';

const PLAIN_IPV4_PORT = /^(?:(?:[1-9]\d{0,2}|0)\.){3}(?:[1-9]\d{0,2}|0):[1-9]\d{0,4}$/;

/** Numbers of zero to six digits, often with a leading zero, joined by separators that are usually right. */
const number = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 0, maxLength: 6 });
const separator = fc.constantFrom('.', '.', '.', ':', ':', '', 'x', '..', '\n');
const address = fc.array(fc.tuple(number, separator), { minLength: 1, maxLength: 6 }).map((parts) => parts.map(([n, s]) => n + s).join(''));
/** Four numbers and a port, each usually in range and sometimes with a leading zero or too long. */
const part = fc.oneof(fc.nat(999).map(String), fc.nat(99999).map(String), number);
const wellFormed = fc.tuple(part, part, part, part, part).map(([a, b, c, d, port]) => `${a}.${b}.${c}.${d}:${port}`);

describe('isPlainIpv4Port', () => {
  it('agrees with the regular expression it replaced', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed, wellFormed.map((a) => a.slice(0, -1)), address, fc.string()), (text) => {
        expect(isPlainIpv4Port(text)).toBe(PLAIN_IPV4_PORT.test(text));
      }),
      { numRuns: 20000 },
    );
  });

  it('accepts plain addresses and refuses the near misses', () => {
    for (const yes of ['10.0.0.1:80', '0.0.0.0:1', '999.1.22.0:65535', '1.2.3.4:99999']) expect(isPlainIpv4Port(yes)).toBe(true);
    for (const no of ['10.0.0.01:80', '10.0.0.1:080', '10.0.0.1:123456', '1000.0.0.1:80', '10.0.0:80', '10.0.0.1', '10.0.0.1:80\n', '10.0.0.1:', '']) {
      expect(isPlainIpv4Port(no)).toBe(false);
    }
  });
});
