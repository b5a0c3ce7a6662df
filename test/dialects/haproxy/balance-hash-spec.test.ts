/**
 * A hashing backend's hash: its key is the `balance` arguments joined by single spaces however they
 * are spaced or quoted, its location spans them, and its function is the `hash-type` function
 * (sdbm by default) with ` avalanche` when the modifier is written or, without a function, when
 * the hash is consistent. The key is read from the line as one string and the function with its
 * modifier is one string per function, so these are checked against a reading of the words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';

const BALANCES: readonly (readonly string[])[] = [['source'], ['uri'], ['uri', 'whole'], ['uri', 'len', '12', 'depth', '2'], ['hdr(host)'], ['url_param', 'userid'], ['rdp-cookie'], ['hash', 'req.hdr(x-user)'], ['hash', 'path']];
const HASH_TYPES: readonly (readonly string[])[] = [[], ['map-based'], ['consistent'], ['consistent', 'sdbm'], ['consistent', 'crc32', 'avalanche'], ['map-based', 'djb2'], ['map-based', 'wt6', 'avalanche']];
const SPACES = [' ', '  ', '\t', ' \t '];

describe('the hash of a hashing backend', () => {
  it('reads key, key location and function as the words say', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BALANCES), fc.constantFrom(...HASH_TYPES), fc.array(fc.constantFrom(...SPACES), { minLength: 6, maxLength: 6 }), fc.boolean(), (args, hashType, spaces, quoteLast) => {
        const written = args.map((word, i) => (quoteLast && i === args.length - 1 && i > 0 ? `"${word}"` : word));
        const balance = `    balance ${written.map((word, i) => (i === 0 ? word : `${spaces[i]!}${word}`)).join('')}`;
        const lines = ['defaults', '    mode http', 'backend app', balance];
        if (hashType.length > 0) lines.push(`    hash-type ${hashType.join(' ')}`);
        lines.push('    server a 10.0.0.1:80', '');
        const text = lines.join('\n');
        const hash = analyzeHaproxy({ path: 'h.cfg', text }, noIncludes).model.pools[0]!.hash!;
        expect(hash.key).toBe(args.join(' '));
        const start = text.indexOf(balance) + '    balance '.length;
        expect(hash.keyLoc).toEqual({ file: 'h.cfg', start, end: start + balance.length - '    balance '.length });
        const consistent = hashType[0] === 'consistent';
        const fn = hashType[1] ?? 'sdbm';
        const avalanche = hashType[1] === undefined ? consistent : hashType[2] === 'avalanche';
        expect(hash.consistent).toBe(consistent);
        expect(hash.function).toBe(avalanche ? `${fn} avalanche` : fn);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
