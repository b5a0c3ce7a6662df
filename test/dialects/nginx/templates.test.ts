/**
 * Config templates (Go, Jinja, envsubst, `<PLACEHOLDER>`): recognised, parsed with their tags
 * masked at the same length, reported once as a template, with at most a few syntax errors; and
 * recognised by name when they are not called nginx.conf. The real templates under
 * test/fixtures/templates (see its SOURCES.md) are the yardstick.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { MAX_TEMPLATE_ERRORS } from '../../../server/src/dialects/nginx/error-cap';
import { parseNginxTree } from '../../../server/src/dialects/nginx/parser';
import { sniffNginx } from '../../../server/src/dialects/nginx/sniff';
import { readTemplate } from '../../../server/src/dialects/nginx/template';
import { analyzeFile } from '../../../server/src/engine/analyze';

const TEMPLATES = join(__dirname, '../../fixtures/templates');
const REAL = [
  'ingress-nginx/nginx.tmpl',
  'geerlingguy-ansible-role-nginx/nginx.conf.j2',
  'geerlingguy-ansible-role-nginx/vhost.j2',
  'nginxinc-ansible-role-nginx-config/nginx.conf.j2',
  'nginxinc-ansible-role-nginx-config/upstream.j2',
  'docker-envsubst/default.conf.template',
];

function analyze(path: string, text: string) {
  return analyzeFile({ path, text }, noIncludes, { dialect: 'nginx' });
}

describe('real templates', () => {
  it('ingress-nginx nginx.tmpl: 1,000+ syntax errors as plain nginx, none with its tags masked, and one note', () => {
    const path = join(TEMPLATES, 'ingress-nginx/nginx.tmpl');
    const text = readFileSync(path, 'utf8');
    // The parser's own cap lists 1,000 and counts the rest: the file is wall-to-wall errors as is.
    expect(parseNginxTree(text).errors.length).toBeGreaterThan(1000);
    const report = analyze(path, text);
    expect(report.findings.filter((f) => f.rule === 'syntax-error')).toEqual([]);
    const notes = report.findings.filter((f) => f.rule === 'template-file');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.message).toMatch(/^This file is a template with \d+ Go template tags/);
    // The nginx text around the tags is still read: its upstream and its members are in the model.
    expect(report.model?.pools.map((p) => p.name)).toContain('upstream_balancer');
  });

  it.each(REAL)('%s: no syntax error, one template note, found by its name', (name) => {
    const path = join(TEMPLATES, name);
    const text = readFileSync(path, 'utf8');
    expect(sniffNginx(path, text)).toBe(true);
    const report = analyzeFile({ path, text }, noIncludes);
    expect(report.findings.filter((f) => f.rule === 'syntax-error').map((f) => f.message)).toEqual([]);
    expect(report.findings.filter((f) => f.rule === 'template-file')).toHaveLength(1);
  });

  it.each(REAL)('%s: masking keeps the length and every line break, so spans are exact', (name) => {
    const text = readFileSync(join(TEMPLATES, name), 'utf8');
    const info = readTemplate(text)!;
    expect(info.masked).toHaveLength(text.length);
    const breaks = (s: string) => [...s.matchAll(/\r?\n/g)].map((m) => m.index);
    expect(breaks(info.masked)).toEqual(breaks(text));
  });
});

describe('masking', () => {
  it('blanks statements and lone tags, turns values into one variable word, keeps the first inline branch', () => {
    const text = [
      '{{ range .Servers }}',
      'upstream app {',
      '    server {{ .Address }}:80;',
      '}',
      '{{ end }}',
      'proxy_buffering {{ if .On }}on{{ else }}off{{ end }};',
      'include {{ .Extra }};',
      'access_log{{ if .Off }} off{{ end }};',
      '',
    ].join('\n');
    const masked = readTemplate(text)!.masked.split('\n');
    expect(masked[0]!.trim()).toBe('');
    expect(masked[2]).toBe('    server $___Address___:80;');
    expect(masked[4]!.trim()).toBe('');
    expect(masked[5]!.replace(/ +/g, ' ')).toBe('proxy_buffering on ;');
    // An include of a rendered path is not followed: a glob that matches nothing, as nginx accepts.
    expect(masked[6]).toMatch(/^include \*_\w+;$/);
    expect(masked[7]!.replace(/ +/g, ' ')).toBe('access_log off ;');
  });

  it('lists the first few syntax errors of a template, then one that counts the rest', () => {
    const text = '{{ $x := . }}\nhttp {\n' + '    }\n}\n'.repeat(30);
    const syntax = analyze('/t/nginx.conf.tmpl', text).findings.filter((f) => f.rule === 'syntax-error');
    expect(syntax).toHaveLength(MAX_TEMPLATE_ERRORS + 1);
    const plain = parseNginxTree(text.replace('{{ $x := . }}', '')).errors.length;
    expect(syntax[MAX_TEMPLATE_ERRORS]!.message).toContain(`${plain - MAX_TEMPLATE_ERRORS} more syntax errors`);
  });

  it('does not cap an ordinary file at the template limit', () => {
    const text = 'http {\n' + '    }\n}\n'.repeat(30);
    const syntax = analyze('/t/nginx.conf', text).findings.filter((f) => f.rule === 'syntax-error');
    expect(syntax.length).toBeGreaterThan(MAX_TEMPLATE_ERRORS + 1);
    expect(analyze('/t/nginx.conf', text).findings.some((f) => f.rule === 'template-file')).toBe(false);
  });
});

describe('recognising templates', () => {
  it.each([
    ['envsubst in listen', 'server {\n    listen ${port};\n}\n', 'envsubst'],
    ['envsubst upper case anywhere', 'location / {\n    proxy_pass http://${BACKEND}:8080;\n}\n', 'envsubst'],
    ['angle placeholder', 'upstream a {\n    server <IPADDR>;\n}\n', 'placeholder'],
    ['Jinja', '{% if x %}\nlisten 80;\n{% endif %}\n', 'jinja'],
    ['Go', 'listen {{ .Port }};\n', 'go'],
  ])('%s', (_name, text, kind) => {
    expect(readTemplate(text)?.kinds).toContain(kind);
  });

  it.each([
    ['nginx variables in braces', 'location / {\n    return 301 https://${host}${request_uri};\n    add_header X "${upstream_addr}";\n}\n'],
    ['Lua tables in tables', 'content_by_lua_block {\n    local t = {{1, 2}, {a = 1}}\n}\n'],
    ['HTML in sub_filter', "sub_filter <head> '<head><b>x</b>';\n"],
    ['a placeholder in a comment', '# replace <YOUR_DOMAIN> below\nserver_name example.com;\n'],
  ])('not a template: %s', (_name, text) => {
    expect(readTemplate(text)).toBeUndefined();
  });

  it('names a template by what it renders to, and still sniffs other templates out', () => {
    const nginx = 'server {\n    listen 80;\n    location / { proxy_pass http://app; }\n}\n';
    expect(sniffNginx('/roles/web/templates/nginx.conf.j2', 'anything')).toBe(true);
    expect(sniffNginx('/etc/nginx/templates/default.conf.template', nginx)).toBe(true);
    expect(sniffNginx('/roles/web/templates/site.j2', nginx)).toBe(true);
    expect(sniffNginx('/deploy/nginx.tmpl', nginx)).toBe(true);
    // Invariant 9: other templates cost a sniff and are not nginx.
    expect(sniffNginx('/roles/web/templates/index.html.j2', nginx)).toBe(false);
    expect(sniffNginx('/roles/web/templates/config.j2', 'key: {{ value }}\nother: 1\n')).toBe(false);
    expect(sniffNginx('/charts/app/templates/deployment.tmpl', 'apiVersion: apps/v1\nkind: Deployment\n')).toBe(false);
  });
});
