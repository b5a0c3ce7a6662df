import { defineRule } from '../core/rule';

export default defineRule({
  meta: {
    id: 'include-error',
    title: 'An included file is missing, loops back or cannot be read',
    severity: 'warning',
    dialects: ['nginx'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Follows every `include` as nginx does (globs; relative paths from the nginx prefix, then from the including file) and reports an include that names a file that does not exist, a loop of includes, and runaway include chains. Without `lbDrift.nginx.prefix` (`--nginx-prefix`), the prefix is the nearest folder above the checked file that holds `nginx.conf` and `mime.types`, as an nginx install does, so a site checked on its own finds its snippets. The files nginx and its packages ship (`mime.types`, `fastcgi_params`, `fastcgi.conf`, `scgi_params`, `uwsgi_params`, `koi-utf`, `koi-win`, `win-utf`, Debian\'s `proxy_params`, `snippets/fastcgi-php.conf` and `snippets/snakeoil.conf`, also under /etc/nginx and the other usual prefixes) are never reported missing: every server has them, a repository or CI machine rarely does. A name close to one of them (`mime.type`) is reported with the name it meant.',
      whyItMatters:
        'nginx refuses to start when a plain include is missing or includes loop. Pools defined in a file lb-drift cannot read are invisible to every other check, so a reference to them may look undefined and their traffic is not predicted.',
      example: 'http {\n    include conf.d/upstreams.conf;   # the file does not exist\n}',
      fix: 'Correct the path, create the file, or, when the config is analysed outside its real location, set `lbDrift.nginx.prefix` (the directory nginx resolves relative includes from, usually /etc/nginx). Break loops by removing the include that points back.',
      references: ['https://nginx.org/en/docs/ngx_core_module.html#include'],
    },
  },
  check(context) {
    for (const problem of context.problems) {
      if (problem.kind === 'include') {
        context.report({ message: problem.message, loc: problem.loc, ...(problem.related ? { related: problem.related } : {}) });
      }
    }
  },
});
