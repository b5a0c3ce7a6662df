/**
 * The workspace view alone (pure): main configs, closures through include globs resolved by an
 * injected resolver, includers of a fragment (main configs first, capped), and changes.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CONTEXTS, readFacts, WorkspaceView, type IncludeResolver } from '../../server/src/workspace';

/** Resolves `conf.d/*.conf`-style patterns against a fixed file list, relative to the root's folder. */
function resolverOver(files: () => readonly string[]): IncludeResolver {
  return (pattern, _from, root) => {
    const base = root.slice(0, root.lastIndexOf('/') + 1);
    const re = new RegExp(`^${(base + pattern).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return files().filter((f) => re.test(f)).sort();
  };
}

describe('workspace facts (nginx)', () => {
  it('a main config has events or http at top level, or is named nginx.conf', () => {
    expect(readFacts('/w/a.conf', 'events {}\nhttp { include conf.d/*.conf; }\n')).toEqual({ dialect: 'nginx', main: true, includes: ['conf.d/*.conf'] });
    expect(readFacts('/w/nginx.conf', 'include x.conf;\n')?.main).toBe(true);
    expect(readFacts('/w/conf.d/a.conf', 'server { listen 80; location / { include snippets/p.conf; } }\n')).toEqual({
      dialect: 'nginx',
      main: false,
      includes: ['snippets/p.conf'],
    });
  });

  it('a file no dialect reads has no facts', () => {
    expect(readFacts('/w/README.md', '# hello\n')).toBeUndefined();
    expect(readFacts('/w/notes.conf', 'just words\n')).toBeUndefined();
  });
});

describe('WorkspaceView', () => {
  const files = ['/w/nginx.conf', '/w/conf.d/a.conf', '/w/conf.d/b.conf', '/w/snippets/p.conf', '/w/orphan.conf'];
  const view = new WorkspaceView(resolverOver(() => files));
  view.set('/w/nginx.conf', { dialect: 'nginx', main: true, includes: ['conf.d/*.conf'] });
  view.set('/w/conf.d/a.conf', { dialect: 'nginx', main: false, includes: ['snippets/p.conf'] });
  view.set('/w/conf.d/b.conf', { dialect: 'nginx', main: false, includes: [] });
  view.set('/w/snippets/p.conf', { dialect: 'nginx', main: false, includes: [] });
  view.set('/w/orphan.conf', { dialect: 'nginx', main: false, includes: [] });

  it('follows include globs from the main config, through fragments', () => {
    expect([...view.closure('/w/nginx.conf')].sort()).toEqual(['/w/conf.d/a.conf', '/w/conf.d/b.conf', '/w/nginx.conf', '/w/snippets/p.conf']);
    // snippets/p.conf resolves from the root's folder: from nginx.conf it is /w/snippets/p.conf.
    expect(view.includersOf('/w/conf.d/b.conf')).toEqual(['/w/nginx.conf']);
    expect(view.includersOf('/w/orphan.conf')).toEqual([]);
    expect(view.mainConfigs()).toEqual(['/w/nginx.conf']);
  });

  it('lists main configs first, then other includers', () => {
    files.push('/w/conf.d/snippets/p.conf');
    view.resolutionChanged();
    // From a.conf as root, snippets/p.conf is /w/conf.d/snippets/p.conf.
    expect(view.includersOf('/w/conf.d/snippets/p.conf')).toEqual(['/w/conf.d/a.conf']);
    expect(view.includersOf('/w/snippets/p.conf')).toEqual(['/w/nginx.conf']);
    files.pop();
    view.resolutionChanged();
  });

  it('same facts change nothing; new facts, deletions and folder deletions do', () => {
    const before = view.version;
    expect(view.set('/w/conf.d/b.conf', { dialect: 'nginx', main: false, includes: [] })).toBe(false);
    expect(view.version).toBe(before);
    expect(view.set('/w/nginx.conf', { dialect: 'nginx', main: true, includes: [] })).toBe(true);
    expect(view.includersOf('/w/conf.d/b.conf')).toEqual([]);
    expect(view.deleteUnder('/w/conf.d')).toBe(true);
    expect(view.facts('/w/conf.d/a.conf')).toBeUndefined();
    expect(view.delete('/w/nginx.conf')).toBe(true);
    expect(view.mainConfigs()).toEqual([]);
  });

  it('caps the contexts of one fragment', () => {
    const many = Array.from({ length: MAX_CONTEXTS + 3 }, (_, i) => `/m/${i}/nginx.conf`);
    const capped = new WorkspaceView(() => ['/m/shared.conf']);
    for (const root of many) capped.set(root, { dialect: 'nginx', main: true, includes: ['../shared.conf'] });
    expect(capped.includersOf('/m/shared.conf')).toHaveLength(MAX_CONTEXTS);
  });
});
