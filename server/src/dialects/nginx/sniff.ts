/**
 * Is this file nginx? Names settle it when they can (`nginx.conf`, `*.nginx`, a `.conf` or a
 * sites-enabled file below an `nginx` folder); otherwise the first kilobytes must look like nginx
 * directives (Apache also uses conf.d and sites-enabled). The look is a handful of regular
 * expressions over a bounded prefix, so it costs the same for any file size.
 *
 * A template of a config (`nginx.conf.j2`, `default.conf.template`, ingress-nginx's `nginx.tmpl`)
 * is judged by the name it will have once rendered: the template suffix is dropped first, so
 * `nginx.conf.j2` is named nginx and `site.j2` or `nginx.tmpl` must look like nginx inside.
 */
const SNIFF_CHARS = 16 * 1024;
const NAMED = /(?:^|[\\/])(?:nginx\.conf|[^\\/]+\.nginx)$/i;
const UNDER_NGINX = /(?:^|[\\/])nginx[^\\/]*[\\/]/i;
const SITES = /(?:^|[\\/])sites-(?:enabled|available)[\\/][^\\/]+$/i;
const CONF = /\.conf$/i;
const TEMPLATE_SUFFIX = /\.(?:j2|jinja2?|tmpl|tpl|template|gotmpl|erb|mustache|hbs)$/i;
const EXTENSIONLESS = /(?:^|[\\/])[^.\\/]+$/;
const NGINX_SHAPES = [
  /^\s*upstream\s+[\w.-]+\s*\{/m,
  /^\s*(?:http|events|stream)\s*\{/m,
  /^\s*location\s+[^;{\n]*\{/m,
  /^\s*(?:proxy|grpc|fastcgi|uwsgi|scgi)_pass\s+\S+;/m,
  /^\s*server\s*\{[^}]{0,2000}?\b(?:listen|server_name|location)\b/m,
  /^\s*server\s+\S+(?:\s+\w+=\S+)*\s*;/m,
];

/** In a template, names and addresses may be template values: `upstream {{ .Name }} {`, `server {{ addr }};`. */
const TEMPLATE_SHAPES = [
  /^\s*upstream\s+(?:\{\{[^}\n]*\}\}|\$\{\w+\})\s*\{/m,
  /^\s*server\s+(?:\{\{[^}\n]*\}\}|\$\{\w+\}|<\w+>)[^;{\n]*;/m,
  /^\s*(?:proxy|grpc|fastcgi|uwsgi|scgi)_pass\s+[^;\n]*(?:\{\{|\$\{)[^;\n]*;/m,
];

export function sniffNginx(path: string, text: string): boolean {
  const template = TEMPLATE_SUFFIX.test(path);
  if (template) path = path.replace(TEMPLATE_SUFFIX, '');
  if (NAMED.test(path)) return true;
  const conf = CONF.test(path);
  const sites = SITES.test(path);
  if (UNDER_NGINX.test(path) && (conf || sites)) return true;
  if (!conf && !sites && !EXTENSIONLESS.test(path)) return false;
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text;
  return NGINX_SHAPES.some((shape) => shape.test(head)) || (template && TEMPLATE_SHAPES.some((shape) => shape.test(head)));
}
