/**
 * `uriToPath` remembers the paths of the URIs asked last in the project's least-recently-used
 * cache (traffic/lru.ts): the same answers as parsing each URI, and a URI asked again and again
 * stays remembered while many others pass through (a Map cleared when full forgot it).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const parsed = vi.hoisted(() => ({ uris: [] as string[] }));
vi.mock('node:url', async (original) => {
  const url = await original<typeof import('node:url')>();
  return {
    ...url,
    fileURLToPath: (uri: string) => {
      parsed.uris.push(uri);
      return url.fileURLToPath(uri);
    },
  };
});

const { uriToPath } = await import('../../server/src/lsp/uris');

function parsedOrUndefined(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

describe('uriToPath', () => {
  it('answers as parsing the URI does, asked once or again', () => {
    const uris = ['file:///etc/nginx/nginx.conf', 'file:///srv/my%20site/haproxy.cfg', 'file:///a/%C3%BC.conf', 'file://elsewhere/share/x.conf', 'untitled:Untitled-1', 'git:/etc/nginx/nginx.conf'];
    for (let round = 0; round < 2; round++) {
      for (const uri of uris) expect(uriToPath(uri)).toBe(uri.startsWith('file:') ? parsedOrUndefined(uri) : undefined);
    }
  });

  it('keeps the URI asked most recently while 600 others pass through', () => {
    const open = 'file:///etc/nginx/open-document.conf';
    parsed.uris.length = 0;
    for (let i = 0; i < 600; i++) {
      expect(uriToPath(open)).toBe('/etc/nginx/open-document.conf');
      expect(uriToPath(`file:///etc/nginx/conf.d/site-${i}.conf`)).toBe(`/etc/nginx/conf.d/site-${i}.conf`);
    }
    expect(parsed.uris.filter((uri) => uri === open)).toHaveLength(1);
    // A URI that is no path is remembered as well.
    const bad = 'file://elsewhere/share/y.conf';
    uriToPath(bad);
    uriToPath(bad);
    expect(parsed.uris.filter((uri) => uri === bad)).toHaveLength(1);
  });
});
