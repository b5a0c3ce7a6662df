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

export function syntheticYaml(targetBytes: number): string {
  const line = '  - name: item\n    value: 42\n    labels: {team: core, tier: web}\n';
  return 'items:\n' + line.repeat(Math.ceil(targetBytes / line.length));
}
