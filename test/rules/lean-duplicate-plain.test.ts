/**
 * Issue 12: the nginx lowering tells, while it reads a pool's servers, whether every address is a
 * plain `a.b.c.d:port` and none repeats (`Pool.distinctPlainAddresses`, from the numbers of
 * `plainIpv4PortKey`), and duplicate-member then reads no member of that pool. The verdict must
 * never hide a repeat: the rule's findings are checked against a count made here from
 * `addressKeys` alone, on pools that mix plain addresses, other spellings of the same backend and
 * repeats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import { analyzeFile } from '../../server/src/engine/analyze';
import { plainIpv4PortKey } from '../../server/src/traffic/address-key';
import { addressKeys, isPlainIpv4Port } from '../../server/src/traffic';

const PATH = '/lean/nginx.conf';

function pools(servers: readonly (readonly string[])[]) {
  const upstreams = servers.map((list, n) => `    upstream u${n} {\n${list.map((a) => `        server ${a};\n`).join('')}    }\n`);
  return `events {}\nhttp {\n${upstreams.join('')}}\n`;
}

/** How many members repeat a backend listed before them, by the rule's definition, made without the lowering's verdict. */
function expectedRepeats(addresses: readonly string[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const address of addresses) {
    const keys = addressKeys(address, 'http');
    if (keys.some((k) => seen.has(k))) repeats++;
    else for (const k of keys) seen.add(k);
  }
  return repeats;
}

describe('plainIpv4PortKey', () => {
  it('gives equal numbers exactly to equal plain addresses with octets up to 255, and -1 to the rest', () => {
    const part = fc.oneof(fc.nat(300).map(String), fc.constantFrom('0', '00', '01', '255', '256', '999'));
    const port = fc.oneof(fc.integer({ min: 1, max: 99999 }).map(String), fc.constantFrom('0', '080', '100000'));
    const address = fc.tuple(part, part, part, part, port).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}:${p}`);
    const inRange = (a: string) => isPlainIpv4Port(a) && a.split(/[.:]/).slice(0, 4).every((octet) => Number(octet) <= 255);
    fc.assert(
      fc.property(address, address, (a, b) => {
        expect(plainIpv4PortKey(a) >= 0).toBe(inRange(a));
        if (inRange(a) && inRange(b)) expect(plainIpv4PortKey(a) === plainIpv4PortKey(b)).toBe(a === b);
      }),
      { numRuns: 5000 },
    );
    expect(plainIpv4PortKey('255.255.255.255:99999')).toBe(4294967295 * 100000 + 99999);
    for (const no of ['10.0.0.1', 'backend:80', '[::1]:80', '10.0.0.01:80', '256.0.0.1:80', 'unix:/run/a.sock']) expect(plainIpv4PortKey(no)).toBe(-1);
  });
});

describe('distinctPlainAddresses', () => {
  it('is true only for pools of plain, distinct addresses of at most 16 members', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}:80`);
    const cases: [readonly string[], boolean][] = [
      [['10.0.0.1:80', '10.0.0.2:80'], true],
      [['10.0.0.1:80', '10.0.0.1:81'], true],
      [['10.0.0.1:80', '10.0.0.1:80'], false],
      [['10.0.0.1:80', '10.0.0.1'], false],
      [['10.0.0.1:80', 'backend:80'], false],
      [['256.0.0.1:80'], false],
      [many(16), true],
      [many(17), false],
    ];
    const model = analyzeNginx({ path: PATH, text: pools(cases.map(([list]) => list)) }, noIncludes).model;
    expect(model.pools.map((pool) => pool.distinctPlainAddresses)).toEqual(cases.map(([, verdict]) => verdict));
    // A spread copy (as rules make to compute shares of other members) does not carry the verdict.
    expect({ ...model.pools[0]! }.distinctPlainAddresses).toBeUndefined();
  });

  it('never hides a repeat from duplicate-member', () => {
    const spellings = ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.1', '127.0.0.1:80', 'localhost:80', '[::1]:80', 'App.internal:80', 'app.internal', '10.0.0.2:8080'];
    const pool = fc.array(fc.constantFrom(...spellings), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(pool, { minLength: 1, maxLength: 4 }), (servers) => {
        const report = analyzeFile({ path: PATH, text: pools(servers) }, noIncludes, { dialect: 'nginx' });
        const found = report.findings.filter((f) => f.rule === 'duplicate-member').length;
        expect(found).toBe(servers.reduce((sum, list) => sum + expectedRepeats(list), 0));
      }),
      { numRuns: 300 },
    );
  });
});
