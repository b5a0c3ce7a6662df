/**
 * Where the language server links rule documentation from: the pages shipped with the extension
 * (docs/rules/<id>.md beside the bundles) when they are there, so links work offline and match
 * the installed version; otherwise the published pages.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl } from '../rules/docs/url';

export function ruleDocsLinker(bundleDir: string): (id: string) => string {
  const local = join(bundleDir, '..', '..', 'docs', 'rules');
  if (!existsSync(local)) return ruleDocsUrl;
  const base = pathToFileURL(local).href;
  return (id) => `${base}/${encodeURIComponent(id)}.md`;
}
