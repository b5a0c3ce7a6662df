import { defineRule } from '../core/rule';

export default defineRule({
  meta: {
    id: 'syntax-error',
    title: 'The file does not parse as its balancer would read it',
    severity: 'error',
    dialects: 'all',
    fixable: 'safe',
    essential: true,
    options: {},
    docs: {
      whatItDoes:
        'Reports what the balancer itself would reject when loading the file: unbalanced braces, a missing `;`, an unterminated quote, a directive in a block where it is not allowed, a wrong number of arguments, an invalid server parameter.',
      whyItMatters:
        'A config that does not load is an outage waiting for the next reload. lb-drift also cannot predict traffic for a pool it cannot read, so every other check is only as good as the parse. A parse error is never reported as "no issues": the CLI exits with code 2.',
      example: 'upstream backend {\n    server 10.0.0.1:8080\n}',
      fix: 'Correct the syntax at the reported range; the message names what was expected (here: add `;` after `server 10.0.0.1:8080`, which the quick fix and `lb-drift check --fix` do, as the one repair that is certain). Then confirm with `nginx -t`. A syntax error cannot be suppressed or turned off: a config that does not load is never "no issues".',
      references: ['https://nginx.org/en/docs/beginners_guide.html#conf_structure'],
    },
  },
  check(context) {
    for (const problem of context.problems) {
      if (problem.kind === 'syntax') {
        context.report({
          message: problem.message,
          loc: problem.loc,
          ...(problem.related ? { related: problem.related } : {}),
          ...(problem.fixes ? { fixes: problem.fixes } : {}),
        });
      }
    }
  },
});
