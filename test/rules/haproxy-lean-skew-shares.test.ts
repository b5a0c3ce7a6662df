/**
 * Issue 12 on HAProxy: weight-skew reads a roundrobin or static-rr backend's shares from its
 * weights, as predictHaproxyShares divides them, instead of predicting every weighted backend's
 * shares; a backend whose use-server rule pins every request is still predicted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { predictHaproxyShares } from '../../server/src/traffic/haproxy/shares';

vi.mock('../../server/src/traffic/haproxy/shares', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/traffic/haproxy/shares')>();
  return { ...actual, predictHaproxyShares: vi.fn(actual.predictHaproxyShares) };
});

const ROOT = '/etc/haproxy/haproxy.cfg';
const HEAD = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend www\n    bind :80\n    default_backend be\n\n';

function skewFindings(backend: string) {
  const report = analyzeFile({ path: ROOT, text: `${HEAD}backend be\n${backend}` }, noIncludes, { dialect: 'haproxy' });
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

  it('predicts a backend whose use-server rule sends every request to one server', () => {
    // Every request goes to b: a's weight gives it nothing, so nothing is skewed.
    const found = skewFindings('    balance roundrobin\n    use-server b if TRUE\n    server a 10.0.0.1:80 check weight 9\n    server b 10.0.0.2:80 check\n');
    expect(found).toEqual([]);
    expect(predictHaproxyShares).toHaveBeenCalled();
  });
});
