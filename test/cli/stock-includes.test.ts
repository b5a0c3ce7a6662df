/**
 * Stock includes and the nginx prefix, through the CLI as a user runs it on a copy of Debian's
 * /etc/nginx: `include mime.types;`, `fastcgi_params`, `proxy_params`, `snippets/fastcgi-php.conf`
 * and `/etc/nginx/modules-enabled/*.conf` are never reported missing, with or without
 * --nginx-prefix, whether the folder, nginx.conf or one site is checked; a typo of a stock name
 * still is, with the name it meant; and a site's own snippet is found from the prefix.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

const NGINX_CONF = `user www-data;
worker_processes auto;
pid /run/nginx.pid;
include /etc/nginx/modules-enabled/*.conf;

events {
    worker_connections 768;
}

http {
    include mime.types;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    include /etc/nginx/conf.d/*.conf;
    include /etc/nginx/sites-enabled/*;
}
`;

const SITE = `upstream php {
    server 127.0.0.1:9000;
    server 127.0.0.1:9001;
}

server {
    listen 80 default_server;
    include snippets/site-headers.conf;
    location ~ \\.php$ {
        include snippets/fastcgi-php.conf;
        include fastcgi_params;
        fastcgi_pass php;
    }
    location /app {
        include proxy_params;
        proxy_pass http://php;
    }
}
`;

/** A repository copy of /etc/nginx: the configs written by hand, none of the files the package ships. */
function debianLayout(withMimeTypes: boolean): string {
  return tmpTree({
    'etc/nginx/nginx.conf': NGINX_CONF,
    ...(withMimeTypes ? { 'etc/nginx/mime.types': 'types {\n    text/html html;\n}\n' } : {}),
    'etc/nginx/sites-enabled/default': SITE,
    'etc/nginx/snippets/site-headers.conf': 'add_header X-Frame-Options DENY;\n',
  });
}

function check(args: readonly string[]) {
  const run = runCli(['check', '--format', 'json', ...args]);
  const report = JSON.parse(run.stdout) as { files: { path: string; findings: { rule: string; message: string }[] }[] };
  return { status: run.status, findings: report.files.flatMap((f) => f.findings) };
}

describe('stock includes on a copy of /etc/nginx', () => {
  it.each([
    ['the folder', (etc: string) => [etc]],
    ['the folder with --nginx-prefix', (etc: string) => [etc, '--nginx-prefix', etc]],
    ['nginx.conf', (etc: string) => [join(etc, 'nginx.conf')]],
    ['one site', (etc: string) => [join(etc, 'sites-enabled/default')]],
    ['one site with --nginx-prefix', (etc: string) => [join(etc, 'sites-enabled/default'), '--nginx-prefix', etc]],
  ])('checking %s reports no missing include', (_name, args) => {
    for (const withMimeTypes of [false, true]) {
      const etc = join(debianLayout(withMimeTypes), 'etc/nginx');
      const { status, findings } = check(args(etc));
      expect(findings.filter((f) => f.rule === 'include-error').map((f) => f.message)).toEqual([]);
      expect(status).toBe(0);
    }
  });

  it('still reports a typo of a stock name, with the name it meant', () => {
    const dir = tmpTree({ 'etc/nginx/nginx.conf': 'events {}\nhttp {\n    include mime.type;\n    include /etc/nginx/fastcgi_param;\n}\n' });
    const { findings } = check([join(dir, 'etc/nginx/nginx.conf')]);
    const messages = findings.filter((f) => f.rule === 'include-error').map((f) => f.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain('Did you mean "mime.types", which nginx ships?');
    expect(messages[1]).toContain('Did you mean "/etc/nginx/fastcgi_params", which nginx ships?');
  });

  it('still reports a missing file of the site itself', () => {
    const dir = tmpTree({ 'etc/nginx/nginx.conf': 'events {}\nhttp {\n    include snippets/ssl-params.conf;\n}\n' });
    const { findings } = check([join(dir, 'etc/nginx/nginx.conf')]);
    expect(findings.filter((f) => f.rule === 'include-error')).toHaveLength(1);
  });
});
