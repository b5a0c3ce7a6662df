/**
 * The folder VS Code opens: a git repository whose configs are balanced at the stable tag and
 * skewed by a later commit, so the editor shows both rule findings and drift from stable.
 */
import { gitRepo, type GitRepo } from '../helpers/git-repo';
import { STABLE_TAG, type DialectCase, type ManifestCase } from './dialects';

/** Builds the repository in `dir` (a new folder; the caller removes it). */
export function buildWorkspace(dir: string, cases: readonly DialectCase[], manifests: readonly ManifestCase[] = []): GitRepo {
  const files = (pick: (entry: DialectCase) => string) => Object.fromEntries(cases.map((entry) => [entry.file, pick(entry)]));
  const unchanged = Object.fromEntries(
    cases.flatMap((entry) => [
      [entry.duplicate.file, entry.duplicate.text],
      [entry.sniffed.file, entry.sniffed.text],
      ...(entry.configuration ? [[entry.configuration.main, entry.configuration.mainText]] : []),
    ]),
  );
  // Manifests and the ordinary YAML file beside them stay as they were at the stable tag.
  for (const manifest of manifests) Object.assign(unchanged, { [manifest.file]: manifest.text, [manifest.quiet.file]: manifest.quiet.text });
  const fragments = (pick: (configuration: NonNullable<DialectCase['configuration']>) => string) =>
    Object.fromEntries(cases.flatMap((entry) => (entry.configuration ? [[entry.configuration.fragment, pick(entry.configuration)]] : [])));
  const stable = { ...files((entry) => entry.stableText), ...fragments((configuration) => configuration.fragmentStable), ...unchanged };
  const repo = gitRepo(stable, { dir, date: '2026-11-20T10:00:00Z' });
  repo.tag(STABLE_TAG, { message: 'balanced: every member gets a third', date: '2026-11-20T10:15:00Z' });
  repo.commit('send more traffic to the first member', { ...files((entry) => entry.skewedText), ...fragments((configuration) => configuration.fragmentSkewed) });
  return repo;
}
