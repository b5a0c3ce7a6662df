import { describe, expect, it } from 'vitest';
import { predictShares } from '../../server/src/traffic';
import type { Algorithm } from '../../server/src/core/model';
import { buildPool } from '../helpers/pool-builder';

const NGINX: Algorithm[] = ['round-robin', 'least-conn', 'random', 'random-two', 'ip-hash', 'hash', 'consistent-hash'];

describe('predictShares', () => {
  it('gives one share per member, summing to 1 over the members that can serve', () => {
    for (const algorithm of NGINX) {
      const pool = buildPool({
        algorithm,
        key: '$request_uri',
        members: [{ address: '10.0.0.1:80', weight: 3 }, { address: '10.0.0.2:80', down: true }, '10.0.0.3:80', { address: '10.0.0.4:80', drained: true }],
      });
      const shares = predictShares(pool);
      expect(shares.members).toHaveLength(4);
      expect(shares.members.reduce((a, m) => a + m.share, 0)).toBeCloseTo(1, 9);
      expect(shares.members[1]!.share).toBe(0);
      expect(shares.members[1]!.why).toMatch(/^down/);
      expect(shares.members[3]!.why).toMatch(/^drained/);
      for (const m of shares.members) expect(m.why).toMatch(/\d/);
    }
  });

  it('lets backups take over for hash methods only when every primary is down', () => {
    for (const algorithm of ['hash', 'consistent-hash', 'ip-hash'] as const) {
      const idle = predictShares(buildPool({ algorithm, key: '$arg_k', members: ['a:1', 'b:1', { address: 'z:1', backup: true }] }));
      expect(idle.members[2]!.share).toBe(0);
      const serving = predictShares(
        buildPool({ algorithm, key: '$arg_k', members: [{ address: 'a:1', down: true }, { address: 'y:1', backup: true }, { address: 'z:1', backup: true }] }),
      );
      expect(serving.members.map((m) => m.share)).toEqual([0, 0.5, 0.5]);
      expect(serving.members[1]!.why).toMatch(/^backup serving because no primary can/);
    }
  });

  it('treats peers of one name as one address on the consistent-hash ring', () => {
    const single = predictShares(buildPool({ algorithm: 'consistent-hash', key: '$uri', members: ['app:80', 'b:80'] }));
    const multi = predictShares(buildPool({ algorithm: 'consistent-hash', key: '$uri', members: [{ address: 'app:80', peers: 3, resolvesByName: true }, 'b:80'] }));
    // nginx names ring points by the address as written, so extra peers add only duplicate points.
    expect(multi.members.map((m) => m.share)).toEqual(single.members.map((m) => m.share));
    // Map-based hashing gives each peer its own slots.
    const mapped = predictShares(buildPool({ algorithm: 'hash', key: '$uri', members: [{ address: 'app:80', peers: 3 }, 'b:80'] }));
    expect(mapped.members.map((m) => m.share)).toEqual([24576 / 32768, 8192 / 32768]);
  });

  it('keeps plain weighted methods of other dialects uncaveated, and approximates the rest', () => {
    const rr = predictShares(buildPool({ dialect: 'haproxy', algorithm: 'round-robin', members: [{ address: 'a', weight: 3 }, 'b'] }));
    expect(rr.members.map((m) => m.share)).toEqual([0.75, 0.25]);
    expect(rr.caveat).toBeUndefined();
    const ring = predictShares(buildPool({ dialect: 'envoy', algorithm: 'ring-hash', members: ['a', 'b'] }));
    expect(ring.caveat).toMatch(/approximated by weight share/);
  });

  it('balances an empty constant key round-robin', () => {
    const shares = predictShares(buildPool({ algorithm: 'hash', key: '', members: [{ address: 'a', weight: 2 }, 'b'] }));
    expect(shares.members.map((m) => m.share)).toEqual([2 / 3, 1 / 3]);
    expect(shares.caveat).toMatch(/key is empty/);
  });
});
