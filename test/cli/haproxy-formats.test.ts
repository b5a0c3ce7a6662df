/**
 * Issue 13 audit: the CLI on HAProxy files. HAProxy files are found by name and by content in a
 * folder walk (`lb.cfg`, `haproxy-prod.cfg`, an extension-less file) while an INI `setup.cfg` is
 * left alone; a `files: { haproxy: [...] }` glob in `.lb-drift.yaml` adds a file the sniffer would
 * not take; every output format (text, json, sarif, github) carries the HAProxy findings with their
 * positions; a file lb-drift cannot place names HAProxy's names and flag in its error.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

const CONFIG = `defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend www
  bind :80
  use_backend api if { path_beg /api }
  default_backend app
backend app
  balance roundrobin
  option redispatch
  server a 10.0.0.1:80 check weight 5
  server b 10.0.0.2:80 check
  server c 10.0.0.3:80 check
backend api
  option redispatch
  server x 10.0.1.1:80 check
  server y 10.0.1.1:80 check
`;
/** Where weight-skew (line 13, on `weight 5`) and duplicate-member (line 19) land. */
const SKEW_LINE = 13;
const DUPLICATE_LINE = 19;

interface JsonFinding {
  rule: string;
  line: number;
}
interface JsonFile {
  path: string;
  dialect: string;
  findings: JsonFinding[];
}
const filesOf = (stdout: string): JsonFile[] => JSON.parse(stdout).files;

describe('lb-drift check on HAProxy files', () => {
  it('finds HAProxy files by name and content in a folder walk, and leaves an INI .cfg alone', () => {
    const dir = tmpTree({ 'lb.cfg': CONFIG, 'deploy/haproxy-prod.cfg': CONFIG, 'ops/edge': CONFIG, 'setup.cfg': '[metadata]\nname = x\n' });
    const files = filesOf(runCli(['check', '--format', 'json', '.'], { cwd: dir }).stdout);
    expect(files.map((f) => [f.path, f.dialect])).toEqual([
      ['deploy/haproxy-prod.cfg', 'haproxy'],
      ['lb.cfg', 'haproxy'],
      ['ops/edge', 'haproxy'],
    ]);
  });

  it('reads a file named by a files.haproxy glob of .lb-drift.yaml as HAProxy', () => {
    const dir = tmpTree({ 'deploy/edge.lb': CONFIG });
    expect(filesOf(runCli(['check', '--format', 'json', '.'], { cwd: dir }).stdout)).toEqual([]);
    const named = runCli(['check', 'deploy/edge.lb'], { cwd: dir });
    expect(named.status).toBe(2);
    expect(named.stderr).toContain('haproxy.cfg or *.haproxy');
    expect(named.stderr).toContain('--dialect haproxy');
    const globbed = tmpTree({ '.lb-drift.yaml': 'files:\n  haproxy: ["deploy/*.lb"]\n', 'deploy/edge.lb': CONFIG });
    const files = filesOf(runCli(['check', '--format', 'json', '.'], { cwd: globbed }).stdout);
    expect(files.map((f) => [f.path, f.dialect])).toEqual([['deploy/edge.lb', 'haproxy']]);
  });

  it('prints the same HAProxy findings in text, json, sarif and github', () => {
    const dir = tmpTree({ 'lb.cfg': CONFIG });
    const run = (format: string) => runCli(['check', '--format', format, 'lb.cfg'], { cwd: dir });

    const json = run('json');
    expect(json.status).toBe(1);
    const findings = filesOf(json.stdout)[0]!.findings.map((f) => [f.rule, f.line]);
    expect(findings).toEqual(expect.arrayContaining([['weight-skew', SKEW_LINE], ['duplicate-member', DUPLICATE_LINE]]));

    const text = run('text').stdout;
    expect(text).toContain(`--> lb.cfg:${SKEW_LINE}:`);
    expect(text).toMatch(/^weight-skew \[warning\] /m);
    expect(text).toContain(`--> lb.cfg:${DUPLICATE_LINE}:`);

    const sarif = JSON.parse(run('sarif').stdout);
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    expect(results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual(
      findings.map(([rule, line]) => [rule, 'lb.cfg', line]),
    );

    const github = run('github').stdout.trim().split('\n');
    expect(github).toHaveLength(findings.length);
    expect(github).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^::warning file=lb\\.cfg,line=${SKEW_LINE},.*title=weight-skew::`))]));
  });

  it('shows the HAProxy examples in what npm start runs (check and shares over examples)', () => {
    const check = filesOf(runCli(['check', '--format', 'json', 'examples']).stdout).filter((f) => f.dialect === 'haproxy');
    expect(check.map((f) => f.path).sort()).toEqual(['examples/haproxy/haproxy.cfg', 'examples/haproxy/legacy.cfg']);
    expect(check.every((f) => f.findings.length > 0)).toBe(true);
    const shares = JSON.parse(runCli(['shares', '--format', 'json', 'examples']).stdout) as { files: { path: string; pools: unknown[] }[] };
    const haproxyShares = shares.files.filter((f) => f.path.startsWith('examples/haproxy/'));
    expect(haproxyShares.length).toBeGreaterThan(0);
    expect(haproxyShares.every((f) => f.pools.length > 0)).toBe(true);
  });

  it('prints HAProxy shares per backend, with server addresses', () => {
    const dir = tmpTree({ 'lb.cfg': CONFIG });
    const shares = runCli(['shares', 'lb.cfg'], { cwd: dir });
    expect(shares.status).toBe(0);
    expect(shares.stdout).toMatch(/backend pool app \(balance roundrobin, 3 members\)/);
    expect(shares.stdout).toMatch(/10\.0\.0\.1:80\s+5\s+primary\s+up\s+71\.4%/);
  });
});
