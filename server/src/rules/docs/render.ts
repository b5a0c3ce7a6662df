/**
 * Renders a rule's documentation page (docs/rules/<id>.md) from its metadata, with the fixed
 * headings every rule has. A test keeps the committed pages equal to this output.
 */
import type { RuleMeta } from '../../core/rule';

const FIX_TEXT = {
  safe: 'safe: applied by fix-all and `lb-drift check --fix`',
  unsafe: 'unsafe: offered as a quick fix, never applied in bulk',
  none: 'none',
} as const;

export function renderRuleDoc(meta: RuleMeta): string {
  const dialects = meta.dialects === 'all' ? 'all' : meta.dialects.join(', ');
  const fence = meta.dialects === 'all' || meta.dialects.includes('nginx') ? 'nginx' : meta.dialects[0] === 'kubernetes' ? 'yaml' : meta.dialects[0];
  const lines = [
    `# ${meta.id}`,
    '',
    meta.title,
    '',
    '| | |',
    '| --- | --- |',
    `| Default severity | ${meta.severity} |`,
    `| Dialects | ${dialects} |`,
    `| Fix | ${FIX_TEXT[meta.fixable]} |`,
    '',
    '## What it does',
    '',
    meta.docs.whatItDoes,
    '',
    '## Why it matters',
    '',
    meta.docs.whyItMatters,
    '',
    '## Example',
    '',
    ...(meta.docs.stableExample !== undefined
      ? ['Stable revision:', '', '```' + fence, meta.docs.stableExample, '```', '', 'Now:', '']
      : []),
    '```' + fence,
    meta.docs.example,
    '```',
    '',
    '## Fix',
    '',
    meta.docs.fix,
    '',
  ];
  const options = Object.entries(meta.options);
  if (options.length > 0) {
    lines.push('## Options', '', '| option | type | default | description |', '| --- | --- | --- | --- |');
    for (const [name, spec] of options) lines.push(`| \`${name}\` | ${spec.type} | \`${String(spec.default)}\` | ${spec.description} |`);
    lines.push('');
  }
  lines.push('## References', '', ...meta.docs.references.map((r) => `- <${r}>`), '');
  return lines.join('\n');
}
