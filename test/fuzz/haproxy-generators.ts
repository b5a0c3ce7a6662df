/**
 * Generators of HAProxy inputs: configurations that reach the HAProxy rules and their fixes
 * (balance algorithms and hash types, default-server and server-template, weights, backup,
 * disabled, check, cookies, track, removed keywords, `from` defaults, conditional blocks,
 * suppression comments), and arbitrary text.
 */
import fc from 'fast-check';
import { fromArbitrary, type Generator } from './nginx-generators';
import type { Rng } from './random';

const BALANCES = ['', '', 'balance roundrobin', 'balance static-rr', 'balance leastconn', 'balance first', 'balance source', 'balance uri', 'balance uri whole len 8', 'balance url_param id', 'balance hdr(host)', 'balance random(3)', 'balance rdp-cookie', 'balance hash path', 'balance bogus'];
const HASH_TYPES = ['', '', 'hash-type consistent', 'hash-type map-based', 'hash-type consistent sdbm avalanche', 'hash-type map-based crc32', 'hash-type consistent md5', 'hash-balance-factor 150'];
const HOSTS = ['10.0.0.1', '10.0.0.2', '10.0.0.3', 'app.internal', 'ipv4@10.0.0.4', 'unix@/run/s.sock', '[::1]', '${BACKEND}'];
const PORTS = ['', ':80', ':8080', ':8000-8010', ':0', ':x'];
const PARAMS = ['check', 'check', 'weight 1', 'weight 3', 'weight 0', 'weight 256', 'weight 300', 'backup', 'disabled', 'maxconn 10', 'cookie a', 'cookie b', 'id 7', 'track app0/s1', 'slowstart 10s', 'weight'];
const SETTINGS = ['option redispatch', 'no option redispatch', 'option allbackups', 'option httpchk', 'retries 3', 'retries 0', 'cookie SRV insert indirect nocache', 'stick-table type ip size 1m', 'stick on src', 'timeout connect 5s', 'timeout server 30s', 'mode tcp', 'mode http', 'contimeout 5s', 'option forceclose', 'default-server check inter 2s'];
const RULES = ['weight-skew', 'missing-timeouts', 'no-health-check', 'retries-without-redispatch', 'syntax-error', 'unused-pool', 'wieghts-ignored'];
const BREAKS = ['\n', '\n', '\n', '\r\n'];

function server(r: Rng, index: number): string {
  const params = Array.from({ length: r.int(4) }, () => r.pick(PARAMS)).join(' ');
  const address = `${r.pick(HOSTS)}${r.pick(PORTS)}`;
  return r.chance(0.15) ? `server-template t${index} ${1 + r.int(3)} ${address} ${params}` : `server s${index} ${address} ${params}`;
}

function balancerConfig(r: Rng): string {
  const lines: string[] = [];
  if (r.chance(0.5)) lines.push('global', '    nbthread 2', r.chance(0.2) ? '    nbproc 2' : '    maxconn 100');
  const named = r.chance(0.3);
  lines.push(named ? 'defaults base' : 'defaults', '    mode http');
  for (let i = r.int(4); i > 0; i--) lines.push(`    ${r.pick(SETTINGS)}`);
  const pools = 1 + r.int(3);
  lines.push('frontend www', '    bind :80');
  for (let p = 0; p < pools; p++) if (r.chance(0.7)) lines.push(`    use_backend app${r.int(pools + 1)} if { path_beg /${p} }`);
  if (r.chance(0.2)) lines.push('    use_backend %[req.hdr(host),lower]');
  lines.push(`    default_backend app${r.int(pools + 1)}`);
  for (let p = 0; p < pools; p++) {
    if (r.chance(0.15)) lines.push(`# lb-drift-disable-next-line ${r.pick(RULES)}`);
    lines.push(`${r.chance(0.2) ? 'listen' : 'backend'} app${p}${named && r.chance(0.5) ? ' from base' : ''}`);
    if (r.chance(0.1)) lines.push('.if version_atleast(2.4)');
    const balance = r.pick(BALANCES);
    if (balance) lines.push(`    ${balance}`);
    const hashType = r.pick(HASH_TYPES);
    if (hashType) lines.push(`    ${hashType}`);
    for (let i = r.int(3); i > 0; i--) lines.push(`    ${r.pick(SETTINGS)}`);
    for (let m = 1 + r.int(5); m > 0; m--) lines.push(`    ${server(r, m)}`);
    if (lines.includes('.if version_atleast(2.4)') && r.chance(0.8)) lines.push('.endif');
  }
  return lines.join(r.pick(BREAKS)) + '\n';
}

export const HAPROXY_GENERATORS: readonly Generator[] = [
  { name: 'haproxy-config', generate: balancerConfig },
  fromArbitrary('utf16-text', fc.string({ unit: 'binary', maxLength: 200 })),
];
