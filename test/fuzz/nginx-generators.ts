/**
 * Generators of nginx inputs: the property tests' arbitraries (grammar-heavy random text,
 * arbitrary UTF-16, well-formed configurations) and balancer configs that reach the rules and
 * their safe fixes (repeated members, `max_fails=0`, `backup` with a hash method, suppression
 * comments, missing `;`).
 */
import fc from 'fast-check';
import { configArbitrary, grammarText } from '../dialects/nginx/arbitraries';
import type { Rng } from './random';

export interface Generator {
  readonly name: string;
  generate(r: Rng): string;
}

/** A fast-check arbitrary as a generator: one sample per seed. */
export function fromArbitrary(name: string, arbitrary: fc.Arbitrary<string>): Generator {
  return { name, generate: (r) => fc.sample(arbitrary, { seed: r.int(0x7fffffff), numRuns: 1 })[0]! };
}

const METHODS = ['', '', 'ip_hash;', 'hash $request_uri;', 'hash $remote_addr consistent;', 'least_conn;', 'random;', 'random two least_conn;', 'least_time header;'];
const HOSTS = ['10.0.0.1', '10.0.0.2', '10.0.0.3', 'app.internal', 'APP.internal', 'localhost', '127.0.0.1', '[::1]', '[0:0::1]', 'unix:/tmp/s.sock'];
const PORTS = ['', ':80', ':8080', ':443', ':0', ':65536', ':x'];
const PARAMS = ['weight=1', 'weight=3', 'weight=0', 'weight=100', 'weight=4294967296', 'weight=-1', 'max_fails=0', 'max_fails=3', 'fail_timeout=10s', 'backup', 'down', 'resolve', 'max_conns=10', 'slow_start=30s', 'route=a', 'bogus=1'];
const RULES = ['weight-skew', 'duplicate-member', 'no-health-check', 'single-member', 'syntax-error', 'unused-pool', 'wieght-skew', 'invalid-combination'];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r'];

function member(r: Rng, pool: string[]): string {
  const address = pool.length > 0 && r.chance(0.25) ? r.pick(pool) : `${r.pick(HOSTS)}${r.pick(PORTS)}`;
  pool.push(address);
  const params = Array.from({ length: r.int(4) }, () => r.pick(PARAMS));
  return `server ${address}${params.map((p) => ` ${p}`).join('')}`;
}

function suppression(r: Rng): string {
  const rules = Array.from({ length: 1 + r.int(2) }, () => r.pick(RULES)).join(', ');
  const kind = r.chance(0.7) ? 'lb-drift-disable-next-line' : 'lb-drift-disable';
  return `# ${kind} ${rules}${r.chance(0.5) ? ' -- a reason' : ''}`;
}

/** An upstream-heavy config: pools, members, suppressions, proxies, with a few `;` left out. */
function balancerConfig(r: Rng): string {
  const nl = r.pick(BREAKS);
  const lines: string[] = [];
  const semicolon = (): string => (r.chance(0.06) ? '' : ';');
  const stream = r.chance(0.2);
  lines.push(stream ? 'stream {' : 'http {');
  const pools = 1 + r.int(3);
  for (let p = 0; p < pools; p++) {
    if (r.chance(0.2)) lines.push(`  ${suppression(r)}`);
    lines.push(`  upstream pool${p} {`);
    if (r.chance(0.2)) lines.push('    zone pool 64k;');
    const method = r.pick(METHODS);
    const methodFirst = r.chance(0.5);
    if (method && methodFirst) lines.push(`    ${method}`);
    const addresses: string[] = [];
    for (let m = 1 + r.int(5); m > 0; m--) {
      if (r.chance(0.15)) lines.push(`    ${suppression(r)}`);
      lines.push(`    ${member(r, addresses)}${semicolon()}${r.chance(0.1) ? ` ${suppression(r)}` : ''}`);
    }
    if (method && !methodFirst) lines.push(`    ${method}`);
    if (r.chance(0.2)) lines.push(`    keepalive 16${semicolon()}`);
    lines.push('  }');
  }
  if (stream) {
    lines.push(`  server { listen 12345; proxy_pass pool${r.int(pools + 1)}${semicolon()} }`);
  } else {
    lines.push('  server {', '    listen 80;');
    for (let l = r.int(3); l >= 0; l--) lines.push(`    location /${l} { proxy_pass http://pool${r.int(pools + 1)}${semicolon()} }`);
    lines.push('  }');
  }
  lines.push('}');
  if (r.chance(0.1)) lines.unshift(suppression(r));
  return lines.join(nl) + (r.chance(0.9) ? nl : '');
}

export const NGINX_GENERATORS: readonly Generator[] = [
  { name: 'balancer-config', generate: balancerConfig },
  fromArbitrary('grammar-text', grammarText(200)),
  fromArbitrary('utf16-text', fc.string({ unit: 'binary', maxLength: 200 })),
  fromArbitrary('well-formed-config', configArbitrary().map((g) => g.text)),
];
