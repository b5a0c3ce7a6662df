/**
 * The public Kubernetes manifests in ../shared/corpus: Gateway API's examples and conformance
 * manifests, and traefik's k8s integration fixtures. Every file the sniff accepts is analysed
 * without a throw, without a syntax error (they are all valid YAML that `kubectl apply` reads),
 * with every span inside its text, and with split shares that add up to 1.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { kubernetesDialect } from '../../../server/src/dialects/kubernetes';
import { predictShares } from '../../../server/src/traffic';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../../helpers/corpus';

const available = corpusAvailable();

describe.skipIf(!available)('Kubernetes corpus', () => {
  const files = available ? [...corpusFiles('gateway-api'), ...corpusFiles('traefik').filter((p) => /[\\/]k8s[\\/]/.test(p))].filter((p) => /\.(?:ya?ml|json)$/.test(p)) : [];

  it('analyses every manifest without a throw or a syntax error, spans inside the text, split shares summing to 1', () => {
    let analysed = 0;
    let pools = 0;
    const syntax: string[] = [];
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      if (!kubernetesDialect.sniff(path, text)) continue;
      analysed++;
      const analysis = kubernetesDialect.analyze({ path, text }, noIncludes);
      for (const p of analysis.problems) if (p.kind === 'syntax') syntax.push(`${relative(CORPUS_DIR, path)}: ${p.message}`);
      for (const pool of analysis.model.pools) {
        pools++;
        for (const loc of [pool.loc, pool.nameLoc, ...pool.members.flatMap((m) => [m.loc, m.addressLoc])]) {
          expect(loc.start).toBeGreaterThanOrEqual(0);
          expect(loc.end).toBeLessThanOrEqual(text.length);
        }
        if (pool.kind !== 'split') continue;
        const total = predictShares(pool).members.reduce((sum, m) => sum + m.share, 0);
        if (pool.members.some((m) => m.weight > 0)) expect(total, `${relative(CORPUS_DIR, path)} ${pool.name}`).toBeCloseTo(1, 9);
      }
    }
    expect(syntax).toEqual([]);
    expect(analysed).toBeGreaterThan(20);
    expect(pools).toBeGreaterThan(20);
  });
});
