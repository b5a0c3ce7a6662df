/**
 * hash-not-consistent asks for the remap of removing one server without copying the pool: it must
 * equal the remap between the pool and a copy without that server, for map-based tables and
 * consistent trees, with repeated addresses (paired in order) and backups.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { haproxyKeyRemap, haproxyRemovalRemap } from '../../server/src/traffic/haproxy/remap';

function pool(body: string): Pool {
  const { model } = analyzeHaproxy({ path: 'haproxy.cfg', text: `defaults\n  mode http\nbackend b\n${body}\n` }, noIncludes);
  return model.pools[0]!;
}

const BODIES = [
  '  balance source\n  server a 10.0.0.1:80 weight 3\n  server b 10.0.0.2:80 weight 5\n  server c 10.0.0.3:80 weight 2',
  '  balance uri\n  server a 10.0.0.1:80\n  server b 10.0.0.1:80\n  server c 10.0.0.2:80 weight 7\n  server d 10.0.0.1:80 backup',
  '  balance hdr(x-user)\n  hash-type consistent\n  server a 10.0.0.1:80 weight 9\n  server b 10.0.0.2:80\n  server c 10.0.0.3:80 id 40',
  '  balance url_param u\n  server a 10.0.0.1:80 weight 4\n  server b 10.0.0.2:80 weight 6 disabled\n  server c 10.0.0.3:80 weight 256',
];

describe('haproxyRemovalRemap', () => {
  it('equals the remap to a copy of the pool without the server, for every server of every pool', () => {
    let compared = 0;
    for (const body of BODIES) {
      const p = pool(body);
      for (const member of p.members) {
        const copy = { ...p, members: p.members.filter((m) => m !== member) };
        expect(haproxyRemovalRemap(p, member)).toEqual(haproxyKeyRemap(p, copy));
        compared++;
      }
    }
    expect(compared).toBe(13);
  });
});
