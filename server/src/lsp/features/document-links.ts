/**
 * Document links: the web addresses of a config (in comments, `return 301 https://...`,
 * `error_page`), but not the target of `proxy_pass http://app`: `app` names a pool (go to
 * definition finds it), and a backend address is no page to open either; following it as a web
 * link would open http://app in a browser. The extension turns
 * VS Code's own link detection off for nginx files (package.json, configurationDefaults), so these
 * are the only links there.
 */
import type { DocumentLink } from 'vscode-languageserver/node';
import type { DocumentAnalysis } from '../document-analysis';

/** A URL runs to whitespace, `;`, a quote or a brace, which nginx would end the argument at. */
const URL = /\bhttps?:\/\/[^\s;'"{}<>`]+/g;
/** Punctuation that ends a sentence in a comment rather than the address. */
const TRAILING = /[.,:)\]]+$/;

export function documentLinks(analysis: DocumentAnalysis): DocumentLink[] {
  const { document, report, path } = analysis;
  const text = document.getText();
  const targets = (report.model?.references ?? []).filter((r) => r.nameLoc.file === path).map((r) => r.nameLoc);
  const links: DocumentLink[] = [];
  for (const match of text.matchAll(URL)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    const end = start + url.length;
    // A variable ($host) is filled in per request: there is no one address to open.
    if (url.includes('$')) continue;
    if (targets.some((loc) => loc.start < end && start < loc.end)) continue;
    links.push({ range: { start: document.positionAt(start), end: document.positionAt(end) }, target: url });
  }
  return links;
}
