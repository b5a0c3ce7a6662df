/**
 * Is this file nginx? Names settle it when they can (`nginx.conf`, `*.nginx`, a `.conf` or a
 * sites-enabled file below an `nginx` folder); otherwise the first kilobytes must look like nginx
 * directives (Apache also uses conf.d and sites-enabled). The look is a handful of regular
 * expressions over a bounded prefix, so it costs the same for any file size.
 */
const SNIFF_CHARS = 16 * 1024;
const NAMED = /(?:^|[\\/])(?:nginx\.conf|[^\\/]+\.nginx)$/i;
const UNDER_NGINX = /(?:^|[\\/])nginx[^\\/]*[\\/]/i;
const SITES = /(?:^|[\\/])sites-(?:enabled|available)[\\/][^\\/]+$/i;
const CONF = /\.conf(?:\.template)?$/i;
const EXTENSIONLESS = /(?:^|[\\/])[^.\\/]+$/;
const NGINX_SHAPES = [
  /^\s*upstream\s+[\w.-]+\s*\{/m,
  /^\s*(?:http|events|stream)\s*\{/m,
  /^\s*location\s+[^;{\n]*\{/m,
  /^\s*(?:proxy|grpc|fastcgi|uwsgi|scgi)_pass\s+\S+;/m,
  /^\s*server\s*\{[^}]{0,2000}?\b(?:listen|server_name|location)\b/m,
  /^\s*server\s+\S+(?:\s+\w+=\S+)*\s*;/m,
];

export function sniffNginx(path: string, text: string): boolean {
  if (NAMED.test(path)) return true;
  const conf = CONF.test(path);
  const sites = SITES.test(path);
  if (UNDER_NGINX.test(path) && (conf || sites)) return true;
  if (!conf && !sites && !EXTENSIONLESS.test(path)) return false;
  const head = text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text;
  return NGINX_SHAPES.some((shape) => shape.test(head));
}
