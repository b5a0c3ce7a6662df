/**
 * The public HAProxy corpus (../shared/corpus/haproxy): every `.cfg`, and the configuration
 * embedded in every reg-test (`haproxy h1 -conf { ... }`), is analysed without a throw and with
 * spans inside the text. HAProxy's own balance reg-tests carry the server each request must
 * reach (`txreq -url` then `expect resp.http.Server ~ sN`); lb-drift's router must agree.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { createRouter } from '../../../server/src/traffic';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../../helpers/corpus';

const available = corpusAvailable();

/** The text of a reg-test's `-conf { ... }` block. */
function embeddedConfig(vtc: string): string | undefined {
  const match = /-conf \{\n([\s\S]*?)\n\}/.exec(vtc);
  return match?.[1];
}

/** `[url, server number]` pairs of a reg-test's clients, in order. */
function expectations(vtc: string): [string, number][] {
  const pairs: [string, number][] = [];
  const pattern = /txreq -url "([^"]+)"[\s\S]*?expect resp\.http\.Server ~ s(\d+)/g;
  for (let m = pattern.exec(vtc); m; m = pattern.exec(vtc)) pairs.push([m[1]!, Number(m[2])]);
  return pairs;
}

describe.skipIf(!available)('HAProxy corpus', () => {
  const files = available ? corpusFiles('haproxy') : [];

  it('analyses every configuration without a throw, with spans inside the text', () => {
    let analysed = 0;
    for (const path of files) {
      const raw = readFileSync(path, 'utf8');
      const text = path.endsWith('.vtc') ? embeddedConfig(raw) : path.endsWith('.cfg') ? raw : undefined;
      if (text === undefined) continue;
      const analysis = analyzeHaproxy({ path, text }, noIncludes);
      for (const pool of analysis.model.pools) {
        for (const member of pool.members) {
          expect(member.loc.end, relative(CORPUS_DIR, path)).toBeLessThanOrEqual(text.length);
          expect(text.slice(member.addressLoc.start, member.addressLoc.end)).toContain(member.address.slice(0, 2));
        }
      }
      analysed++;
    }
    expect(analysed).toBeGreaterThanOrEqual(16);
  });

  it("routes HAProxy's balance reg-tests to the servers they expect", () => {
    let checked = 0;
    for (const path of files.filter((f) => /balance-(rr|uri[^/]*)\.vtc$/.test(f))) {
      const vtc = readFileSync(path, 'utf8');
      const text = embeddedConfig(vtc)!;
      const pool = analyzeHaproxy({ path, text }, noIncludes).model.pools[0]!;
      const created = createRouter(pool);
      if (!created.ok) throw new Error(created.reason);
      for (const [uri, server] of expectations(vtc)) {
        const routed = created.router.route({ uri });
        expect(routed.ok && pool.members[routed.member]!.name, `${relative(CORPUS_DIR, path)} ${uri}`).toBe(`srv${server}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});
