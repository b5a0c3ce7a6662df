/**
 * Absurd numbers (issue 10, point 5): every value nginx accepts keeps the engine and the rules
 * bounded in memory and time, and every value it rejects is a syntax error with its message.
 * Which values nginx 1.22.1 accepts was measured with `nginx -t`: weight 1 to 2^63 - 1 (leading
 * zeros allowed); 0, 2^63, negative, fractional and empty weights are "invalid parameter".
 * Before this change `hash` with weight=4294967296 threw a RangeError (a slot table as long as the
 * total weight) and `hash ... consistent` with weight=1000000 built a 160M-point ring (2.5 GB).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Algorithm } from '../../server/src/core/model';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { createRouter, keyRemap, predictShares } from '../../server/src/traffic';
import { ngxParseSeconds } from '../../server/src/dialects/nginx/upstream-server';
import { buildPool } from '../helpers/pool-builder';

function analyse(text: string): FileReport {
  return analyzeFile({ path: '/t/absurd.conf', text }, noIncludes, { dialect: 'nginx' });
}

function upstream(method: string, servers: string): string {
  return `http {\n  upstream u {\n    ${method}\n${servers}  }\n  server { location / { proxy_pass http://u; } }\n}\n`;
}

function syntaxErrors(report: FileReport): string[] {
  return report.findings.filter((f) => f.rule === 'syntax-error').map((f) => f.message);
}

const MAX = '9223372036854775807';

describe('values nginx accepts and rejects', () => {
  // Measured with nginx 1.22.1 (`nginx -t`), one server line with this weight next to a plain one.
  const accepted = ['1', '2147483647', '2147483648', '4294967296', MAX, '0000000000000000000000000000001'];
  const rejected = ['0', '000', '9223372036854775808', '99999999999999999999999', '-1', '1.5', ''];

  it('accepts every weight nginx accepts and rejects the others with nginx\'s message', () => {
    for (const weight of accepted) {
      expect(syntaxErrors(analyse(upstream('', `    server 10.0.0.1:80 weight=${weight};\n    server 10.0.0.2:80;\n`))), weight).toEqual([]);
    }
    for (const weight of rejected) {
      const errors = syntaxErrors(analyse(upstream('', `    server 10.0.0.1:80 weight=${weight};\n    server 10.0.0.2:80;\n`)));
      expect(errors, weight).toHaveLength(1);
      expect(errors[0]).toContain(`invalid parameter "weight=${weight}"`);
      expect(errors[0]).toContain(`from 1 to ${MAX}`);
    }
  });

  it('bounds max_fails and max_conns at nginx\'s largest integer', () => {
    expect(syntaxErrors(analyse(upstream('', `    server 10.0.0.1:80 max_fails=${MAX} max_conns=0;\n    server b:80;\n`)))).toEqual([]);
    const errors = syntaxErrors(analyse(upstream('', `    server 10.0.0.1:80 max_fails=9223372036854775808 max_conns=1e3;\n    server b:80;\n`)));
    expect(errors).toHaveLength(2);
  });

  it('reads fail_timeout as ngx_parse_time does for seconds', () => {
    expect(ngxParseSeconds('10s')).toBe(10n);
    expect(ngxParseSeconds('1m30s')).toBe(90n);
    expect(ngxParseSeconds('1h 30')).toBe(3630n);
    expect(ngxParseSeconds(MAX)).toBe(BigInt(MAX));
    expect(ngxParseSeconds('106751991167300d')).toBe(106751991167300n * 86400n);
    for (const bad of ['9223372036854775808', '106751991167301d', '30s1m', '5ms', 's', '', '1x', '1mm']) {
      expect(ngxParseSeconds(bad), bad).toBeUndefined();
    }
  });
});

describe('shares stay bounded for any weight nginx accepts', () => {
  const ALGORITHMS: Algorithm[] = ['round-robin', 'least-conn', 'random', 'random-two', 'ip-hash', 'hash', 'consistent-hash'];
  const WEIGHTS = [1_000_000, 10_000_000, 2 ** 31 - 1, 2 ** 32, 2 ** 53, Number(MAX)];

  it('computes every algorithm\'s shares without allocating per unit of weight', () => {
    const before = process.memoryUsage().rss;
    for (const algorithm of ALGORITHMS) {
      for (const weight of WEIGHTS) {
        const pool = buildPool({ algorithm, key: '$request_uri', members: [{ address: '10.0.0.1:80', weight }, '10.0.0.2:80', { address: '10.0.0.3:80', down: true }] });
        const shares = predictShares(pool);
        const sum = shares.members.reduce((a, m) => a + m.share, 0);
        expect(sum, `${algorithm} ${weight}`).toBeCloseTo(1, 6);
        for (const m of shares.members) expect(Number.isFinite(m.share)).toBe(true);
      }
    }
    // Generous: the exact rings below the limit take tens of MB; per-unit tables would take GBs.
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 2 ** 20);
  });

  it('gives map-based hash and ip_hash the same shares as any total past the largest hash', () => {
    // A slot is hash % total: once the total passes the largest hash, only the first weights matter.
    for (const [algorithm, enough] of [['hash', 700_000], ['ip-hash', 7_000]] as const) {
      for (const huge of [2 ** 32, 2 ** 40, Number(MAX)]) {
        const big = predictShares(buildPool({ algorithm, key: '$uri', members: [{ address: 'a:1', weight: 3 }, { address: 'b:1', weight: huge }, { address: 'c:1', down: true }] }));
        const small = predictShares(buildPool({ algorithm, key: '$uri', members: [{ address: 'a:1', weight: 3 }, { address: 'b:1', weight: enough }, { address: 'c:1', down: true }] }));
        expect(big.members.map((m) => m.share), `${algorithm} ${huge}`).toEqual(small.members.map((m) => m.share));
      }
    }
    // And it is the brute-force answer: 3 of the 32768 first-attempt hash values are slots 0..2.
    const hash = predictShares(buildPool({ algorithm: 'hash', key: '$uri', members: [{ address: 'a:1', weight: 3 }, { address: 'b:1', weight: 2 ** 32 }] }));
    expect(hash.members[0]!.share).toBeCloseTo(3 / 32768, 12);
  });

  it('says a consistent-hash ring past the limit is estimated, how, and how close', () => {
    for (const weight of [1_000_000, 10_000_000, 2 ** 31 - 1, Number(MAX)]) {
      const pool = buildPool({ algorithm: 'consistent-hash', key: '$uri', members: [{ address: '10.0.0.1:80', weight }, { address: '10.0.0.2:80', weight }, { address: '10.0.0.3:80', weight }] });
      const shares = predictShares(pool);
      expect(shares.estimated, String(weight)).toMatch(/^Estimated: the ring has .* points \(160 per unit of weight\), more than the 4194304 lb-drift builds exactly/);
      expect(shares.caveat).toContain(shares.estimated);
      for (const m of shares.members) expect(m.share).toBeCloseTo(1 / 3, 9);
    }
    // An exact ring is not estimated.
    expect(predictShares(buildPool({ algorithm: 'consistent-hash', key: '$uri', members: ['a:1', 'b:1'] })).estimated).toBeUndefined();
  });

  it('keeps exact rings near the limit within the spread the estimate states', () => {
    // 3 x 8000 units: 3.84M points, just below the limit, built exactly.
    const members = ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'].map((address) => ({ address, weight: 8000 }));
    const exact = predictShares(buildPool({ algorithm: 'consistent-hash', key: '$uri', members }));
    expect(exact.estimated).toBeUndefined();
    const sigma = Math.sqrt((1 / 3) * (2 / 3) / (3 * 8000 * 160));
    for (const m of exact.members) expect(Math.abs(m.share - 1 / 3)).toBeLessThan(3 * sigma);
  });

  it('refuses to replay a ring it cannot build, and replays huge map-based weights', () => {
    const ring = createRouter(buildPool({ algorithm: 'consistent-hash', key: '$uri', members: [{ address: 'a:1', weight: 2 ** 32 }, 'b:1'] }));
    expect(ring.ok).toBe(false);
    if (!ring.ok) expect(ring.reason).toMatch(/more than the 4194304 points lb-drift builds.*estimated shares/);
    const map = createRouter(buildPool({ algorithm: 'hash', key: '$uri', members: [{ address: 'a:1', weight: 2 ** 32 }, 'b:1'] }));
    expect(map.ok && map.router.route({ uri: '/x' })).toEqual({ ok: true, member: 0 });
  });

  it('estimates the remap of rings too large to build, and says "about"', () => {
    const three = ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'].map((address) => ({ address, weight: 1_000_000 }));
    const a = buildPool({ algorithm: 'consistent-hash', key: '$uri', members: three });
    const b = buildPool({ algorithm: 'consistent-hash', key: '$uri', members: [...three, { address: '10.0.0.4:80', weight: 1_000_000 }] });
    const added = keyRemap(a, b)!;
    expect(added.exact).toBe(false);
    expect(added.fraction).toBeCloseTo(0.25, 6);
    const heavier = buildPool({ algorithm: 'hash', key: '$uri', members: [...three.slice(0, 2), { address: '10.0.0.3:80', weight: 2 ** 40 }] });
    const map = keyRemap(a, heavier)!;
    expect(map.fraction).toBeGreaterThan(0.5);
    expect(map.fraction).toBeLessThanOrEqual(1);
  });
});

describe('rules on absurd weights', () => {
  const rulesOf = (report: FileReport) => report.findings.map((f) => `${f.rule} ${f.severity}`);

  it('warns about a consistent ring nginx needs gigabytes for, and errors where it cannot start', () => {
    const costly = analyse(upstream('hash $uri consistent;', '    server 10.0.0.1:80 weight=1000000;\n    server 10.0.0.2:80;\n'));
    const warning = costly.findings.find((f) => f.rule === 'invalid-combination')!;
    expect(warning.severity).toBe('warning');
    expect(warning.message).toContain('a ring of 160000160 points, 2.6 GB');
    const impossible = analyse(upstream('hash $uri consistent;', '    server 10.0.0.1:80 weight=4294967296;\n    server 10.0.0.2:80;\n'));
    expect(impossible.findings.find((f) => f.rule === 'invalid-combination')?.message).toMatch(/malloc\(\) failed/);
    // 160 x 115292150460684698 passes 2^64: nginx -t crashed (signal 11) on this one.
    const wraps = analyse(upstream('hash $uri consistent;', '    server 10.0.0.1:80 weight=115292150460684697;\n    server 10.0.0.2:80;\n'));
    expect(wraps.findings.find((f) => f.rule === 'invalid-combination')?.message).toMatch(/overflow nginx's 64-bit point count/);
    expect(rulesOf(wraps)).not.toContain('unbalanced-ring warning');
  });

  it('reports weights whose sum overflows nginx\'s 64-bit arithmetic, exactly at the boundary', () => {
    const fits = analyse(upstream('', `    server 10.0.0.1:80 weight=${MAX};\n`));
    expect(fits.findings.filter((f) => f.rule === 'invalid-combination')).toEqual([]);
    const over = analyse(upstream('', `    server 10.0.0.1:80 weight=${MAX};\n    server 10.0.0.2:80;\n`));
    expect(over.findings.find((f) => f.rule === 'invalid-combination')?.message).toContain('add up to 9223372036854775808');
  });

  it('runs hash-not-consistent and every other rule on weight=4294967296', () => {
    const report = analyse(upstream('hash $uri;', '    server 10.0.0.1:80 weight=4294967296;\n    server 10.0.0.2:80;\n'));
    const finding = report.findings.find((f) => f.rule === 'hash-not-consistent')!;
    expect(finding.message).toMatch(/would move [\d.]+% of keys/);
    expect(syntaxErrors(report)).toEqual([]);
  });
});
