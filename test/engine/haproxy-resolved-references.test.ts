/**
 * After an edit in one HAProxy section, the references of the other sections are lent to the model
 * already resolved (shift.ts resolveLowering), so the model keeps them instead of copying every
 * `use_backend` on every keystroke; and when an edit in a listen section makes it stop or start
 * being a pool, references to it are resolved again: the result equals a fresh analysis.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';

const ROOT = '/etc/haproxy/haproxy.cfg';
const options = { dialect: 'haproxy' as const };

const TEXT = `global
    maxconn 100

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend www
    bind :80
    use_backend api if { path_beg /api }
    use_backend tcp if { path_beg /tcp }
    default_backend app

backend app
    server a1 10.0.1.1:80
    server a2 10.0.1.2:80

backend api
    server p1 10.0.2.1:80
    server p2 10.0.2.2:80

listen tcp
    bind :5432
    server t1 10.0.3.1:5432
`;

const fresh = (text: string) => analyzeFile({ path: ROOT, text }, noIncludes, options);
const plain = (report: FileReport) => JSON.parse(JSON.stringify({ findings: report.findings, references: report.model?.references, pools: report.model?.pools.map((p) => p.key) })) as unknown;

describe('HAProxy references lent resolved across edits', () => {
  it('keeps the resolved references of sections the edit did not touch', () => {
    let previous = fresh(TEXT);
    let text = TEXT;
    // Two edits: the first resolves the lent lowerings once, the second lends them as they are.
    for (const weight of [' weight 2', ' weight 3']) {
      text = text.replace(/server a2 10\.0\.1\.2:80[^\n]*/, `server a2 10.0.1.2:80${weight}`);
      const next = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous });
      expect(plain(next)).toEqual(plain(fresh(text)));
      if (weight === ' weight 3') {
        // The frontend's references, before the edit, are the previous version's objects.
        const before = previous.model!.references.filter((r) => r.context === 'frontend');
        const after = next.model!.references.filter((r) => r.context === 'frontend');
        expect(after.map((r) => r.pool)).toEqual(['backend api', 'listen tcp', 'backend app']);
        after.forEach((reference, i) => expect(reference).toBe(before[i]));
      }
      previous = next;
    }
  });

  it('resolves references again when a listen section stops or starts being a pool', () => {
    let previous = fresh(TEXT);
    // An edit in a backend first, so that the frontend's references are lent resolved to listen tcp.
    const steps = [
      TEXT.replace('server a2 10.0.1.2:80', 'server a2 10.0.1.2:80 weight 2'),
      // listen tcp loses its only server line (and has no balance line): it is no pool any more.
      TEXT.replace('server a2 10.0.1.2:80', 'server a2 10.0.1.2:80 weight 2').replace('    server t1 10.0.3.1:5432\n', ''),
      TEXT.replace('server a2 10.0.1.2:80', 'server a2 10.0.1.2:80 weight 2').replace('    server t1 10.0.3.1:5432\n', '').replace('server p2 10.0.2.2:80', 'server p2 10.0.2.2:80 weight 4'),
      TEXT.replace('server a2 10.0.1.2:80', 'server a2 10.0.1.2:80 weight 2').replace('server p2 10.0.2.2:80', 'server p2 10.0.2.2:80 weight 4'),
    ];
    for (const text of steps) {
      const next = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous });
      expect(plain(next)).toEqual(plain(fresh(text)));
      const tcp = next.model!.references.find((r) => r.name === 'tcp')!;
      expect(tcp.pool).toBe(text.includes('server t1') ? 'listen tcp' : undefined);
      previous = next;
    }
  });
});
