/**
 * The workspace facts of an nginx file: every `include` argument (at any depth, as the include
 * walk follows them) and whether the file is a main config: named `nginx.conf`, or with `events`
 * or `http` at its top level.
 */
import { nginxDialect } from '../dialects/nginx';
import { NONE } from '../dialects/nginx/tree';
import { parseNginxTree } from '../dialects/nginx/tree-parser';
import type { ConfigFacts, FactsReader } from './facts';

const MAIN_NAME = /(?:^|[\\/])nginx\.conf$/i;
const MAIN_BLOCKS = new Set(['events', 'http']);
/** Names nginx configs and their fragments carry: `.conf`, `.nginx`, templates, or no extension (sites-enabled/default). */
const CANDIDATE = /(?:\.(?:conf|nginx|j2|jinja2?|tmpl|tpl|template)|(?:^|[\\/])[^.\\/]+)$/i;

export const nginxFacts: FactsReader = {
  dialect: 'nginx',
  mayBeConfig: (path) => CANDIDATE.test(path),
  read(path: string, text: string): ConfigFacts | undefined {
    if (!nginxDialect.sniff(path, text)) return undefined;
    const { tree } = parseNginxTree(text);
    let main = MAIN_NAME.test(path);
    for (let d = tree.firstRoot; d !== NONE && !main; d = tree.nextSibling(d)) {
      if (tree.hasBlock(d) && MAIN_BLOCKS.has(tree.name(d))) main = true;
    }
    const includes: string[] = [];
    // Ids run in source order, children after their parent: one pass sees every directive.
    for (let d = 0; d < tree.count; d++) {
      if (!tree.hasBlock(d) && tree.argCount(d) > 0 && tree.name(d) === 'include') includes.push(tree.argValue(d, 0));
    }
    return { dialect: 'nginx', main, includes };
  },
};
