import type { BuildRequirement, DirectiveNote } from '../core/model';
import { defineRule, type OptionValues } from '../core/rule';

/** The build the project runs, from the options (which the project config's `nginx` key sets). */
interface Target {
  readonly version?: readonly number[];
  readonly edition?: 'open-source' | 'plus';
  /** Add-on modules built in or loaded; undefined when the project does not say. */
  readonly modules?: ReadonlySet<string>;
  readonly text: string;
}

type Verdict = 'runs' | 'unknown' | 'fails' | 'module-missing';

const rule = defineRule({
  meta: {
    id: 'unsupported-directive',
    title: 'A directive the targeted nginx build may not have',
    severity: 'info',
    dialects: ['nginx'],
    fixable: 'none',
    options: {
      version: {
        type: 'string',
        default: '',
        description: 'The nginx release the configuration runs on (1.26, 1.27.3); empty when not known. Set by nginx.version in .lb-drift.yaml.',
      },
      edition: {
        type: 'string',
        default: '',
        description: 'open-source or plus (NGINX Plus); empty when not known. Set by nginx.plus in .lb-drift.yaml.',
      },
      modules: {
        type: 'string',
        default: '',
        description:
          'The add-on modules the build has (lua, njs, headers-more, brotli, ...), separated by commas or spaces; none for no add-on; empty when not known. Set by nginx.modules in .lb-drift.yaml.',
      },
    },
    docs: {
      whatItDoes:
        'Reports a directive that only some builds of nginx accept: NGINX Plus directives (`health_check`, `state`, `ntlm`, `queue`, `keyval`, `auth_jwt`, ...), directives newer than the targeted release (`http2` came in 1.25.1, `sticky` in 1.29.6, `least_time` in 1.31.0, `resolver` in an upstream block in 1.27.3), directives a release removed (`ssl` in 1.25.1), and, when the project lists its add-on modules, directives of a module it does not list. Without a target it reports, as info, what no open-source release of today accepts (Plus-only or removed directives); a configuration that uses two or more different Plus-only directives is taken to be written for NGINX Plus, so its Plus directives are not reported. With a target (`nginx: { version, plus, modules }` in `.lb-drift.yaml`) a directive the target cannot run is an error; a missing add-on module stays info.',
      whyItMatters:
        'A configuration written for NGINX Plus, or copied from the documentation of a newer release, makes `nginx -t` fail on the build that actually runs it: nginx refuses to start with "unknown directive". The versions here come from nginx\'s own source history, not from memory.',
      example:
        'events {}\n\nhttp {\n    upstream app {\n        zone app 64k;\n        server 10.0.0.1:8080;\n        server 10.0.0.2:8080;\n    }\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://app;\n            health_check;\n        }\n    }\n}',
      fix: 'Say which build runs the configuration in `.lb-drift.yaml` (`nginx: { version: "1.26", plus: false, modules: [lua] }`), then remove or replace what it cannot run: an open-source equivalent (`max_fails`/`fail_timeout` for `health_check`), a newer release, or the module.',
      references: ['https://nginx.org/en/CHANGES', 'https://nginx.org/en/docs/dirindex.html', 'https://docs.nginx.com/nginx/releases/'],
    },
  },
  check(context) {
    const notes = context.model.directiveNotes ?? [];
    const target = inferEdition(readTarget(context.options), notes);
    // Indexed loops: this runs once per analysis, mostly unoptimised, where `for...of` makes an
    // iterator result per note (tens of thousands in a large config).
    for (let i = 0; i < notes.length; i++) {
      const note = notes[i]!;
      // Most notes name a build the target runs: found without building the verdict list (or a
      // closure per note: this loop reads every note of the file on every edit).
      if (note.builds.length === 0 || someBuildRuns(note.builds, target)) continue;
      const verdicts = note.builds.map((build) => judge(build, target));
      const fails = verdicts.every((v) => v === 'fails' || v === 'module-missing') && verdicts.includes('fails');
      context.report({ message: message(note, target, verdicts, fails), loc: note.loc, severity: fails ? 'error' : 'info' });
    }
  },
});

function readTarget(options: OptionValues): Target {
  const version = typeof options.version === 'string' ? parseVersion(options.version) : undefined;
  const edition = options.edition === 'open-source' || options.edition === 'plus' ? options.edition : undefined;
  const list = typeof options.modules === 'string' ? options.modules.trim() : '';
  const modules = list === '' ? undefined : new Set(list === 'none' ? [] : list.split(/[\s,]+/));
  const text = [edition === 'plus' ? 'NGINX Plus' : edition === 'open-source' ? 'open-source nginx' : 'nginx', version?.join('.')];
  return { ...(version ? { version } : {}), ...(edition ? { edition } : {}), ...(modules ? { modules } : {}), text: text.filter(Boolean).join(' ') };
}

/**
 * Without a stated edition, a configuration that uses several NGINX Plus-only directives is taken
 * to be written for NGINX Plus: one stray `health_check` in an open-source config is a likely
 * mistake worth a note, a file full of `status_zone`, `match` and `api` is a Plus config, and a note
 * on each of its lines would be noise. Stating `nginx.plus` in .lb-drift.yaml always wins.
 */
export const PLUS_EVIDENCE = 2;

function inferEdition(target: Target, notes: readonly DirectiveNote[]): Target {
  if (target.edition) return target;
  const plusOnly = new Set<string>();
  for (let i = 0; i < notes.length; i++) {
    const note = notes[i]!;
    if (note.builds.length > 0 && note.builds.every(commercial)) plusOnly.add(note.name);
  }
  if (plusOnly.size < PLUS_EVIDENCE) return target;
  return { ...target, edition: 'plus', text: `NGINX Plus, inferred from ${[...plusOnly].slice(0, 3).join(', ')}` };
}

const commercial = (build: BuildRequirement): boolean => build.edition === 'commercial';

function parseVersion(text: string): number[] | undefined {
  return /^\d+(\.\d+){0,2}$/.test(text.trim()) ? text.trim().split('.').map(Number) : undefined;
}

function before(version: readonly number[], release: string): boolean {
  const other = release.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((version[i] ?? 0) !== (other[i] ?? 0)) return (version[i] ?? 0) < (other[i] ?? 0);
  return false;
}

function judge(build: BuildRequirement, target: Target): Verdict {
  if (build.addon && target.modules && !target.modules.has(build.addon)) return 'module-missing';
  if (build.edition === 'third-party') return 'runs';
  if (build.edition === 'commercial') return target.edition === 'plus' ? 'runs' : target.edition === 'open-source' ? 'fails' : 'unknown';
  if (!target.version) return build.until ? 'unknown' : 'runs';
  if (build.since && before(target.version, build.since)) return 'fails';
  if (build.until && !before(target.version, build.until)) return 'fails';
  return 'runs';
}

function someBuildRuns(builds: readonly BuildRequirement[], target: Target): boolean {
  for (const build of builds) if (judge(build, target) === 'runs') return true;
  return false;
}

function describe(build: BuildRequirement): string {
  if (build.edition === 'commercial') return 'NGINX Plus';
  if (build.edition === 'third-party') return `the third-party ${build.addon ?? build.module} module`;
  const release = build.since ? `nginx ${build.since} or later` : build.until ? `nginx before ${build.until}` : 'open-source nginx';
  return build.addon ? `${release} with the ${build.addon} module` : release;
}

function message(note: DirectiveNote, target: Target, verdicts: readonly Verdict[], fails: boolean): string {
  const removed = note.builds.length === 1 && note.builds[0]!.until ? note.builds[0]!.until : undefined;
  const needs = removed
    ? `"${note.name}" was removed in nginx ${removed}`
    : `"${note.name}" needs ${[...new Set(note.builds.map(describe))].join(' or ')}`;
  if (fails) return `${needs}; the target (${target.text}) ${removed ? 'is newer' : 'is not one of them'}, so nginx refuses to start with it.`;
  const missing = note.builds.filter((_, i) => verdicts[i] === 'module-missing').map((b) => b.addon);
  if (missing.length > 0 && !verdicts.includes('unknown')) {
    return `${needs}; nginx.modules does not list ${[...new Set(missing)].join(' or ')}, and without it nginx refuses to start.`;
  }
  if (removed) return `${needs}, and newer releases refuse to start with it. Set nginx.version in .lb-drift.yaml to check it against your release.`;
  return `${needs}: open-source nginx refuses to start with it. Set nginx.plus in .lb-drift.yaml to say which build runs this file.`;
}

export default rule;
