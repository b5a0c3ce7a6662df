/**
 * Issue 12: time-sliced-split reads each hash key's variables once per key text, not once per pool:
 * a generated file's thousands of hash upstreams share a handful of keys, and reading a key made
 * two lists and a lower-cased string per variable. The findings are those of reading every key.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import timeSlicedSplit from '../../server/src/rules/time-sliced-split';
import { predictShares } from '../../server/src/traffic';

const KEYS = ['$request_uri', '$remote_addr$Lean_Key', '$msec', '$request_uri', '$remote_addr$Lean_Key', '$msec', '$pid$connection'];

const TEXT =
  'events {}\nhttp {\n' +
  KEYS.map((key, i) => `    upstream u${i} {\n        hash ${key} consistent;\n        server 10.0.${i}.1:80;\n        server 10.0.${i}.2:80 weight=2;\n    }\n`).join('') +
  `    server { ${KEYS.map((_, i) => `location /${i} { proxy_pass http://u${i}; }`).join(' ')} }\n}\n`;

describe('time-sliced-split reads a key once (issue 12)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lower-cases the variables of each distinct key once, and reports what each key says', () => {
    const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
    const lower = vi.spyOn(String.prototype, 'toLowerCase');
    const found: Report[] = [];
    for (let pass = 0; pass < 2; pass++) {
      for (const pool of model.pools) timeSlicedSplit.check({ model: { ...model, pools: [pool] }, problems: [], options: {}, sources: new Map(), shares: predictShares, report: (r) => found.push(r) });
    }
    const names = lower.mock.contexts.map(String).filter((name) => name === 'Lean_Key');
    vi.restoreAllMocks();
    // Read once however many pools and passes use the key (at most once more, had another test filled the memo).
    expect(names.length).toBeLessThanOrEqual(1);
    expect(found.map((r) => `${TEXT.slice(r.loc.start, r.loc.end)} ${r.severity ?? ''}`)).toEqual(['$msec ', '$msec ', '$pid$connection info', '$msec ', '$msec ', '$pid$connection info']);
  });
});
