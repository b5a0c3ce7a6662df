import type { Fix } from '../core/fix';
import { defineRule, type UnusedSuppressionInfo } from '../core/rule';
import type { Loc } from '../core/span';
import { lineStartAt, nextLineStart } from '../core/text';

const rule = defineRule({
  meta: {
    id: 'unused-suppression',
    title: 'A suppression comment silences nothing',
    severity: 'info',
    dialects: 'all',
    fixable: 'safe',
    afterSuppressions: true,
    options: {},
    docs: {
      whatItDoes:
        'Reports `# lb-drift-disable-next-line` and `# lb-drift-disable` comments, rule by rule, that silenced no finding in this run, and rule names in them that lb-drift does not know (with the closest known name).',
      whyItMatters:
        'A suppression outlives its reason: the weight gets fixed, the line moves, the rule is renamed, and the comment stays. A stale suppression on the line above a server silently hides the next real problem there, and a misspelt rule name never suppressed anything in the first place.',
      example: 'upstream app {\n    # lb-drift-disable-next-line weight-skew -- the big box\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}',
      fix: 'Remove the comment, or the rule from its list (the quick fix does it; it is safe because the comment silences nothing). Fix a misspelt rule name by hand. `lb-drift check --no-inline-config` shows what every suppression hides.',
      references: ['https://github.com/lb-drift/lb-drift/blob/main/README.md#rules'],
    },
  },
  check(context) {
    for (const unused of context.unusedSuppressions ?? []) {
      const text = context.sources.get(unused.loc.file);
      const fix = text === undefined ? undefined : removal(unused, text);
      const where = unused.kind === 'file' ? 'in this file' : 'on the next line';
      context.report({
        message: unused.essential
          ? `${unused.rule} cannot be suppressed (a config that does not load is never "no issues"); remove the suppression and fix the error`
          : unused.known
          ? `suppression of ${unused.rule} silences nothing ${where}; remove it, or the rule from its list`
          : `unknown rule "${unused.rule}" in a suppression${unused.suggestion ? `; did you mean ${unused.suggestion}?` : ''}; it silences nothing`,
        loc: unused.loc,
        tags: ['unnecessary'],
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
});

/** Deletes the comment's line when it names only this rule, else just the rule from its list. */
function removal(unused: UnusedSuppressionInfo, text: string): Fix | undefined {
  const comment = text.slice(unused.loc.start, unused.loc.end);
  const match = /^(#\s*lb-drift-disable(?:-next-line)?\s+)([^\r\n]*?)(\s+--(?:\s[^\r\n]*)?)?$/.exec(comment);
  if (!match) return undefined;
  const rules = match[2]!.split(',').map((r) => r.trim()).filter(Boolean);
  const rest = rules.filter((r) => r !== unused.rule);
  if (rest.length === rules.length) return undefined;
  let loc: Loc;
  let newText: string;
  if (rest.length === 0) {
    if (bareCrAround(text, unused.loc)) return undefined;
    loc = { file: unused.loc.file, start: lineStartAt(text, unused.loc.start), end: nextLineStart(text, unused.loc.end) };
    newText = '';
  } else {
    loc = unused.loc;
    newText = `${match[1]}${rest.join(', ')}${match[3] ?? ''}`;
  }
  return { title: `Remove the unused suppression of ${unused.rule}`, safety: 'safe', intents: [{ kind: 'edit', edits: [{ loc, newText }] }] };
}

/**
 * Whether a bare CR (one not followed by LF) ends the comment's line or the line before it. The
 * editor breaks lines there, but nginx (and HAProxy) end a `#` comment only at LF: in
 * `# lb-drift-disable x<CR>http {` nginx reads `http {` as part of the comment. Deleting the
 * comment's line would turn such text into code (or, for a comment on the line before, pull this
 * line's successor into that comment), so no safe fix is offered there.
 */
function bareCrAround(text: string, comment: Loc): boolean {
  const before = lineStartAt(text, comment.start) - 1;
  return (text[comment.end] === '\r' && text[comment.end + 1] !== '\n') || (before >= 0 && text[before] === '\r');
}

export default rule;
