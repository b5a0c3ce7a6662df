/**
 * undefined-pool and unused-pool read `track BACKEND/SERVER` through the model's `track`
 * references (made once per pool when it is lowered) instead of every server's parameters: a
 * backend another backend's server tracks is in use, one whose own server tracks it is not, and
 * `track SERVER` names a server of the same backend, never a backend. A track that names no
 * backend is still reported where it is written.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeFile } from '../../../server/src/engine/analyze';

const TEXT = `global
    maxconn 100

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend www
    bind :80
    default_backend app

backend app
    server a1 10.0.0.1:80 check
    server a2 10.0.0.2:80 track checked/c1

backend checked
    server c1 10.0.1.1:80 check
    server c2 10.0.1.2:80 track c1

backend c1
    server x1 10.0.2.1:80 check

backend self
    server s1 10.0.3.1:80 check
    server s2 10.0.3.2:80 track self/s1

backend broken
    server b1 10.0.4.1:80 track missing/x
    server b2 10.0.4.2:80 track /b1
`;

function findings(rule: string): { message: string; text: string }[] {
  const report = analyzeFile({ path: '/etc/haproxy/haproxy.cfg', text: TEXT }, noIncludes, { dialect: 'haproxy' });
  return report.findings.filter((f) => f.rule === rule).map((f) => ({ message: f.message, text: TEXT.slice(f.loc.start, f.loc.end) }));
}

describe('track references in undefined-pool and unused-pool', () => {
  it('counts a backend as used when another backend tracks one of its servers, not when only it tracks itself or a server shares its name', () => {
    const unused = findings('unused-pool').map((f) => f.text);
    expect(unused).not.toContain('checked');
    expect(unused).toContain('self');
    expect(unused).toContain('c1');
    expect(unused).toContain('broken');
  });

  it('reports a track naming no backend, with the empty name of track /SERVER, where the backend part is written', () => {
    const undefinedPools = findings('undefined-pool');
    expect(undefinedPools.map((f) => f.text)).toEqual(['missing', '']);
    expect(undefinedPools[0]!.message).toContain('track missing/x in backend broken names missing');
    expect(undefinedPools[1]!.message).toContain('track /b1 in backend broken');
  });
});
