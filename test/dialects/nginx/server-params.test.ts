/**
 * Upstream `server` parameters and `*_pass` targets are read by offsets into the text, with char
 * loops instead of regular expressions (upstream-server.ts, addresses.ts). These properties check
 * that generated server lines (valid, invalid, quoted and escaped parameters, equal and different
 * limits in a row) give the same members and the same problems as the string-based code they
 * replaced (reference/server-params.ts), and that addresses and targets are read the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { passTarget, resolvesByName } from '../../../server/src/dialects/nginx/addresses';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { unescapeNginx } from '../../../server/src/dialects/nginx/lexer';
import * as reference from './reference/server-params';

// Besides the known names and typos, a name of each known length that differs in one letter
// (first, middle, last): a name is classified by its length and then compared once.
const NAMES = [
  'weight', 'max_conns', 'max_fails', 'fail_timeout', 'slow_start', 'route', 'service', 'backup', 'down', 'resolve', 'drain', 'max_fail', 'wieght', 'backupp', 'foo', '',
  'weighs', 'max_fonns', 'max_cails', 'max_xails', 'fail_timeoux', 'slow_starz', 'Route', 'servise', 'backuq', 'dawn', 'resolvf', 'drainn', 'drai', 'xrain',
];
const VALUES = [
  '', '0', '00', '5', '007', '100', '1234567890123456', '9007199254740993', '60329205597101355', '9223372036854775807', '9223372036854775808',
  '00009223372036854775807', '99999999999999999999', '10s', '1m30s', '1m 30s', '10ms', 'x', '1h2m', '9999999999y', '99999999999s', '30', 's', '5=6',
];
const ADDRESSES = [
  '10.0.0.1', '10.0.0.1:8080', '1.2.3.4567', '1234.1.1.1', '10.0.0.1:', '10.0.0.1:80a', '10.0.0', '10..0.1', '1.2.3.4.5',
  'app.internal:80', 'unix:/run/app.sock', '[::1]:80', '[fe80::1%eth0]', 'localhost', '9lives.example',
];

/** A parameter as written: bare, quoted, or with an escape nginx keeps (`\=`) or drops (`\\"`). */
const writtenParameter = fc
  .tuple(fc.constantFrom(...NAMES), fc.option(fc.constantFrom(...VALUES), { nil: undefined }), fc.constantFrom('bare', 'double', 'single', 'escaped'))
  .map(([name, value, form]) => {
    const text = value === undefined ? name : `${name}=${value}`;
    if (text === '' || form === 'bare') return text === '' ? 'x' : text.replace(/ /g, '');
    if (form === 'double') return `"${text}"`;
    if (form === 'single') return `'${text}'`;
    return text.replace('=', '\\=').replace(/ /g, '');
  });

const serverLine = fc.tuple(fc.constantFrom(...ADDRESSES), fc.array(writtenParameter, { maxLength: 5 }));

/** The value nginx reads from a written word (quotes removed, escapes resolved). */
function valueOf(word: string): string {
  const quoted = word.startsWith('"') || word.startsWith("'");
  const raw = quoted ? word.slice(1, -1) : word;
  return raw.includes('\\') ? unescapeNginx(raw) : raw;
}

describe('upstream server parameters read by offsets', () => {
  it('give the members and problems the string-based reading gave', () => {
    fc.assert(
      fc.property(fc.array(serverLine, { minLength: 1, maxLength: 6 }), (servers) => {
        let text = 'http {\n    upstream u {\n';
        const words: { start: number; end: number }[][] = [];
        for (const [address, params] of servers) {
          text += '        server';
          const spans: { start: number; end: number }[] = [];
          for (const word of [address, ...params]) {
            text += ' ';
            spans.push({ start: text.length, end: text.length + word.length });
            text += word;
          }
          text += ';\n';
          words.push(spans);
        }
        text += '    }\n}\n';
        const { model, problems } = analyzeNginx({ path: '/t.conf', text }, noIncludes);
        const members = model.pools[0]!.members;
        expect(members).toHaveLength(servers.length);
        const expectedProblems: { message: string; start: number; end: number }[] = [];
        servers.forEach(([address, params], s) => {
          const values = [address, ...params].map(valueOf);
          const want = reference.referenceServer(values);
          const member = members[s]!;
          expect(member.address).toBe(values[0]);
          expect({ weight: member.weight, explicit: member.weightExplicit, role: member.role, state: member.state, byName: member.resolvesByName })
            .toEqual({ weight: want.weight, explicit: want.weightArg >= 0, role: want.role, state: want.state, byName: want.resolvesByName });
          expect(member.resolveParam).toBe(want.resolveParam);
          expect({ ...member.limits }).toEqual(want.limits);
          expect(member.params.map((p) => p.loc.start)).toEqual(want.valid.map((i) => words[s]![i]!.start));
          if (want.weightArg >= 0) expect(member.weightLoc!.start).toBe(words[s]![want.weightArg]!.start);
          for (const [i, message] of want.problems) expectedProblems.push({ message, ...words[s]![i]! });
        });
        const got = problems.filter((p) => p.message.startsWith('invalid parameter')).map((p) => ({ message: p.message, start: p.loc.start, end: p.loc.end }));
        expect(got).toEqual(expectedProblems);
      }),
      { numRuns: 400 },
    );
  });

  it('share a limits object between servers only when every limit is equal', () => {
    const text = 'upstream u {\n  server a:1 max_fails=3 fail_timeout=10s;\n  server b:1 max_fails=3 fail_timeout=10s;\n  server c:1 max_fails=3 fail_timeout=1m;\n}\n';
    const [a, b, c] = analyzeNginx({ path: '/t.conf', text }, noIncludes).model.pools[0]!.members;
    expect(b!.limits).toBe(a!.limits);
    expect(c!.limits).not.toBe(b!.limits);
    expect(c!.limits).toEqual({ maxFails: 3, failTimeout: '1m' });
  });

  it('share one limits object across upstreams that repeat the same limits', () => {
    const text =
      'upstream a {\n  server a:1 max_fails=2 fail_timeout=15s;\n}\nupstream b {\n  server b:1 max_fails=2 fail_timeout=15s;\n}\n' +
      'upstream c {\n  server c:1;\n  server c:2 max_fails=2 fail_timeout=15s;\n  server c:3 max_fails=2;\n}\n';
    const [a, b, c] = analyzeNginx({ path: '/t.conf', text }, noIncludes).model.pools;
    expect(b!.members[0]!.limits).toBe(a!.members[0]!.limits);
    expect(c!.members[1]!.limits).toBe(a!.members[0]!.limits);
    expect(c!.members[2]!.limits).toEqual({ maxFails: 2 });
    expect(c!.members[0]!.limits).toEqual({});
  });

  it('share limits between servers that alternate them, and make no time string for limits seen before (issue 12)', () => {
    const text =
      'upstream a {\n  server a:1 max_fails=2 fail_timeout=5s;\n  server a:2 max_fails=5 fail_timeout=30s;\n  server a:3 max_fails=2 fail_timeout=5s;\n}\n' +
      'upstream b {\n  server b:1 max_conns=7 slow_start=1m;\n  server b:2 max_fails=5 fail_timeout=30s;\n  server b:3 max_conns=7 slow_start=1m;\n  server b:4 max_conns=7;\n}\n';
    const [a, b] = analyzeNginx({ path: '/t.conf', text }, noIncludes).model.pools;
    expect(a!.members[2]!.limits).toBe(a!.members[0]!.limits);
    expect(b!.members[1]!.limits).toBe(a!.members[1]!.limits);
    expect(b!.members[2]!.limits).toBe(b!.members[0]!.limits);
    expect(b!.members[2]!.limits).toEqual({ maxConns: 7, slowStart: '1m' });
    expect(b!.members[3]!.limits).toEqual({ maxConns: 7 });
    expect(Object.keys(a!.members[1]!.limits)).toEqual(['maxFails', 'failTimeout']);
    expect(Object.isFrozen(b!.members[3]!.limits)).toBe(true);
  });
});

describe('addresses read by char loops', () => {
  const addressChars = fc.constantFrom(...'0123456789.:[]%abcdefx/unix'.split(''));
  const address = fc.oneof(fc.constantFrom(...ADDRESSES), fc.string({ unit: addressChars, maxLength: 24 }));
  it('tell literal IPs from names as the regular expressions did', () => {
    fc.assert(fc.property(address, (a) => {
      expect(resolvesByName(a)).toBe(reference.resolvesByName(a));
    }), { numRuns: 2000 });
  });

  const targetChars = fc.constantFrom(...'aZ09+.-:/?[]$@_unix'.split(''));
  const target = fc.oneof(
    fc.constantFrom('http://app/x', 'grpcs://app:9000', 'app', 'unix:/run/a.sock', 'http://unix:/run/a.sock', 'http://[::1]:80/p', 'http://[::1]', 'HTTP://App', 'h+t.t-p://x', '1http://x', 'http://', 'http://:80', 'http://$host$uri', ':80', ''),
    fc.string({ unit: targetChars, maxLength: 24 }),
  );
  it('split *_pass targets as the regular expressions did', () => {
    fc.assert(fc.property(target, (t) => {
      expect(passTarget(t)).toEqual(reference.passTarget(t));
    }), { numRuns: 3000 });
  });
});
