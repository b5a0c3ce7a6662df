/**
 * The ring helper finds the consistent-hash upstreams in the file's bytes and decodes only those
 * blocks (cli/ring-lists.ts, `consistentBlocksOfBytes`), so it never holds a string of the whole
 * file: the same blocks as `consistentBlocks` on the decoded text, which the helper read before.
 */
import { describe, expect, it } from 'vitest';
import { ringHeavyNginx, syntheticNginx, typicalNginx } from '../../bench/generate';
import { consistentBlocks, consistentBlocksOfBytes } from '../../server/src/cli/ring-lists';

const sameBlocks = (text: string, bytes = Buffer.from(text, 'utf8')) => expect(consistentBlocksOfBytes(bytes)).toEqual(consistentBlocks(bytes.toString('utf8').replace(/^\uFEFF/, '')));

describe('consistent-hash upstreams found in bytes', () => {
  it('finds the blocks of generated configurations', () => {
    for (const text of [ringHeavyNginx(300_000, 3), ringHeavyNginx(300_000, 12), syntheticNginx(300_000)]) {
      expect(consistentBlocks(text).length).toBeGreaterThan(20);
      sameBlocks(text);
    }
    // Pools of other methods only.
    sameBlocks(typicalNginx(200_000));
  });

  it('matches the text reading at its edges', () => {
    const ring = '{ hash $uri consistent; server 10.0.0.1:80; server 10.0.0.2:80; }';
    const cases = [
      `upstream a ${ring}`,
      `\uFEFFupstream bom ${ring}`,
      `http{upstream tight${ring}}`,
      `http {\n\tupstream\ttabs\t\n${ring}\n}`,
      `xupstream glued ${ring} upstream_x ${ring} upstream two names ${ring} upstream ${ring} upstream ok;${ring}`,
      `upstream first { server 10.0.0.1:80; } upstream later ${ring}`,
      `upstream consistent_name { server a:1; } # consistent\nupstream z { server b:1; }`,
      `upstream café { hash $uri consistent; server hôte.example:81; server 10.0.0.2:80; }`,
      `upstream open { hash $uri consistent; server 10.0.0.1:80;`,
      'no upstreams here at all, consistent or not',
    ];
    for (const text of cases) sameBlocks(text);
    expect(consistentBlocksOfBytes(Buffer.from(cases[1]!))).toHaveLength(1);
    expect(consistentBlocksOfBytes(Buffer.from(cases[7]!))[0]).toContain('hôte.example:81');
  });
});
