/**
 * Issue 12: the rules that read every directive note of a file (unsupported-directive,
 * unknown-directive, and no-active-members' model input) and the pool index of the nginx
 * references run once per analysis, mostly unoptimised, where a `for...of` loop makes an iterator
 * result per element: 13,000-28,000 notes per 10 MB config, 15% of what a typical warm analysis
 * allocated. They read their lists by index, and report what they reported before.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { DirectiveNote, Model, Pool } from '../../server/src/core/model';
import type { Report, RuleContext } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import { PoolIndex } from '../../server/src/dialects/nginx/references';
import noActiveMembers from '../../server/src/rules/no-active-members';
import unknownDirective from '../../server/src/rules/unknown-directive';
import unsupportedDirective from '../../server/src/rules/unsupported-directive';
import { predictShares } from '../../server/src/traffic';

/** An array that counts how often it is iterated with `for...of` (or spread). */
class CountingList<T> extends Array<T> {
  static iterations = 0;
  override [Symbol.iterator](): IterableIterator<T> {
    CountingList.iterations++;
    return super[Symbol.iterator]();
  }
}

const TEXT = `events {}
http {
    upstream app {
        zone app 64k;
        server 10.0.0.1:80;
        keepalive 16;
    }
    server {
        listen 80;
        location / {
            proxy_http_version 1.1;
            proxy_pass http://app;
            health_check;
            rout /var/www;
        }
    }
}
`;

function run(model: Model, list: (notes: readonly DirectiveNote[]) => readonly DirectiveNote[]) {
  const counted: Model = { ...model, directiveNotes: list(model.directiveNotes ?? []) };
  const reports: Report[] = [];
  const context: RuleContext = { model: counted, problems: [], options: {}, sources: new Map(), shares: (pool: Pool) => predictShares(pool), report: (r) => reports.push(r) };
  CountingList.iterations = 0;
  for (const rule of [unsupportedDirective, unknownDirective, noActiveMembers]) rule.check(context);
  const input = noActiveMembers.meta.modelInput!(counted);
  return { reports: JSON.parse(JSON.stringify(reports)) as unknown, input, iterations: CountingList.iterations };
}

describe('rules that read every note (issue 12)', () => {
  it('read the notes by index and report as before', () => {
    const model = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes).model;
    expect(model.directiveNotes!.length).toBeGreaterThan(4);
    const counted = run(model, (notes) => CountingList.from(notes));
    const plain = run(model, (notes) => [...notes]);
    expect(counted.iterations).toBe(0);
    expect(counted.reports).toEqual(plain.reports);
    expect(counted.input).toBe(plain.input);
    // The rules found something to say here: the test would not pass on empty reports.
    expect((plain.reports as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(plain.input).toContain('health_check');
  });

  it('index the pools without iterating them', () => {
    const pools = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes).model.pools;
    CountingList.iterations = 0;
    const index = new PoolIndex(CountingList.from(pools));
    expect(CountingList.iterations).toBe(0);
    expect(index.find('http', 'APP', false)?.key).toBe('http:upstream app');
  });
});
