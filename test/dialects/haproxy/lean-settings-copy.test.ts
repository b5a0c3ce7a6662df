/**
 * Issue 12: a proxy with an `option` or `timeout` line of its own copies the map it inherits
 * (settings.ts) without the iteration protocol, which made an entry list and a result object per
 * entry for every such proxy; the copy keeps the inherited order, the proxy's own lines after.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';

const DEFAULTS = ['defaults', '  mode http', '  option redispatch', '  option allbackups', '  timeout connect 5s', '  timeout server 30s'];
const backend = (i: number) => [`backend b${i}`, '  option httpchk GET /', '  no option allbackups', '  timeout server 1s', '  timeout queue 2s', `  server a 10.0.0.${i}:80`];

describe('settings a proxy changes', () => {
  it('copy the inherited maps without iterating them', () => {
    const text = [...DEFAULTS, ...Array.from({ length: 10 }, (_, i) => backend(i)).flat(), ''].join('\n');
    // Counted by hand around the lowering: the maps' iterators made while it runs.
    const iterator = Map.prototype[Symbol.iterator];
    const entries = Map.prototype.entries;
    let made = 0;
    Map.prototype[Symbol.iterator] = function (this: Map<unknown, unknown>) {
      made++;
      return iterator.call(this);
    };
    Map.prototype.entries = function (this: Map<unknown, unknown>) {
      made++;
      return entries.call(this);
    };
    let pools;
    try {
      pools = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools;
    } finally {
      Map.prototype[Symbol.iterator] = iterator;
      Map.prototype.entries = entries;
    }
    expect(Object.keys(pools[4]!.facts)).toEqual(['mode', 'timeout connect', 'timeout server', 'timeout queue', 'option redispatch', 'option httpchk']);
    expect(pools[4]!.facts['timeout server']!.value).toBe('1s');
    // Each backend's own timeouts are read into its facts through one iterator (10); before, each
    // also copied its two inherited maps through theirs (32 in all).
    expect(made).toBeLessThanOrEqual(10);
  });
});
