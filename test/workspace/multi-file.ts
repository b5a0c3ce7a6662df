/**
 * The multi-file workspace of the workspace-view tests: a main config including conf.d/*.conf, a
 * fragment with a typo'd proxy_pass (image-cache for image-caches), a fragment with an upstream
 * nothing uses, and a fragment no main config includes.
 */
const POOL = (name: string, base: string) =>
  `upstream ${name} {\n    server ${base}.1:8080 max_fails=3 fail_timeout=10s;\n    server ${base}.2:8080 max_fails=3 fail_timeout=10s;\n}\n`;

export const MULTI_FILE_WORKSPACE: Record<string, string> = {
  'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n',
  'conf.d/cdn.conf': `${POOL('image-caches', '10.0.0')}\nserver {\n    listen 80;\n    location /images/ {\n        proxy_pass http://image-cache;\n    }\n}\n`,
  'conf.d/pools.conf': POOL('reporting', '10.0.1'),
  'orphan/lonely.conf': `${POOL('lonely', '10.0.2')}\nserver {\n    listen 81;\n    location / {\n        proxy_pass http://lonely;\n    }\n}\n`,
};

