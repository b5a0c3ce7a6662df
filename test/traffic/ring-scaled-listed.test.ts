/**
 * unbalanced-ring says what a member would own with every weight multiplied by 10, which takes a
 * ring of ten times the points. Only the findings that are listed (100 per rule and file) are
 * read, so only their pools' tenfold rings are built (and one for the first finding past the cap,
 * which the engine makes to place the summary that counts the rest), not every reported pool's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { clearTrafficCaches } from '../../server/src/traffic';
import { chashShares, setChashShareSource } from '../../server/src/traffic/nginx/chash';

afterEach(() => setChashShareSource(undefined));

const MEMBERS = 8;
const POOLS = 900;

function addresses(pool: number): string[] {
  return Array.from({ length: MEMBERS }, (_, i) => `10.${pool >> 8}.${pool & 255}.${i + 1}:8080`);
}

describe('tenfold rings of unbalanced-ring', () => {
  it('are built for the listed findings only', () => {
    const upstreams = Array.from({ length: POOLS }, (_, p) => `    upstream u${p} {\n        hash $request_uri consistent;\n${addresses(p).map((a) => `        server ${a};\n`).join('')}    }\n`);
    const text = `http {\n${upstreams.join('')}}\n`;
    // Pools where some member owns more than 1.15 times its fair share of the ring (the rule's default).
    const reported = Array.from({ length: POOLS }, (_, p) => p).filter((p) => {
      const shares = chashShares(addresses(p).map((server, member) => ({ member, server, weight: 1, up: true })));
      return shares.byPeer.some((share) => share > (1.15 + 1e-6) / MEMBERS);
    });
    clearTrafficCaches();
    const tenfold: string[] = [];
    setChashShareSource({
      sharesOf(primary) {
        if (primary.every((peer) => peer.weight === 10)) tenfold.push(primary[0]!.server);
        return undefined;
      },
    });
    const findings = analyzeFile({ path: '/t/unbalanced.conf', text }, noIncludes).findings.filter((f) => f.rule === 'unbalanced-ring');
    const listed = findings.filter((f) => f.count === undefined);
    expect(listed).toHaveLength(100);
    expect(findings.reduce((sum, f) => sum + (f.count ?? 1), 0)).toBeGreaterThan(140);
    expect(listed.every((f) => /With every weight multiplied by 10 \(more ring points\) it would own \d/.test(f.message))).toBe(true);
    const listedPools = new Set(listed.map((f) => /of upstream (u\d+)/.exec(f.message)![1]));
    expect(reported.length).toBeGreaterThan(listedPools.size + 5);
    expect(new Set(tenfold).size).toBe(tenfold.length);
    expect(tenfold.length).toBeGreaterThanOrEqual(listedPools.size);
    expect(tenfold.length).toBeLessThanOrEqual(listedPools.size + 1);
  });
});
