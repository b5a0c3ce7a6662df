/**
 * Synthetic nginx configs of a given size, shaped like real ones: upstreams with weighted servers
 * and hashing, virtual servers with locations, maps, comments. Every server list is distinct, so
 * no ring or distribution cache can answer one pool with another's result: the figures are what a
 * config without repetition costs. Deterministic: the same size and seed give the same text.
 *
 * With a `NginxTestDir`, the same config also passes `nginx -t -p <dir> -c <file>` run by a user
 * who is not root: pid, logs, temporary files and certificates live in that directory.
 */
import { seededRandom } from '../test/traffic/reference';

export interface NginxTestDir {
  readonly dir: string;
  /** A certificate and key in PEM (one file) that nginx can load, for the TLS servers. */
  readonly certificate: string;
}

/** Lines at the top of main and of http that keep `nginx -t` inside `env.dir`. */
function mainPrelude(env: NginxTestDir | undefined): string {
  return env ? `pid ${env.dir}/nginx.pid;\nerror_log ${env.dir}/error.log;\n` : '';
}
function httpPrelude(env: NginxTestDir | undefined): string {
  if (!env) return '';
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `    ${kind}_temp_path ${env.dir}/${kind};\n`).join('');
  return `    access_log off;\n${temp}`;
}

/** A private address no other server of the config has: 10.x.y.z from a running number. */
function uniqueAddress(k: number, port: number): string {
  return `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}:${port}`;
}

/**
 * The upstream-dense worst case: every site is an upstream of four weighted servers (a quarter of
 * them `hash ... consistent`, all with distinct server lists), a map and a small server block.
 */
export function syntheticNginx(targetBytes: number, env?: NginxTestDir): string {
  const head = `# synthetic config for lb-drift benchmarks\n${mainPrelude(env)}worker_processes 4;\nevents {\n    worker_connections 4096;\n}\nhttp {\n${httpPrelude(env)}`;
  const parts: string[] = [head];
  let size = parts[0]!.length;
  let n = 0;
  while (size < targetBytes) {
    const algorithm = ['', '    least_conn;\n', '    hash $request_uri consistent;\n', '    ip_hash;\n'][n % 4];
    const servers = Array.from(
      { length: 4 },
      (_, i) => `        server ${uniqueAddress(n * 4 + i, 8000 + i)} weight=${1 + ((n + i) % 3)} max_fails=3 fail_timeout=10s;\n`,
    ).join('');
    const chunk =
      `    # pool ${n}\n    upstream pool_${n} {\n    ${algorithm}    zone pool_${n} 64k;\n${servers.replace(/^ {8}/gm, '        ')}        keepalive 16;\n    }\n` +
      `    map $http_x_tenant $tenant_${n} {\n        default "t${n}";\n        "~^a" a;\n    }\n` +
      `    server {\n        listen 80${n % 10};\n        server_name site${n}.example.com www.site${n}.example.com;\n` +
      `        location / {\n            proxy_set_header Host $host;\n            proxy_set_header X-Real-IP $remote_addr;\n            proxy_pass http://pool_${n};\n        }\n` +
      `        location ~* \\.(png|jpg|css)$ {\n            expires 30d;\n            add_header Cache-Control "public, max-age=2592000";\n            proxy_pass http://pool_${n};\n        }\n    }\n`;
    parts.push(chunk);
    size += chunk.length;
    n++;
  }
  parts.push('}\n');
  return parts.join('');
}

/**
 * A config shaped like a multi-tenant proxy's: each site is a TLS server with headers and several
 * locations (about 2.5 KB), proxying to its own upstream of two or three servers. This is the
 * density of real large configs; `syntheticNginx` is the upstream-dense worst case.
 */
export function typicalNginx(targetBytes: number, env?: NginxTestDir): string {
  const mime = env ? `${env.dir}/mime.types` : 'mime.types';
  const parts: string[] = [`${mainPrelude(env)}worker_processes auto;\nevents {\n    worker_connections 8192;\n}\nhttp {\n${httpPrelude(env)}    include ${mime};\n    sendfile on;\n`];
  const certificate = (n: number) => env?.certificate ?? `/etc/ssl/sites/site${n}.example.com/fullchain.pem`;
  const key = (n: number) => env?.certificate ?? `/etc/ssl/sites/site${n}.example.com/privkey.pem`;
  const logs = env ? `${env.dir}/logs` : '/var/log/nginx';
  let size = parts[0]!.length;
  for (let n = 0; size < targetBytes; n++) {
    const servers = Array.from({ length: 2 + (n % 2) }, (_, i) => `        server 10.${(n >> 8) & 255}.${n & 255}.${10 + i}:8080 max_fails=2 fail_timeout=15s;\n`).join('');
    const chunk = `
    upstream site_${n}_app {
${n % 5 === 0 ? '        least_conn;\n' : ''}${servers}        keepalive 16;
    }

    server {
        listen 443 ssl http2;
        server_name site${n}.example.com www.site${n}.example.com;
        ssl_certificate     ${certificate(n)};
        ssl_certificate_key ${key(n)};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:SSL:10m;
        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
        add_header X-Frame-Options SAMEORIGIN;
        add_header X-Content-Type-Options nosniff;
        access_log ${logs}/site${n}.access.log combined buffer=32k;
        error_log ${logs}/site${n}.error.log warn;
        client_max_body_size 20m;

        location / {
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 60s;
            proxy_pass http://site_${n}_app;
        }

        location /static/ {
            root /srv/www/site${n};
            expires 7d;
            try_files $uri $uri/ =404;
        }

        location ~* \\.(?:ico|css|js|gif|jpe?g|png|woff2?)$ {
            root /srv/www/site${n};
            expires 30d;
            add_header Cache-Control "public";
            access_log off;
        }

        location = /healthz {
            return 200 "ok\\n";
        }
    }
`;
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push('}\n');
  return parts.join('');
}

const OTHER_METHODS = ['', '', '', '', '', 'least_conn;', 'least_conn;', 'ip_hash;', 'hash $remote_addr;', 'random two;'];

/**
 * A config shaped like a large shared-cache or sharding tier: per site an upstream of two to
 * eight servers and a server block with a few locations. Every fifth upstream is
 * `hash $request_uri consistent` with weights up to 100 (about 6,700 ring points per pool, all
 * server lists distinct); the rest mix round-robin, least_conn, ip_hash, hash and random with
 * uneven max_fails and fail_timeout. No `zone`. At 10 MB: about 7,000 upstreams, 36,000 servers,
 * 1,400 consistent-hash pools and 47 million ring points.
 */
export function ringHeavyNginx(targetBytes: number, seed = 12, env?: NginxTestDir): string {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const parts: string[] = [`# ring-heavy config for lb-drift benchmarks\n${mainPrelude(env)}worker_processes 8;\nevents {\n    worker_connections 8192;\n}\nhttp {\n${httpPrelude(env)}`];
  let size = parts[0]!.length;
  let address = 0;
  for (let n = 0; size < targetBytes; n++) {
    const consistent = n % 5 === 0;
    const method = consistent ? 'hash $request_uri consistent;' : pick(OTHER_METHODS);
    const backups = method === '' || method === 'least_conn;';
    const count = 2 + Math.floor(random() * 7);
    let servers = '';
    for (let i = 0; i < count; i++) {
      const params: string[] = [];
      if (consistent) params.push(`weight=${1 + Math.floor(99 * random() ** 1.5)}`);
      else if (random() < 0.3) params.push(`weight=${1 + Math.floor(random() * 5)}`);
      if (random() < 0.5) params.push(`max_fails=${pick([1, 2, 3, 5])}`);
      if (random() < 0.4) params.push(`fail_timeout=${pick(['5s', '10s', '30s', '1m'])}`);
      if (backups && i === count - 1 && random() < 0.2) params.push('backup');
      else if (random() < 0.02) params.push('down');
      servers += `        server ${uniqueAddress(address++, 8000 + (n % 100))}${params.length > 0 ? ' ' + params.join(' ') : ''};\n`;
    }
    const pool = `shard_${n}`;
    const chunk =
      `    upstream ${pool} {\n${method ? `        ${method}\n` : ''}${servers}        keepalive 32;\n    }\n\n` +
      `    # shard ${n}: cache tier for tenant group ${n % 97}\n` +
      `    server {\n        listen 80;\n        server_name shard${n}.cache.internal shard${n}.cache.example.com;\n` +
      `        proxy_connect_timeout 2s;\n        proxy_read_timeout 30s;\n        proxy_send_timeout 30s;\n        proxy_buffers 16 16k;\n` +
      `        add_header X-Shard ${n} always;\n        add_header X-Cache-Tier "edge" always;\n` +
      `        location /api/ {\n            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n            proxy_set_header X-Request-Id $request_id;\n            proxy_read_timeout 60s;\n            proxy_pass http://${pool};\n        }\n` +
      `        location / {\n            proxy_http_version 1.1;\n            proxy_set_header Connection "";\n            proxy_set_header Host $host;\n            proxy_next_upstream error timeout http_502;\n            proxy_pass http://${pool};\n        }\n` +
      `        location /purge/ {\n            allow 10.0.0.0/8;\n            deny all;\n            proxy_pass http://${pool};\n        }\n` +
      `        location = /healthz {\n            access_log off;\n            return 200 "ok\\n";\n        }\n    }\n\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push('}\n');
  return parts.join('');
}

export function syntheticYaml(targetBytes: number): string {
  const line = '  - name: item\n    value: 42\n    labels: {team: core, tier: web}\n';
  return 'items:\n' + line.repeat(Math.ceil(targetBytes / line.length));
}
