/**
 * Issue 12 on HAProxy: weight-skew reads a roundrobin, static-rr or map-based hashing backend's
 * shares from its weights, as predictHaproxyShares divides them, instead of predicting every
 * weighted backend's shares; a backend whose use-server rule pins every request is still predicted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { RULES } from '../../server/src/rules';
import { predictHaproxyShares } from '../../server/src/traffic/haproxy/shares';

vi.mock('../../server/src/traffic/haproxy/shares', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/traffic/haproxy/shares')>();
  return { ...actual, predictHaproxyShares: vi.fn(actual.predictHaproxyShares) };
});

const ROOT = '/etc/haproxy/haproxy.cfg';
const HEAD = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend www\n    bind :80\n    default_backend be\n\n';

/** Only weight-skew runs: hash-not-consistent predicts the shares of the hashing backends it lists. */
const ONLY_SKEW = { rules: Object.fromEntries(RULES.filter((r) => r.meta.id !== 'weight-skew').map((r) => [r.meta.id, { severity: 'off' as const }])) };

function skewFindings(backend: string) {
  const report = analyzeFile({ path: ROOT, text: `${HEAD}backend be\n${backend}` }, noIncludes, { dialect: 'haproxy', config: ONLY_SKEW });
  return report.findings.filter((f) => f.rule === 'weight-skew').map((f) => f.message);
}

describe('weight-skew on HAProxy', () => {
  afterEach(() => vi.mocked(predictHaproxyShares).mockClear());

  it('reads the shares of roundrobin and static-rr backends from their weights', () => {
    for (const balance of ['roundrobin', 'static-rr']) {
      const found = skewFindings(`    balance ${balance}\n    server a 10.0.0.1:80 check weight 6\n    server b 10.0.0.2:80 check weight 2\n    server c 10.0.0.3:80 check weight 0\n    server d 10.0.0.4:80 check weight 2\n`);
      expect(found).toEqual([
        '10.0.0.1:80 gets 60% of requests in be (weight 6 of 10), 3 times the 20% the other 2 get on average; an even split gives each 33%. Equalise the weights if the members are interchangeable.',
      ]);
    }
    expect(predictHaproxyShares).not.toHaveBeenCalled();
  });

  it('reads the shares of map-based hashing backends from their weights', () => {
    for (const balance of ['source', 'uri', 'hdr(x-user)', 'url_param id']) {
      const found = skewFindings(`    balance ${balance}\n    server a 10.0.0.1:80 check weight 6\n    server b 10.0.0.2:80 check weight 2\n    server c 10.0.0.3:80 check weight 0\n    server d 10.0.0.4:80 check weight 2\n`);
      const unit = balance === 'source' ? 'client networks' : 'keys';
      expect(found).toEqual([
        `10.0.0.1:80 gets 60% of ${unit} in be (weight 6 of 10), 3 times the 20% the other 2 get on average; an even split gives each 33%. Equalise the weights if the members are interchangeable.`,
      ]);
    }
    expect(predictHaproxyShares).not.toHaveBeenCalled();
  });

  it('predicts for map-based tables exactly the weight over the total, whatever divides the weights', () => {
    // The claim weight-skew relies on: a server's table slots over the table's size is the same
    // double as its weight over the active total, with backups, disabled and drained servers about.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    for (let round = 0; round < 200; round++) {
      const servers = Array.from({ length: 2 + next(7) }, (_, i) => {
        const weight = next(4) === 0 ? 6 * (1 + next(40)) : next(257);
        const extra = next(8) === 0 ? ' backup' : next(8) === 0 ? ' disabled' : '';
        return `    server s${i} 10.0.${round}.${i}:80 weight ${weight}${extra}\n`;
      });
      const text = `${HEAD}backend be\n    balance uri\n${servers.join('')}`;
      const pool = analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'haproxy' }).model!.pools[0]!;
      const active = pool.members.filter((m) => m.role === 'primary' && m.state === 'up' && m.weight > 0);
      if (active.length < 2) continue;
      const total = active.reduce((sum, m) => sum + m.weight, 0);
      const predicted = predictHaproxyShares(pool).members;
      pool.members.forEach((m, i) => {
        if (active.includes(m)) expect(predicted[i]!.share).toBe(m.weight / total);
      });
    }
  });

  it('predicts a backend whose use-server rule sends every request to one server', () => {
    // Every request goes to b: a's weight gives it nothing, so nothing is skewed.
    const found = skewFindings('    balance roundrobin\n    use-server b if TRUE\n    server a 10.0.0.1:80 check weight 9\n    server b 10.0.0.2:80 check\n');
    expect(found).toEqual([]);
    expect(predictHaproxyShares).toHaveBeenCalled();
  });
});
