import { defineRule } from '../core/rule';

export default defineRule({
  meta: {
    id: 'template-file',
    title: 'The file is a template; lb-drift checks the nginx text around its tags',
    severity: 'info',
    dialects: ['nginx', 'kubernetes'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Says once per file that it is a template rather than a config nginx reads directly: Go templates (`{{ }}`, such as ingress-nginx\'s `nginx.tmpl` or a Helm chart), Jinja (`{{ }}`, `{% %}`, `{# #}`, Ansible\'s `*.j2`), envsubst `${VAR}` placeholders where nginx takes no variable (the official nginx image renders `/etc/nginx/templates/*.conf.template` with them) and `<PLACEHOLDER>` values. lb-drift masks the tags with blanks of the same length, reads a tag inside a directive as a value known only at render time (like an nginx variable), checks the nginx text around them, and lists at most the first 10 syntax errors of a template, then their count.',
      whyItMatters:
        'Parsed as they are, template tags are not nginx: ingress-nginx\'s template gave 1,015 syntax errors, while nginx stops at the first. Knowing the file is a template tells you which findings are about the nginx text you wrote and that the values the template fills in were not checked.',
      example: 'upstream app {\n    {{ range $server := .Servers }}\n    server {{ $server.Address }}:8080;\n    {{ end }}\n}',
      fix: 'Nothing to fix: the note is informational. Check the rendered config too (`nginx -t` after rendering, or `lb-drift check` on the rendered file). Turn the note off with `template-file: off` in `.lb-drift.yaml` if you know your templates.',
      references: ['https://pkg.go.dev/text/template', 'https://jinja.palletsprojects.com/en/stable/templates/', 'https://hub.docker.com/_/nginx'],
    },
  },
  check(context) {
    for (const problem of context.problems) {
      if (problem.kind === 'template') context.report({ message: problem.message, loc: problem.loc });
    }
  },
});
