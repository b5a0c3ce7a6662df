/**
 * The shortcuts the HAProxy lowering takes to allocate less must give what the long way gave:
 * settings copied from a defaults section share its maps until a proxy changes one (and then the
 * change stays the proxy's), plain server addresses are judged in one pass (and agree with the
 * full reading on every address), and servers without explicit ids are numbered without a set.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Pool } from '../../../server/src/core/model';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { serverAddressProblem } from '../../../server/src/dialects/haproxy/server-address';

function pools(text: string): Map<string, Pool> {
  const { model } = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes);
  return new Map(model.pools.map((p) => [p.name, p]));
}

describe('settings a proxy inherits', () => {
  it('stay the defaults section’s when one proxy overrides them', () => {
    const byName = pools(`defaults
  mode http
  option redispatch
  timeout server 30s
  default-server maxconn 10
backend changed
  no option redispatch
  option allbackups
  timeout server 1s
  server a 10.0.0.1:80
backend plain
  server b 10.0.0.2:80
defaults second
  mode http
  option persist
  timeout queue 5s
backend after
  server c 10.0.0.3:80
`);
    const facts = (name: string) => Object.keys(byName.get(name)!.facts).filter((k) => k.startsWith('option') || k.startsWith('timeout'));
    expect(facts('changed')).toEqual(['timeout server', 'option allbackups']);
    expect(byName.get('changed')!.facts['timeout server']!.value).toBe('1s');
    // A sibling after the overriding proxy still reads the defaults as written.
    expect(facts('plain')).toEqual(['timeout server', 'option redispatch']);
    expect(byName.get('plain')!.facts['timeout server']!.value).toBe('30s');
    expect(byName.get('plain')!.members[0]!.limits).toEqual({ maxConns: 10 });
    // A second defaults section starts afresh: nothing of the first, nor of the proxies, leaks in.
    expect(facts('after')).toEqual(['timeout queue', 'option persist']);
    expect(byName.get('after')!.members[0]!.limits).toEqual({});
  });

  it('give a defaults section read with from its own copy of the one it names', () => {
    const byName = pools(`defaults base
  option redispatch
  default-server weight 5
defaults web from base
  no option redispatch
  default-server maxconn 7
backend uses_web from web
  server a 10.0.0.1:80
backend uses_base from base
  server b 10.0.0.2:80
`);
    expect(Object.keys(byName.get('uses_web')!.facts).some((k) => k === 'option redispatch')).toBe(false);
    expect(byName.get('uses_web')!.members[0]!.limits).toEqual({ maxConns: 7 });
    expect(byName.get('uses_base')!.facts['option redispatch']).toBeDefined();
    expect(byName.get('uses_base')!.members[0]!.limits).toEqual({});
    expect(byName.get('uses_base')!.members[0]!.weight).toBe(5);
  });
});

/** The reading of a server address before its one-pass shortcut, kept here as the reference. */
function fullReading(address: string): string | undefined {
  if (address.includes('${')) return undefined;
  const bare = address.replace(/^(?:ipv4|ipv6|tcp|tcp4|tcp6)@/, '');
  if (bare.includes('@') || bare.startsWith('/')) return undefined;
  let port: string | undefined;
  if (bare.startsWith('[')) {
    const rest = bare.slice(bare.indexOf(']') + 1);
    port = bare.includes(']') && rest.startsWith(':') ? rest.slice(1) : undefined;
  } else {
    const colon = bare.indexOf(':');
    port = colon >= 0 && colon === bare.lastIndexOf(':') ? bare.slice(colon + 1) : undefined;
  }
  if (port === undefined || port === '' || /^[+-]\d+$/.test(port)) return undefined;
  if (/^\d+-\d+$/.test(port)) return `port range not permitted here in '${address}': a server has one port (or an offset such as +1000)`;
  const invalid = /[^0-9]/.exec(port);
  if (invalid) return `invalid character '${invalid[0]}' in port number '${port}' in '${address}'`;
  if (Number(port) > 65535) return `invalid port '${port}' in '${address}': a port is at most 65535`;
  return undefined;
}

describe('server addresses', () => {
  it('are judged in one pass exactly as the full reading judges them', () => {
    const fixed = ['10.0.0.1:65535', '10.0.0.1:65536', 'h:0000065535', 'h:0000065536', 'h:', 'h', ':80', 'a:b:c', 'ipv4@h:99999', '[::1]:99999', '/x:1', '$h:1'];
    for (const address of fixed) expect(serverAddressProblem(address), address).toBe(fullReading(address));
    // Random addresses over the characters that steer the reading (deterministic generator).
    const alphabet = '0159:.@[]$/{}+-aiptv46c';
    let seed = 12345;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    for (let i = 0; i < 20000; i++) {
      let address = '';
      for (let n = 1 + random(12); n > 0; n--) address += alphabet[random(alphabet.length)];
      expect(serverAddressProblem(address), address).toBe(fullReading(address));
    }
  });
});

describe('server ids', () => {
  it('number the servers without an id 1, 2, 3 around the explicit ones, templates numbered like any other', () => {
    const ids = (text: string) => pools(text).get('app')!.members.map((m) => `${m.name}=${m.hashId}`);
    expect(ids('backend app\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80\n  server-template t 2 10.0.0.9:80\n')).toEqual(['a=1', 'b=2', 't1=3', 't2=4']);
    expect(ids('backend app\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80 id 2\n  server c 10.0.0.3:80\n  server-template t 1-2 10.0.0.9:80 id 5\n')).toEqual([
      'a=1',
      'b=2',
      'c=3',
      't1=5',
      't2=6',
    ]);
  });
});
