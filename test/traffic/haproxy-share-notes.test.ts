/**
 * The share table says where a HAProxy prediction rests on something static analysis cannot know
 * (issue 13): leastconn is predicted at low load, persistence cookies already held send clients
 * back to their server, and hashing spreads keys evenly only on average. Pools without such a
 * dependency carry no note, so a note is never boilerplate.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { predictShares } from '../../server/src/traffic';

function caveatOf(body: string): string | undefined {
  const { model, problems } = analyzeHaproxy({ path: 'haproxy.cfg', text: `defaults\n  mode http\nbackend b\n${body}\n` }, noIncludes);
  expect(problems).toEqual([]);
  return predictShares(model.pools[0]!).caveat;
}

const servers = '  server a 10.0.0.1:80 weight 3\n  server b 10.0.0.2:80 weight 1';

describe('HAProxy share notes', () => {
  it('says leastconn is predicted at low load, where weights do not show', () => {
    expect(caveatOf(`  balance leastconn\n${servers}`)).toMatch(/leastconn is predicted at low load.*under load the server with the fewest connections per unit of weight wins/);
  });

  it('says clients holding a persistence cookie go back to their server', () => {
    expect(caveatOf(`  cookie SRV insert indirect nocache\n  server a 10.0.0.1:80 cookie a\n  server b 10.0.0.2:80 cookie b`)).toMatch(
      /already hold a persistence cookie go back to their server; the shares are for new clients/,
    );
  });

  it('says hashed shares assume keys spread evenly', () => {
    expect(caveatOf(`  balance source\n${servers}`)).toMatch(/Shares of client addresses, assuming keys spread evenly/);
    expect(caveatOf(`  balance uri\n${servers}`)).toMatch(/Shares of keys, assuming keys spread evenly/);
  });

  it('adds no note to a plain roundrobin pool', () => {
    expect(caveatOf(`  balance roundrobin\n${servers}`)).toBeUndefined();
  });
});
