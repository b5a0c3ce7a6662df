/**
 * unused-pool's HAProxy branch keeps which backends were unused with what it read to find them
 * (each reference's backend and `track` name, each pool's section, key and name): an edit that
 * leaves those alone gives the same answer without building the used and tracked sets again, and
 * any change of a target, a track, a name or a section kind works it out again. Findings always
 * equal a fresh analysis's.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { unusedBackends } from '../../server/src/rules/haproxy/unused-backends';

const ROOT = '/etc/haproxy/haproxy.cfg';

const TEXT = `defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend www
    bind :80
    use_backend api if { path_beg /api }
    default_backend app

backend app
    server a1 10.0.0.1:80 check

backend api
    server b1 10.0.1.1:80 check

backend old
    server o1 10.0.2.1:80 check

backend spare
    server s1 10.0.3.1:80 check
`;

const options = { dialect: 'haproxy' as const };
const unusedFindings = (report: FileReport): string => JSON.stringify(report.findings.filter((f) => f.rule === 'unused-pool'));
const analyze = (text: string, previous?: FileReport): FileReport => analyzeFile({ path: ROOT, text }, noIncludes, previous ? { ...options, previous } : options);

describe('HAProxy unused-pool remembered while its reads stay the same', () => {
  it('answers a moved model with the remembered indexes, and its findings point at the moved names', () => {
    const first = analyze(TEXT);
    const answer = unusedBackends(first.model!);
    expect(answer.map((i) => first.model!.pools[i]!.name)).toEqual(['old', 'spare']);
    // A line typed before every section and a server's weight: new pool and reference objects, the same reads.
    const text = `# edge\n${TEXT.replace('server a1 10.0.0.1:80 check', 'server a1 10.0.0.1:80 check weight 5')}`;
    const next = analyze(text, first);
    expect(unusedBackends(next.model!)).toBe(answer);
    expect(unusedFindings(next)).toBe(unusedFindings(analyze(text)));
  });

  it('works the answer out again when a target, a track, a name or a section kind changes', () => {
    // Each variant with the backends it leaves unused, written out: a fresh analysis in the same
    // process goes through the same memo, so it cannot be the only oracle.
    const variants: [string, string[]][] = [
      // The same number of references, one target changed.
      [TEXT.replace('default_backend app', 'default_backend old'), ['app', 'spare']],
      [TEXT.replace('server a1 10.0.0.1:80 check', 'server a1 10.0.0.1:80 check track spare/s1'), ['old']],
      // Another backend tracked by the same server: as many references, one name changed.
      [TEXT.replace('server a1 10.0.0.1:80 check', 'server a1 10.0.0.1:80 check track old/o1'), ['spare']],
      [TEXT.replace('backend spare', 'backend spares'), ['old', 'spares']],
      [TEXT.replace('backend old', 'listen old\n    bind :81'), ['spare']],
      [TEXT.replace('use_backend api if { path_beg /api }', 'use_backend apx if { path_beg /api }'), ['api', 'old', 'spare']],
    ];
    let previous = analyze(TEXT);
    for (const [text, unused] of [...variants, [TEXT, ['old', 'spare']] as [string, string[]], ...variants.reverse()]) {
      const report = analyze(text, previous);
      const fresh = analyze(text);
      expect(unusedFindings(report)).toBe(unusedFindings(fresh));
      expect(report.findings.filter((f) => f.rule === 'unused-pool').map((f) => f.message.split(' ')[1])).toEqual(unused);
      expect(unusedBackends(report.model!).map((i) => report.model!.pools[i]!.name)).toEqual(unused);
      previous = report;
    }
  });
});
