/**
 * Where a rule's documentation page is published, for diagnostics' `codeDescription` and SARIF's
 * `helpUri`. The pages are docs/rules/<id>.md in the repository.
 */
export const RULE_DOCS_BASE = 'https://github.com/lb-drift/lb-drift/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(id)}.md`;
}
