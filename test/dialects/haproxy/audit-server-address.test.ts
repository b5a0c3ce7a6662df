/**
 * Issue 13 audit: server addresses ("address incl. unix@, ipv4@, ports and ranges") and ids. HAProxy
 * refuses a port range, a word or a number past 65535 as a server's port and takes one port, an
 * offset or none; it refuses an id of 0 or a word and two servers with the same id. lb-drift said
 * nothing about any of them. Each case is judged by lb-drift and, where HAProxy is installed, by
 * `haproxy -c` on the same file, and both must agree.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { HAPROXY, acceptedByHaproxy, problemsOf } from './audit-judge';

const ADDRESSES: readonly { address: string; refused?: string }[] = [
  { address: '10.0.0.1:8080' },
  { address: '10.0.0.1' },
  { address: '10.0.0.1:' },
  { address: '10.0.0.1:65535' },
  { address: '10.0.0.1:+1000' },
  { address: '10.0.0.1:-5' },
  { address: 'ipv4@10.0.0.1:80' },
  { address: 'ipv6@[::1]:80' },
  { address: '[::1]:8080' },
  { address: 'unix@/run/app.sock' },
  { address: '/run/app.sock' },
  { address: '"${LBD_UNSET_HOST}:${LBD_UNSET_PORT}"' },
  { address: '10.0.0.1:80-90', refused: "server a: port range not permitted here in '10.0.0.1:80-90'" },
  { address: '[::1]:80-90', refused: "server a: port range not permitted here in '[::1]:80-90'" },
  { address: 'app.internal:65536', refused: "server a: invalid port '65536' in 'app.internal:65536'" },
  { address: '10.0.0.1:abc', refused: "server a: invalid character 'a' in port number 'abc'" },
];

/** Whole server lines, for the `id` parameter. */
const SERVER_LINES: readonly { address: string; refused?: string }[] = [
  { address: '10.0.0.1:80 id 3\n  server c 10.0.0.3:80 id 4\n  server d 10.0.0.4:80' },
  { address: '10.0.0.1:80 id 2147483647' },
  { address: '10.0.0.1:80 id 3\n  server c 10.0.0.3:80 id 3', refused: 'server c: id 3 is already used by server a' },
  { address: '10.0.0.1:80 id 2\n  server c 10.0.0.3:80\n  server d 10.0.0.4:80 id 2', refused: 'server d: id 2 is already used by server a' },
  { address: '10.0.0.1:80 id 0', refused: 'server a: id "0" is refused by HAProxy' },
  { address: '10.0.0.1:80 id abc', refused: 'server a: id "abc" is refused by HAProxy' },
  { address: '10.0.0.1:80 id 2147483648', refused: 'server a: id "2147483648" is refused by HAProxy' },
];

const configOf = (address: string): string =>
  `defaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\nbackend b\n  server a ${address}\n  server-template t 2 10.0.0.9:80\n`;

describe('server addresses and ids', () => {
  it.each([...ADDRESSES, ...SERVER_LINES])('$address', ({ address, refused }) => {
    const problems = problemsOf(configOf(address));
    if (refused) expect(problems).toEqual([expect.stringContaining(refused)]);
    else expect(problems).toEqual([]);
  });

  it('checks a server-template address the same way', () => {
    const text = configOf('10.0.0.1:80').replace('10.0.0.9:80', '10.0.0.9:80-81');
    expect(problemsOf(text)).toEqual([
      "server t: port range not permitted here in '10.0.0.9:80-81': a server has one port (or an offset such as +1000)",
    ]);
  });

  it('gives a server-template id to its first server only, numbering the others as HAProxy does', () => {
    // HAProxy copies a template's settings to the servers it makes, but not the id: conformance case template_id.
    const text = configOf('10.0.0.1:80').replace('  server a 10.0.0.1:80\n  server-template t 2 10.0.0.9:80\n', '  server-template s 3 10.0.0.9:80 id 5\n  server x 10.0.0.1:80\n  server y 10.0.0.2:80\n');
    const analysis = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes);
    expect(analysis.problems).toEqual([]);
    expect(analysis.model.pools[0]!.members.map((m) => [m.name, m.hashId])).toEqual([['s1', 5], ['s2', 2], ['s3', 3], ['x', 4], ['y', 6]]);
  });

  it.runIf(HAPROXY !== undefined)('agrees with haproxy -c on every address and id', () => {
    const cases = [...ADDRESSES, ...SERVER_LINES];
    const accepted = acceptedByHaproxy(cases.map((c) => configOf(c.address)));
    expect(cases.filter((c, i) => accepted[i] === (c.refused !== undefined)).map((c) => c.address)).toEqual([]);
  });
});
