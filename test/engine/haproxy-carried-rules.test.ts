/**
 * HAProxy's branches of no-active-members and missing-timeouts read one backend alone, so they run
 * pool by pool (`poolScopeIn`, `scope: 'pool'`): after an edit in another section, a backend's
 * findings of both rules are carried from the previous analysis (the same objects before the
 * edit), not made again by a run over the whole model. They still equal a fresh analysis.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';

const ROOT = '/etc/haproxy/haproxy.cfg';

const TEXT = `global
    maxconn 100

defaults
    mode http
    timeout client 30s

frontend www
    bind :80
    use_backend dark if { path_beg /dark }
    default_backend app

backend dark
    server d1 10.0.0.1:80 disabled
    server d2 10.0.0.2:80 weight 0

backend app
    timeout connect 5s
    timeout server 30s
    server a1 10.0.1.1:80
    server a2 10.0.1.2:80
`;

const options = { dialect: 'haproxy' as const };

describe('HAProxy whole-model rules that read one backend are carried across edits', () => {
  it('keeps the no-active-members and missing-timeouts findings of a backend the edit did not touch', () => {
    const previous = analyzeFile({ path: ROOT, text: TEXT }, noIncludes, options);
    const before = previous.findings.filter((f) => f.rule === 'no-active-members' || f.rule === 'missing-timeouts');
    expect(before.map((f) => f.rule).sort()).toEqual(['missing-timeouts', 'no-active-members']);
    // A weight typed in backend app, after backend dark.
    const text = TEXT.replace('server a2 10.0.1.2:80', 'server a2 10.0.1.2:80 weight 3');
    const next = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous });
    const after = next.findings.filter((f) => f.rule === 'no-active-members' || f.rule === 'missing-timeouts');
    // The same objects: carried with backend dark's results, not reported again by a whole-model run.
    expect(after).toHaveLength(2);
    for (const finding of after) expect(before).toContain(finding);
    expect(JSON.stringify(next.findings)).toBe(JSON.stringify(analyzeFile({ path: ROOT, text }, noIncludes, options).findings));
  });

  it('makes the fixes again when a line feed after the first header changes the file\'s line break', () => {
    // Line breaks are lone carriage returns; missing-timeouts' fix writes the file's own break.
    const crOnly = TEXT.replace('    timeout connect 5s\n    timeout server 30s\n', '').replace(/\n/g, '\r');
    const previous = analyzeFile({ path: ROOT, text: crOnly }, noIncludes, options);
    const text = crOnly.replace('global\r', 'global\r\n');
    const next = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous });
    const fresh = analyzeFile({ path: ROOT, text }, noIncludes, options);
    expect(fresh.findings.some((f) => f.rule === 'missing-timeouts')).toBe(true);
    expect(JSON.stringify(next.findings)).toBe(JSON.stringify(fresh.findings));
  });
});
