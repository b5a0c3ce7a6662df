/**
 * Synthetic nginx configs of a given size, shaped like real ones: upstreams with weighted servers
 * and hashing, virtual servers with locations, maps, comments.
 */
export function syntheticNginx(targetBytes: number): string {
  const parts: string[] = ['# synthetic config for lb-drift benchmarks\nworker_processes 4;\nevents {\n    worker_connections 4096;\n}\nhttp {\n'];
  let size = parts[0]!.length;
  let n = 0;
  while (size < targetBytes) {
    const algorithm = ['', '    least_conn;\n', '    hash $request_uri consistent;\n', '    ip_hash;\n'][n % 4];
    const servers = Array.from(
      { length: 4 },
      (_, i) => `        server 10.${n % 250}.${i}.${(n * 7) % 250}:${8000 + i} weight=${1 + ((n + i) % 3)} max_fails=3 fail_timeout=10s;\n`,
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
export function typicalNginx(targetBytes: number): string {
  const parts: string[] = ['worker_processes auto;\nevents {\n    worker_connections 8192;\n}\nhttp {\n    include mime.types;\n    sendfile on;\n'];
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
        ssl_certificate     /etc/ssl/sites/site${n}.example.com/fullchain.pem;
        ssl_certificate_key /etc/ssl/sites/site${n}.example.com/privkey.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:SSL:10m;
        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
        add_header X-Frame-Options SAMEORIGIN;
        add_header X-Content-Type-Options nosniff;
        access_log /var/log/nginx/site${n}.access.log combined buffer=32k;
        error_log /var/log/nginx/site${n}.error.log warn;
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

export function syntheticYaml(targetBytes: number): string {
  const line = '  - name: item\n    value: 42\n    labels: {team: core, tier: web}\n';
  return 'items:\n' + line.repeat(Math.ceil(targetBytes / line.length));
}
