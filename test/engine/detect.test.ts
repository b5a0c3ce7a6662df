/**
 * Invariant 9: a non-balancer file costs a sniff and produces nothing; balancer files are found by
 * name, folder or shape.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { detectDialect } from '../../server/src/engine/detect';

describe('dialect detection', () => {
  it.each([
    ['/etc/nginx/nginx.conf', ''],
    ['/srv/site.nginx', ''],
    ['/etc/nginx/conf.d/app.conf', 'server_tokens off;'],
    ['/etc/nginx/sites-enabled/default', ''],
    ['/repo/deploy/lb.conf', 'upstream app {\n  server 10.0.0.1:80;\n}\n'],
    ['/repo/deploy/frontend.conf', 'server {\n  listen 80;\n  location / { proxy_pass http://app; }\n}\n'],
  ])('reads %s as nginx', (path, text) => {
    expect(detectDialect(path, text)?.id).toBe('nginx');
  });

  it.each([
    ['/repo/values.yaml', 'replicas: 3\nimage: app:1.2\n'],
    ['/repo/README.md', '# upstream {\n'],
    ['/repo/app.conf', '[section]\nkey = value\n'],
    ['/repo/Makefile', 'all:\n\techo upstream\n'],
    ['/etc/apache2/sites-enabled/000-default.conf', '<VirtualHost *:80>\n  ServerName a\n</VirtualHost>\n'],
    ['/etc/httpd/conf.d/ssl.conf', 'Listen 443 https\nSSLEngine on\n'],
  ])('does not read %s as nginx', (path, text) => {
    expect(detectDialect(path, text)).toBeUndefined();
  });

  it('honours extra globs and a forced dialect', () => {
    expect(detectDialect('/repo/lb/front.cfg', 'x', { nginx: ['lb/*.cfg'] })?.id).toBe('nginx');
    expect(detectDialect('/repo/anything.txt', 'x', {}, 'nginx')?.id).toBe('nginx');
  });

  it('produces nothing for an ordinary YAML file, however large', () => {
    const yaml = 'items:\n' + '  - name: item\n    value: 42\n'.repeat(100_000);
    const report = analyzeFile({ path: '/repo/data.yaml', text: yaml }, noIncludes);
    expect(report.dialect).toBeUndefined();
    expect(report.findings).toEqual([]);
    expect(report.model).toBeUndefined();
  });
});
