import type { DirectiveNote } from '../core/model';
import { defineRule } from '../core/rule';

/** Names a project declares as known (modules lb-drift does not list), from the `known` option. */
function declaredNames(option: unknown): ReadonlySet<string> {
  return new Set(typeof option === 'string' ? option.split(/[\s,]+/).filter((n) => n !== '') : []);
}

const rule = defineRule({
  meta: {
    id: 'unknown-directive',
    title: 'A directive no nginx build knows',
    severity: 'error',
    dialects: ['nginx'],
    fixable: 'unsafe',
    options: {
      known: {
        type: 'string',
        default: '',
        description:
          'Directive names that modules lb-drift does not know provide (an in-house module, say), separated by commas or spaces; they are never reported.',
      },
    },
    docs: {
      whatItDoes:
        "Reports a directive whose name no build of nginx that lb-drift knows has: open-source nginx 1.0 to 1.31 with every official module (http, stream, mail and the dynamic modules Debian ships), NGINX Plus, njs, otel and acme, and the common third-party modules (OpenResty's lua, headers-more, echo, set-misc, srcache, redis2, memc; brotli, vts, geoip2, cache_purge, upload, modsecurity, pagespeed, passenger, naxsi, nchan, rtmp, fancyindex, dav-ext, subs_filter, auth_pam, sticky, upstream_check, upstream_fair). It suggests the closest known name within two edits, preferring names of the same kind of block. Entries of blocks whose body is not directives (`map`, `geo`, `split_clients`, `types`, `*_by_lua_block`, and blocks of modules lb-drift does not know) are never reported.",
      whyItMatters:
        'nginx checks every directive name when it loads its configuration: `route;` in a location (meant as `root`) makes `nginx -t` fail with "unknown directive" and a reload keep the old configuration, or a fresh start fail altogether. A typo that reaches a deployment takes the whole site down, not just the one location.',
      example: 'events {}\n\nhttp {\n    server {\n        listen 80;\n        location / {\n            route /var/www/html;\n        }\n    }\n}',
      fix: 'Correct the name (the quick fix offers the suggested one), or remove the directive. If a module lb-drift does not know provides it, list the name in the `known` option of this rule in `.lb-drift.yaml`.',
      references: ['https://nginx.org/en/docs/dirindex.html', 'https://nginx.org/en/docs/beginners_guide.html#conf_structure'],
    },
  },
  check(context) {
    const declared = declaredNames(context.options.known);
    const notes = context.model.directiveNotes ?? [];
    // An indexed loop: this runs once per analysis, mostly unoptimised, where `for...of` makes an
    // iterator result per note.
    for (let i = 0; i < notes.length; i++) {
      const note = notes[i]!;
      if (note.builds.length > 0 || declared.has(note.name)) continue;
      context.report({
        message: message(note),
        loc: note.loc,
        ...(note.suggestion
          ? {
              fixes: [
                {
                  title: `Rename to "${note.suggestion}"`,
                  safety: 'unsafe' as const,
                  intents: [{ kind: 'edit' as const, edits: [{ loc: note.loc, newText: note.suggestion }] }],
                },
              ],
            }
          : {}),
      });
    }
  },
});

function message(note: DirectiveNote): string {
  const head = `unknown directive "${note.name}"; nginx refuses to start.`;
  if (note.suggestion) return `${head} Did you mean "${note.suggestion}"?`;
  return `${head} No module lb-drift knows has it; if one of yours does, list it in this rule's "known" option.`;
}

export default rule;
