/**
 * Synthetic haproxy.cfg files of a given size, shaped like real ones: a global section, named
 * defaults (one inheriting from another with `from`), frontends that route with ACLs and
 * `use_backend`, and backends with every balance algorithm HAProxy 2.6 has, a third of them
 * consistent-hash (`hash-type consistent`), with `default-server` and `server-template` lines.
 * Every server list is distinct (addresses from a running number, weights from it too), so no
 * ring or distribution cache answers one pool with another's result. Deterministic: the same
 * size gives the same text. The file passes `haproxy -c -f <file>` (2.6) without network: every
 * address is an IP literal and nothing binds while checking.
 */

/** The `balance` lines, in the order backends take them; `hash` ones need `mode http`. */
const ALGORITHMS = [
  'roundrobin',
  'static-rr',
  'leastconn',
  'first',
  'source',
  'uri',
  'uri whole',
  'url_param userid',
  'hdr(x-tenant)',
  'random',
  'random(3)',
  'rdp-cookie',
  'hash req.hdr(x-user)',
  'hash path',
];

/** A private address no other server of the file has: 10.x.y.z from a running number. */
function address(k: number, port: number): string {
  return `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}:${port}`;
}

const HEAD = `# synthetic haproxy.cfg for lb-drift benchmarks
global
    maxconn 50000
    nbthread 4
    log stdout format raw local0

defaults base
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    retries 3
    option redispatch

defaults web from base
    option forwardfor
    default-server inter 3s fall 3 rise 2

# Backends inherit from the last defaults section, which no proxy names (HAProxy refuses a
# section used both by name and implicitly).
defaults from web
    timeout queue 10s

`;

/** One backend: its balance algorithm by `n`, consistent hashing on a third of them. */
function backend(n: number, nextServer: () => number): string {
  const algorithm = ALGORITHMS[n % ALGORITHMS.length]!;
  const consistent = n % 3 === 0;
  const lines = [`backend be_${n}`, `    balance ${algorithm}`];
  if (consistent) lines.push(`    hash-type consistent${n % 2 === 0 ? ' sdbm avalanche' : ''}`);
  if (n % 5 === 0) lines.push('    option httpchk GET /health', '    http-check expect status 200');
  lines.push(`    default-server check maxconn ${100 + (n % 50)} weight ${1 + (n % 7)}`);
  const servers = 4 + (n % 5);
  for (let i = 0; i < servers; i++) {
    const k = nextServer();
    const weight = consistent ? ` weight ${1 + ((n + i * 7) % 40)}` : i % 2 === 0 ? ` weight ${1 + ((n + i) % 9)}` : '';
    const extra = i === servers - 1 && n % 4 === 1 ? ' backup' : '';
    lines.push(`    server s${i} ${address(k, 8000 + (i % 10))}${weight}${extra}`);
  }
  if (n % 6 === 2) {
    // server-template with a literal address: HAProxy numbers the servers, one address for all.
    lines.push(`    server-template tpl 1-3 ${address(nextServer(), 9000)} check`);
  }
  return lines.join('\n') + '\n\n';
}

/** A frontend routing `count` backends from `first` by host and path ACLs. */
function frontend(index: number, first: number, count: number): string {
  const lines = [`frontend fe_${index} from web`, `    bind 127.0.0.1:${10000 + index}`];
  for (let b = first; b < first + count; b++) {
    lines.push(`    acl host_${b} hdr(host) -i site${b}.example.com`);
    lines.push(`    acl path_${b} path_beg /app${b}/`);
    lines.push(`    use_backend be_${b} if host_${b} || path_${b}`);
  }
  lines.push(`    default_backend be_${first}`);
  return lines.join('\n') + '\n\n';
}

/**
 * About `targetBytes` of configuration: groups of eight backends, each group routed by one
 * frontend written before it.
 */
export function syntheticHaproxy(targetBytes: number): string {
  const parts: string[] = [HEAD];
  let size = HEAD.length;
  let server = 0;
  const nextServer = () => server++;
  let n = 0;
  for (let group = 0; size < targetBytes; group++) {
    const chunk = [frontend(group, n, 8)];
    for (let i = 0; i < 8; i++) chunk.push(backend(n + i, nextServer));
    n += 8;
    const text = chunk.join('');
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}
