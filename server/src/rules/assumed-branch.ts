import { defineRule } from '../core/rule';

/**
 * The HAProxy dialect lists every `.if` block whose branch it chose on an assumption as a model
 * fact named with this prefix (`assumed branch 1`, ...), its value the sentence to show.
 */
const FACT_PREFIX = 'assumed branch ';

const rule = defineRule({
  meta: {
    id: 'assumed-branch',
    title: 'An `.if` block whose branch lb-drift had to assume',
    severity: 'hint',
    dialects: ['haproxy'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Says which branch of an `.if` / `.elif` / `.else` block lb-drift read when neither the project\'s target release nor the file settles the condition: `version_atleast(2.8)` when `haproxy.version` is not set (the target is then 2.6 or newer, and lb-drift reads the block as HAProxy 2.6 would, the release the removed-keyword rule also judges against), `version_atleast(2.8.5)` with a target of `2.8` (any 2.8.x), and terms that depend on the environment or the build (`defined(VAR)`, `streq("${ENV}",prod)`, `feature(OPENSSL)`), which count as true. Conditions the target settles (`version_atleast(2.4)` on 2.6 or newer) are read silently.',
      whyItMatters:
        'Every share, finding and route lb-drift gives for the servers inside the block depends on the branch it read. When the HAProxy you run takes another branch, those predictions describe a configuration you do not run, and nothing else would tell you.',
      example:
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nlisten app\n    bind :80\n.if version_atleast(2.8)\n    balance hash req.hdr(x-user)\n.else\n    balance hdr(x-user)\n.endif\n    server web1 10.0.0.1:80 check\n    server web2 10.0.0.2:80 check',
      fix: 'Set `haproxy: { version: "2.8.3" }` (the release you run) in `.lb-drift.yaml`, and version conditions are settled. For environment and build terms there is nothing to fix: the hint says what was assumed. Turn it off with `assumed-branch: off` under `rules` if you do not want to see it.',
      references: ['https://docs.haproxy.org/2.6/configuration.html#2.4', 'https://docs.haproxy.org/2.6/configuration.html#2.3'],
    },
  },
  check(context) {
    for (const [name, fact] of Object.entries(context.model.facts)) {
      if (name.startsWith(FACT_PREFIX)) context.report({ message: fact.value, loc: fact.loc });
    }
  },
});

export default rule;
