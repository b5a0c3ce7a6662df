import type { Fix } from '../core/fix';
import type { DirectiveNote } from '../core/model';
import { defineRule } from '../core/rule';

/** The HAProxy version lb-drift assumes when the project does not name one. */
const DEFAULT_VERSION = '2.6';
/** Renames that change behaviour (processes become threads), offered as unsafe. */
const UNSAFE_RENAMES = new Set(['nbproc']);

const rule = defineRule({
  meta: {
    id: 'removed-keyword',
    title: 'A keyword the targeted HAProxy version no longer or not yet accepts',
    severity: 'error',
    dialects: ['haproxy'],
    fixable: 'safe',
    // HAProxy refuses to start with it: a configuration that does not load is never "no issues".
    essential: true,
    options: {
      version: {
        type: 'string',
        default: DEFAULT_VERSION,
        description: 'The HAProxy release the configuration runs on (2.4, 2.8, 3.0). Set by haproxy.version in .lb-drift.yaml.',
      },
    },
    docs: {
      whatItDoes:
        'Reports a keyword, `option`, `balance` algorithm or hash function that the targeted HAProxy release refuses: removed ones (`contimeout`, `srvtimeout`, `redispatch`, `reqadd`, `rspadd`, `block`, `nbproc`, `option forceclose`, ...), with what replaces them, and ones newer than the target (`balance hash` came in 2.6, `hash-type ... none` in 2.8). The target is `haproxy: { version }` in `.lb-drift.yaml`, 2.6 when not set. Where a rename is the whole fix (`contimeout` -> `timeout connect`), the quick fix does it; `nbproc` -> `nbthread` is offered as unsafe, since threads are not processes.',
      whyItMatters:
        'HAProxy refuses to start with a removed keyword ("the \'contimeout\' directive is not supported anymore since HAProxy 2.1"), and a reload keeps the old configuration: configurations copied from old answers and blog posts carry them for years. A keyword newer than the release that runs the file fails the same way.',
      example: 'defaults\n    mode http\n    contimeout 5s\n    timeout client 30s\n    timeout server 30s\n\nlisten app\n    bind :80\n    server web1 10.0.0.1:80 check\n    server web2 10.0.0.2:80 check',
      fix: 'Write the replacement the message names (the quick fix renames where that is the whole change), or set `haproxy.version` in `.lb-drift.yaml` to the release you run.',
      references: ['https://docs.haproxy.org/2.6/configuration.html', 'https://github.com/haproxy/haproxy/blob/master/CHANGELOG'],
    },
  },
  check(context) {
    const target = typeof context.options.version === 'string' && /^\d+(\.\d+)*$/.test(context.options.version.trim()) ? context.options.version.trim() : DEFAULT_VERSION;
    const versus = comparisonsWith(target);
    for (const note of context.model.directiveNotes ?? []) {
      const build = note.builds[0];
      if (!build) continue;
      if (build.until && versus(build.until) >= 0) {
        context.report({
          message: `"${note.name}" was removed in HAProxy ${build.until}: use ${note.replacement ?? 'its replacement'} instead. The target version is ${target}, so HAProxy refuses to start.`,
          loc: note.loc,
          fixes: renameFix(note),
        });
      } else if (build.since && versus(build.since) < 0) {
        context.report({
          message: `${/^(balance|hash function) /.test(note.name) ? note.name : `"${note.name}"`} needs HAProxy ${build.since} or newer, and the target version is ${target}: HAProxy ${target} refuses to start. Set haproxy.version in .lb-drift.yaml if you run a newer HAProxy.`,
          loc: note.loc,
        });
      }
    }
  },
});

function renameFix(note: DirectiveNote): Fix[] {
  if (!note.suggestion) return [];
  // A removed option keeps its `option` word: only the name after it changes.
  const option = note.name.startsWith('option ');
  const loc = option ? { ...note.loc, start: note.loc.end - (note.name.length - 'option '.length) } : note.loc;
  const newText = option ? note.suggestion.replace(/^option /, '') : note.suggestion;
  return [{ title: `Rename ${note.name} to ${note.suggestion}`, safety: UNSAFE_RENAMES.has(note.name) ? 'unsafe' : 'safe', intents: [{ kind: 'edit', edits: [{ loc, newText }] }] }];
}

/** Compares dotted versions numerically: 2.10 is after 2.9. */
function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * The target compared with each version of the keyword table, remembered for the last target: the
 * rule runs on every analysis (a keystroke in a large file) over every note (a thousand in a
 * 1 MB file), and the notes name a few dozen versions.
 */
let lastComparisons: { readonly target: string; readonly results: Map<string, number> } | undefined;

function comparisonsWith(target: string): (version: string) => number {
  if (lastComparisons?.target !== target) lastComparisons = { target, results: new Map() };
  const { results } = lastComparisons;
  return (version) => {
    let result = results.get(version);
    if (result === undefined) {
      result = compareVersions(target, version);
      results.set(version, result);
    }
    return result;
  };
}

function versionParts(version: string): readonly number[] {
  return version.split('.').map(Number);
}

export default rule;
