/**
 * Issue 12 on HAProxy, three rules that cost much for few findings:
 * - duplicate-cookie reads each server's `cookie` from the slot the lowering filled while reading
 *   the server's other parameters, instead of scanning its inherited and own parameter lists;
 * - duplicate-member tells a pool of distinct plain `a.b.c.d:port` addresses by their numbers,
 *   `server-template` copies included, without making address keys;
 * - weights-ignored makes its words only for the findings the cap lists, its graded severity
 *   (info for leastconn) carried by the deferred report.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { afterFrontendEdit, backendsConfig as config, DEFAULTS_HEAD as HEAD, HAPROXY_OPTIONS as options, HAPROXY_ROOT as ROOT } from '../helpers/haproxy-backends';
import { MAX_FINDINGS_PER_RULE } from '../../server/src/engine/finding-cap';
import { effectiveParam } from '../../server/src/dialects/haproxy/server-params';
import { addressKeys } from '../../server/src/traffic';
import { paramValue, serverLabel } from '../../server/src/rules/haproxy/common';

vi.mock('../../server/src/dialects/haproxy/server-params', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/dialects/haproxy/server-params')>();
  return { ...actual, effectiveParam: vi.fn(actual.effectiveParam) };
});
vi.mock('../../server/src/rules/haproxy/common', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/rules/haproxy/common')>();
  return { ...actual, serverLabel: vi.fn(actual.serverLabel) };
});
vi.mock('../../server/src/traffic', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../server/src/traffic')>();
  return { ...actual, addressKeys: vi.fn(actual.addressKeys) };
});


function findings(text: string, rule: string, dialect: 'haproxy' | 'nginx' = 'haproxy', extra: object = {}) {
  const path = dialect === 'haproxy' ? ROOT : '/etc/nginx/nginx.conf';
  return analyzeFile({ path, text }, noIncludes, { dialect, ...extra }).findings.filter((f) => f.rule === rule);
}

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    // The high bits: a linear congruential generator's low bits repeat with short periods.
    return Math.floor((state / 2 ** 32) * n);
  };
}

afterEach(() => vi.mocked(effectiveParam).mockClear());

describe('duplicate-cookie reads the cookie slot', () => {
  it('scans no server\'s parameter lists for its cookie', () => {
    const text = config(40, (i) => `    server a 10.0.${i}.1:80 check\n    server b 10.0.${i}.2:80 check weight 2\n    server-template t 1-3 10.0.${i}.9:80 check\n`);
    vi.mocked(effectiveParam).mockClear();
    expect(findings(text, 'duplicate-cookie')).toEqual([]);
    // Before, every one of the 200 servers was asked by name.
    expect(vi.mocked(effectiveParam).mock.calls.filter(([, , name]) => name === 'cookie')).toEqual([]);
  });

  it('gives the cookie the parameter list gives, inherited, overridden or from a template', () => {
    // The oracle is the member's parameter list, which applies the default-server and own
    // parameters through a map (effectiveParams), not through the slots.
    const words = ['cookie c1', 'cookie c2', 'check', 'weight 3', 'backup', 'no-backup', 'cookie c1', 'maxconn 9'];
    for (let seed = 1; seed <= 60; seed++) {
      const pick = random(seed);
      const some = () => Array.from({ length: pick(4) }, () => words[pick(words.length)]).join(' ');
      const head = `${HEAD}    default-server ${some() || 'check'}\n`;
      const body = (i: number) =>
        Array.from({ length: 2 + pick(5) }, (_, s) =>
          pick(5) === 0 ? `    default-server ${some() || 'inter 2s'}\n` : pick(4) === 0 ? `    server-template t${s}_ 1-2 10.1.${i}.${s}:80 ${some()}\n` : `    server s${s} 10.1.${i}.${s}:80 ${some()}\n`,
        ).join('');
      const model = analyzeFile({ path: ROOT, text: config(3, body, head) }, noIncludes, options).model!;
      for (const pool of model.pools) {
        for (const member of pool.members) expect(paramValue(member, 'cookie'), `seed ${seed}, ${pool.name} ${member.name}`).toBe(member.params.filter((p) => p.name === 'cookie').pop()?.value);
      }
    }
  });

  it('still reports two servers with one cookie, not the servers of one template', () => {
    const text = config(1, () => '    cookie SRV insert\n    default-server cookie same\n    server a 10.0.0.1:80\n    server b 10.0.0.2:80 cookie b\n    server c 10.0.0.3:80\n    server-template t 1-3 10.0.0.9:80 cookie t\n');
    const found = findings(text, 'duplicate-cookie');
    expect(found.map((f) => f.message)).toEqual([
      'c (10.0.0.3:80) has cookie same, like a (10.0.0.1:80) in backend be0: HAProxy sends every client pinned by that cookie to the same one of them, so the other gets none of those clients (HAProxy does not warn about it). Give each server its own cookie value.',
    ]);
  });
});

describe('duplicate-member on plain addresses', () => {
  afterEach(() => vi.mocked(addressKeys).mockClear());

  it('makes no address key for a backend of distinct plain addresses and a server-template', () => {
    const text = config(30, (i) => `    server a 10.0.${i}.1:80 check\n    server b 10.0.${i}.2:80 check\n    server-template t 1-3 10.0.${i}.9:80 check\n`);
    vi.mocked(addressKeys).mockClear();
    expect(findings(text, 'duplicate-member')).toEqual([]);
    // Before, the template's copies (one address three times) sent every member of the 30 backends to addressKeys.
    expect(vi.mocked(addressKeys)).not.toHaveBeenCalled();
  });

  it('reads the port after the colon, so a last octet and a port never run together', () => {
    // Read as one number, `.0:101` and `.100:1` were both 10101: distinct addresses taken for a
    // repeat, which sent the pool to the address keys.
    const text = config(3, (i) => `    server a 10.0.${i}.0:101 check\n    server b 10.0.${i}.100:1 check\n`);
    vi.mocked(addressKeys).mockClear();
    expect(findings(text, 'duplicate-member')).toEqual([]);
    expect(vi.mocked(addressKeys)).not.toHaveBeenCalled();
  });

  /**
   * Random pools of addresses in odd spellings (leading zeros, octets past 255, port 0, six-digit
   * ports, no port, localhost, templates). The oracle is the same pool with one more member that
   * is down and not a plain address: it sends the pool through the address keys and takes no
   * traffic, so the findings about the other members must not change.
   */
  // Mostly from the first two of each, so that pools repeat hosts, ports and whole addresses.
  const OCTETS = ['0', '1', '01', '10', '255', '256', '999', '1000', '00'];
  const PORTS = ['80', '8080', '080', '0', '65535', '123456', '9'];
  function address(pick: (n: number) => number): string {
    if (pick(12) === 0) return pick(2) ? 'localhost:80' : `127.0.0.1:${PORTS[pick(3)]}`;
    const host = Array.from({ length: 4 }, () => OCTETS[pick(pick(4) === 0 ? OCTETS.length : 2)]).join('.');
    return pick(10) === 0 ? host : `${host}:${PORTS[pick(pick(4) === 0 ? PORTS.length : 2)]}`;
  }

  it('finds on nginx what the address keys find', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const pick = random(seed);
      const servers = Array.from({ length: 1 + pick(8) }, () => `    server ${address(pick)};\n`).join('');
      const text = (extra: string) => `http {\n  upstream app {\n${servers}${extra}  }\n  server { location / { proxy_pass http://app; } }\n}\n`;
      const plain = findings(text(''), 'duplicate-member', 'nginx');
      const keyed = findings(text('    server spare.invalid:1 down;\n'), 'duplicate-member', 'nginx');
      expect(plain.map((f) => [f.message, f.loc.start]), `seed ${seed}\n${servers}`).toEqual(keyed.map((f) => [f.message, f.loc.start]));
    }
  });

  it('finds on HAProxy what the address keys find, server-templates included', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const pick = random(seed);
      const servers = Array.from({ length: 1 + pick(7) }, (_, s) => {
        const at = address(pick).replace(/^localhost/, '127.0.0.1');
        return pick(4) === 0 ? `    server-template t${s}_ 1-${1 + pick(3)} ${at}\n` : `    server s${s} ${at}\n`;
      }).join('');
      const plain = findings(config(1, () => servers), 'duplicate-member');
      const keyed = findings(config(1, () => `${servers}    server spare spare.invalid:1 disabled\n`), 'duplicate-member');
      expect(plain.map((f) => [f.message, f.loc.start]), `seed ${seed}\n${servers}`).toEqual(keyed.map((f) => [f.message, f.loc.start]));
    }
  });
});

describe('weights-ignored defers its words', () => {
  const leastconn = (i: number) => `    balance leastconn\n    server a 10.0.${i}.1:80 check weight 1\n    server b 10.0.${i}.2:80 check weight 3\n`;
  const first = (i: number) => `    balance first\n    server a 10.0.${i}.1:80 check maxconn 10 weight 1\n    server b 10.0.${i}.2:80 check maxconn 10 weight 3\n`;
  const unlimited = (i: number) => `    balance first\n    server a 10.0.${i}.1:80 check\n    server b 10.0.${i}.2:80 check\n`;

  it('names the servers only of the findings the cap lists', () => {
    const count = 150;
    vi.mocked(serverLabel).mockClear();
    const found = findings(config(count, leastconn), 'weights-ignored');
    expect(found).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(found.at(-1)?.count).toBe(count - MAX_FINDINGS_PER_RULE);
    // The heaviest server of each listed finding (and of the summary's first); before, all 150 backends'.
    const backends = new Set(vi.mocked(serverLabel).mock.calls.map(([m]) => m.address.split('.')[2]));
    expect(backends.size).toBeGreaterThan(0);
    expect(backends.size).toBeLessThanOrEqual(MAX_FINDINGS_PER_RULE + 1);
  });

  it('says what the immediate words said, each finding with its graded severity', () => {
    const found = findings(config(3, (i) => [leastconn, first, unlimited][i]!(i)), 'weights-ignored');
    expect(found.map((f) => f.severity)).toEqual(['info', 'warning', 'warning']);
    // Expected strings and keys from the CLI before the words were deferred.
    expect(found.map((f) => f.message)).toEqual([
      'backend be0 balances with leastconn, which takes servers in turn while none has a request in flight: at low concurrency b (10.0.0.2:80) gets 50% of requests, not the 75% its weight says. Weights count only once connections pile up; use roundrobin if they should hold at every load.',
      'backend be1 balances with first, which never reads weights: the weights 1, 3 have no effect (servers fill in id order up to their maxconn). Use roundrobin if the weights should hold, or remove them.',
      'balance first in backend be2 fills servers in id order up to their maxconn, and a (10.0.2.1:80) has no maxconn: it gets 100% of requests and the other 1 get none until it fails. Set maxconn on each server.',
    ]);
    expect(found.map((f) => f.related?.map((r) => r.message))).toEqual([['weight 1', 'weight 3'], ['weight 1', 'weight 3'], ['takes every request']]);
    for (const f of found) expect(Object.keys(JSON.parse(JSON.stringify(f)) as object)).toEqual(['rule', 'severity', 'message', 'loc', 'related']);
  });

  it('lets a configured severity win over the graded one, deferred or not', () => {
    const config_ = { config: { rules: { 'weights-ignored': { severity: 'error' as const } } } };
    const deferred = findings(config(2, (i) => [leastconn, first][i]!(i)), 'weights-ignored', 'haproxy', config_);
    const inherited = findings(config(1, (i) => leastconn(i).replace('    balance leastconn\n', ''), `${HEAD}    balance leastconn\n`), 'weights-ignored', 'haproxy', config_);
    expect([...deferred, ...inherited].map((f) => f.severity)).toEqual(['error', 'error', 'error']);
  });

  it('writes out a finding on a balance or weight inherited from defaults, and an edit before the backends moves it right', () => {
    for (const [head, body] of [
      [`${HEAD}    balance leastconn\n`, (i: number) => leastconn(i).replace('    balance leastconn\n', '')],
      [`${HEAD}    default-server weight 2\n`, (i: number) => `    balance leastconn\n    server a 10.0.${i}.1:80 check\n    server b 10.0.${i}.2:80 check weight 3\n`],
    ] as const) {
      const { next, fresh } = afterFrontendEdit(head, body);
      const found = fresh.filter((f) => f.rule === 'weights-ignored');
      expect(found).toHaveLength(3);
      expect(found.map((f) => f.severity)).toEqual(['info', 'info', 'info']);
      expect(JSON.stringify(next)).toBe(JSON.stringify(fresh));
    }
  });
});
