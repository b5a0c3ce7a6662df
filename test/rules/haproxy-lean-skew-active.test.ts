/**
 * Issue 12 on HAProxy: weight-skew reads the shares of leastconn backends (one in n at low load)
 * and `first` backends (everything to the active server with the lowest id) from their active
 * servers, as it reads roundrobin's from the weights, instead of predicting them. The findings
 * must be the ones the prediction gives: random backends (explicit ids, backups, disabled and
 * drained servers, weights inherited from a defaults section, use-server rules) are checked with
 * the shortcut and with it switched off, which sends every backend through the prediction.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { RULES } from '../../server/src/rules';
import { haproxyActiveShares, predictHaproxyShares } from '../../server/src/traffic/haproxy/shares';

vi.mock('../../server/src/traffic/haproxy/shares', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/traffic/haproxy/shares')>();
  return { ...actual, predictHaproxyShares: vi.fn(actual.predictHaproxyShares), haproxyActiveShares: vi.fn(actual.haproxyActiveShares) };
});

/** The shortcut as written, which the mock calls unless a test switches it off. */
const { haproxyActiveShares: actualActiveShares } = await vi.importActual<typeof import('../../server/src/traffic/haproxy/shares')>('../../server/src/traffic/haproxy/shares');

const ROOT = '/etc/haproxy/haproxy.cfg';
const TIMEOUTS = '    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n';
const HEAD = `defaults\n${TIMEOUTS}\nfrontend www\n    bind :80\n    default_backend be\n\n`;

/** Only weight-skew runs, so no other rule asks for a prediction. */
const ONLY_SKEW = { rules: Object.fromEntries(RULES.filter((r) => r.meta.id !== 'weight-skew').map((r) => [r.meta.id, { severity: 'off' as const }])) };

function skew(text: string) {
  return analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'haproxy', config: ONLY_SKEW }).findings;
}

function messages(backend: string): string[] {
  return skew(`${HEAD}backend be\n${backend}`).map((f) => f.message);
}

describe('weight-skew on HAProxy leastconn and first backends', () => {
  afterEach(() => {
    vi.mocked(predictHaproxyShares).mockClear();
    vi.mocked(haproxyActiveShares).mockReset();
    vi.mocked(haproxyActiveShares).mockImplementation((pool) => actualActiveShares(pool));
  });

  it('reports nothing on leastconn, which takes idle servers in turn, without predicting', () => {
    expect(messages('    balance leastconn\n    server a 10.0.0.1:80 weight 9\n    server b 10.0.0.2:80\n    server c 10.0.0.3:80\n')).toEqual([]);
    expect(predictHaproxyShares).not.toHaveBeenCalled();
  });

  it('reports the heavy server of a first backend only when it has the lowest id, without predicting', () => {
    expect(messages('    balance first\n    server a 10.0.0.1:80 weight 9\n    server b 10.0.0.2:80\n    server c 10.0.0.3:80\n')).toEqual([
      '10.0.0.1:80 gets 100% of requests in be (weight 9 of 11), all of it, against the 0% the other 2 get on average; an even split gives each 33%. Equalise the weights if the members are interchangeable.',
    ]);
    // b has the lowest id: it takes everything, and a, the heavy one, nothing.
    expect(messages('    balance first\n    server a 10.0.0.1:80 weight 9 id 5\n    server b 10.0.0.2:80 id 2\n    server c 10.0.0.3:80 id 3\n')).toEqual([]);
    expect(predictHaproxyShares).not.toHaveBeenCalled();
  });

  it('gives the findings the prediction gives, on random backends', () => {
    // mulberry32: an LCG's low bits repeat too soon for `% 8` choices.
    let seed = 11;
    const next = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const balances = ['leastconn', 'first', 'roundrobin', 'static-rr', 'source', 'uri', 'random'];
    let compared = 0;
    let reported = 0;
    for (let round = 0; round < 300; round++) {
      const ids = Array.from({ length: 12 }, (_, i) => i + 1).sort(() => next(3) - 1);
      const servers = Array.from({ length: 2 + next(6) }, (_, i) => {
        const weight = next(3) === 0 ? '' : ` weight ${next(4) === 0 ? 0 : 1 + next(12)}`;
        const id = next(3) === 0 ? ` id ${ids[i]}` : '';
        const extra = next(8) === 0 ? ' backup' : next(8) === 0 ? ' disabled' : '';
        return `    server s${i} 10.0.${round}.${i}:80${weight}${id}${extra}\n`;
      });
      const pinned = next(10) === 0 ? '    use-server s1 if TRUE\n' : '';
      const inherited = next(4) === 0 ? `    default-server weight ${1 + next(9)}\n` : '';
      const text = `defaults\n${TIMEOUTS}${inherited}\nfrontend www\n    bind :80\n    default_backend be\n\nbackend be\n    balance ${balances[next(balances.length)]}\n${pinned}${servers.join('')}`;
      const shortcut = JSON.stringify(skew(text));
      vi.mocked(haproxyActiveShares).mockReturnValue(undefined);
      const predicted = JSON.stringify(skew(text));
      vi.mocked(haproxyActiveShares).mockImplementation((pool) => actualActiveShares(pool));
      expect(shortcut, text).toBe(predicted);
      compared++;
      if (shortcut !== '[]') reported++;
    }
    // The random backends are not all quiet: the comparison covers reports too.
    expect(compared).toBe(300);
    expect(reported).toBeGreaterThan(30);
  });
});
