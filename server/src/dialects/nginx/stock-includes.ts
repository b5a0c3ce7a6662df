/**
 * The files nginx and its packages ship beside nginx.conf, which configs include by name:
 * `include mime.types;`, `include fastcgi_params;`, Debian's `include snippets/fastcgi-php.conf;`.
 * A repository or a CI machine checking a config usually has none of them, and the real server
 * always has them, so a missing stock include is not a problem worth reporting. A name close to
 * one of them (`mime.type`) is a typo, and the message says which name was meant.
 */
import { editDistance } from '../../core/text';

/**
 * Relative to the conf prefix: what `make install` puts in conf/ (with its `.default` copies),
 * and what the Debian, Ubuntu, Alpine and RHEL packages add.
 */
const STOCK_FILES: readonly string[] = [
  'mime.types',
  'fastcgi_params',
  'fastcgi.conf',
  'scgi_params',
  'uwsgi_params',
  'koi-utf',
  'koi-win',
  'win-utf',
  'mime.types.default',
  'fastcgi_params.default',
  'fastcgi.conf.default',
  'scgi_params.default',
  'uwsgi_params.default',
  'nginx.conf.default',
  // Debian and Ubuntu.
  'proxy_params',
  'snippets/fastcgi-php.conf',
  'snippets/snakeoil.conf',
];

/** Where packages and builds put the conf prefix, for absolute includes of stock files. */
const PREFIXES: readonly string[] = [
  '/etc/nginx/',
  '/usr/local/nginx/conf/',
  '/usr/local/etc/nginx/',
  '/opt/homebrew/etc/nginx/',
  '/etc/openresty/',
  '/usr/local/openresty/nginx/conf/',
  '/opt/nginx/conf/',
];

/** Absolute files other packages install for nginx configs to include. */
const STOCK_ABSOLUTE: readonly string[] = [
  // certbot's nginx plugin.
  '/etc/letsencrypt/options-ssl-nginx.conf',
];

const STOCK = new Set(STOCK_FILES);

/** Whether an include pattern names a file nginx or its packages ship (relative to the prefix, or under a known prefix). */
export function isStockInclude(pattern: string): boolean {
  const path = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (STOCK.has(path)) return true;
  if (STOCK_ABSOLUTE.includes(path)) return true;
  return PREFIXES.some((prefix) => path.startsWith(prefix) && STOCK.has(path.slice(prefix.length)));
}

/** The stock file a missing include probably meant (`mime.type` -> `mime.types`), or undefined. */
export function stockIncludeMeant(pattern: string): string | undefined {
  const path = pattern.replace(/\\/g, '/');
  const slash = PREFIXES.find((prefix) => path.startsWith(prefix));
  const relative = slash ? path.slice(slash.length) : path;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of STOCK_FILES) {
    if (name.endsWith('.default')) continue;
    const distance = editDistance(relative, name);
    if (distance > 0 && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best === undefined ? undefined : (slash ?? '') + best;
}

/** The sentence a missing-include message gets when the pattern is a typo of a stock file; '' otherwise. */
export function stockIncludeHint(pattern: string): string {
  const meant = stockIncludeMeant(pattern);
  return meant ? ` Did you mean "${meant}", which nginx ships?` : '';
}
