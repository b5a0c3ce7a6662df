/**
 * Issue 12: inverted-weights and nginx's hash-not-consistent decide in the check and make their
 * words (message, related locations, fixes) only when a finding is listed: the cap lists 100 per
 * rule and file, and a generated file has thousands of `random two` or `hash` upstreams.
 * hash-not-consistent counts the primaries in place and makes their list and its fix with the words;
 * inverted-weights walks the active members in place, without a list or a closure per pool.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import hashNotConsistent from '../../server/src/rules/hash-not-consistent';
import invertedWeights from '../../server/src/rules/inverted-weights';
import type { Rule } from '../../server/src/core/rule';
import { predictShares } from '../../server/src/traffic';

const TEXT = [
  'events {}',
  'http {',
  '    upstream two {\n        random two;\n        server 10.0.0.1:80 weight=5;\n        server 10.0.0.2:80;\n        server 10.0.0.3:80;\n    }',
  '    upstream keyed {\n        hash $request_uri;\n        server 10.0.1.1:80;\n        server 10.0.1.2:80 weight=2;\n        server 10.0.1.3:80 backup;\n    }',
  '    server { location /a { proxy_pass http://two; } location /b { proxy_pass http://keyed; } }',
  '}',
  '',
].join('\n');

/** The rule's reports on every pool; `watch` is called once the model and its shares are made, before the checks. */
function reports(rule: Rule, watch = (): void => {}): Report[] {
  const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
  // Predicted before the watch starts: what the prediction does is not the rule's.
  const predicted = new Map(model.pools.map((pool) => [pool, predictShares(pool)]));
  watch();
  const found: Report[] = [];
  for (const pool of model.pools) rule.check({ model: { ...model, pools: [pool] }, problems: [], options: {}, sources: new Map(), shares: (pool) => predicted.get(pool) ?? predictShares(pool), report: (r) => found.push(r) });
  return found;
}

describe('words made when listed (issue 12)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('inverted-weights reports without making its message or a list of members', () => {
    let lists = 0;
    const [report, ...rest] = reports(invertedWeights, () => {
      const { filter, reduce } = Array.prototype;
      vi.spyOn(Array.prototype, 'filter').mockImplementation(function (this: unknown[], ...args: Parameters<typeof filter>) {
        lists++;
        return filter.apply(this, args);
      });
      vi.spyOn(Array.prototype, 'reduce').mockImplementation(function (this: unknown[], ...args: Parameters<typeof reduce>) {
        lists++;
        return reduce.apply(this, args as never) as never;
      });
    });
    vi.restoreAllMocks();
    expect(rest).toEqual([]);
    expect(lists).toBe(0);
    // A deferred report reads its words through the prototype; a written-out one has them as fields.
    expect(Object.getOwnPropertyDescriptor(report!, 'message')).toBeUndefined();
    expect(report!.message).toMatch(/^random two inverts the weights of upstream two at low load: 10\.0\.0\.1:80 has weight 5 of 7 \(71%\) but gets 2\d% of requests/);
    expect(report!.related?.map((r) => TEXT.slice(r.loc.start, r.loc.end))).toEqual(['weight=5', 'server 10.0.0.2:80;']);
  });

  it('hash-not-consistent makes no list and no fix before its words are read', () => {
    let filters = 0;
    const [report, ...rest] = reports(hashNotConsistent, () => {
      const builtIn = Array.prototype.filter;
      vi.spyOn(Array.prototype, 'filter').mockImplementation(function (this: unknown[], ...args: Parameters<typeof builtIn>) {
        filters++;
        return builtIn.apply(this, args);
      });
    });
    vi.restoreAllMocks();
    expect(rest).toEqual([]);
    expect(filters).toBe(0);
    expect(report!.message).toContain('removing 10.0.1.2:80, the last of 2 members');
    expect(report!.fixes).toEqual([
      {
        title: 'Add consistent to the hash of keyed (remaps keys once)',
        safety: 'unsafe',
        intents: [{ kind: 'edit', edits: [{ loc: { file: '/lean/nginx.conf', start: TEXT.indexOf('$request_uri') + '$request_uri'.length, end: TEXT.indexOf('$request_uri') + '$request_uri'.length }, newText: ' consistent' }] }],
      },
    ]);
  });
});
