/**
 * What `lb-drift diff` prints (issue 11, points 12 and 13): the revision it compared against, once,
 * with its commit, also when nothing drifted; each pool's table once, under the file the pool is
 * written in, even when a fragment and the main config that includes it are both checked; a
 * summary that counts the files the drift is in; and a route moved to another pool reported with
 * the traffic that moves and a revert fix.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { gitRepo } from '../helpers/git-repo';

const MAIN = `events {}
http {
    include conf.d/*.conf;
    server {
        listen 80;
        server_name example.com;
        location /api { proxy_pass http://app; }
        location /v2 { proxy_pass http://app_v2; }
    }
}
`;
const APP = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n';
const APP_V2 = 'upstream app_v2 {\n    server 10.0.1.1:80;\n    server 10.0.1.2:80;\n}\n';
const TAG = 'lb-stable/2026-11-20T101500Z';

/** A main config with two included pools, tagged stable. */
function stableRepo() {
  const repo = gitRepo({ 'nginx/nginx.conf': MAIN, 'nginx/conf.d/app.conf': APP, 'nginx/conf.d/v2.conf': APP_V2 });
  repo.tag(TAG, { message: 'stable' });
  return repo;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('lb-drift diff output', () => {
  it('says once what it compared against, with the commit, also when nothing drifted', () => {
    const repo = stableRepo();
    const run = runCli(['diff', 'nginx'], { cwd: repo.dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`Compared with ${TAG} (commit ${repo.sha().slice(0, 12)}).\n\nNo drift found in 3 files.\n`);
    const against = runCli(['diff', '--against', 'HEAD', 'nginx'], { cwd: repo.dir });
    expect(against.stdout.split('\n')[0]).toBe(`Compared with HEAD (commit ${repo.sha().slice(0, 12)}).`);
  });

  it("prints each pool's table once, under its own file, when the fragment and the main config are both checked", () => {
    const repo = stableRepo();
    repo.write({ 'nginx/conf.d/app.conf': APP.replace('10.0.0.1:80;', '10.0.0.1:80 weight=5;') });
    const run = runCli(['diff', 'nginx'], { cwd: repo.dir });
    expect(run.status).toBe(1);
    expect(count(run.stdout, 'Compared with')).toBe(1);
    expect(count(run.stdout, 'http pool app\n')).toBe(1);
    expect(run.stdout).toContain('\nnginx/conf.d/app.conf\nhttp pool app\n');
    expect(count(run.stdout, '10.0.0.1:80   33.3%    71.4%  +38.1 pts')).toBe(1);
    // Three share shifts, all in the one file they are written in, of the three files compared.
    expect(run.stdout.trim().split('\n').at(-1)).toBe('Found 1 drift (1 warning) in 1 of 3 files.');
  });

  it('counts the files drift is in when it is in included files only', () => {
    const repo = stableRepo();
    repo.write({
      'nginx/conf.d/app.conf': APP.replace('10.0.0.1:80;', '10.0.0.1:80 down;'),
      'nginx/conf.d/v2.conf': APP_V2.replace('10.0.1.1:80;', '10.0.1.1:80 weight=3;'),
    });
    const run = runCli(['diff', '--fail-on', 'error', 'nginx/nginx.conf'], { cwd: repo.dir });
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^Found \d+ drifts \(.*\) in 2 of 3 files\.$/);
  });

  it('reports a location moved to another pool, with the traffic that moves, and offers the revert', () => {
    const repo = stableRepo();
    repo.write({ 'nginx/nginx.conf': MAIN.replace('location /api { proxy_pass http://app; }', 'location /api { proxy_pass http://app_v2; }') });
    const run = runCli(['diff', 'nginx/nginx.conf'], { cwd: repo.dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `drift-route-changed [warning] server example.com > location /api: proxy_pass app -> app_v2 since ${TAG}: ` +
        "all requests to location /api (100%) now go to upstream app_v2's 2 members (10.0.1.1:80 50%, 10.0.1.2:80 50%) " +
        "instead of upstream app's 3 members (10.0.0.1:80 33%, 10.0.0.2:80 33%, 10.0.0.3:80 33%).",
    );
    const json = JSON.parse(runCli(['diff', '--format', 'json', 'nginx/nginx.conf'], { cwd: repo.dir }).stdout);
    const route = json.files.flatMap((f: { findings: unknown[] }) => f.findings).find((f: { rule: string }) => f.rule === 'drift-route-changed');
    expect(route).toMatchObject({ severity: 'warning', line: 7, fixes: [{ title: 'Revert to stable value', safety: 'unsafe' }] });
  });

  it('reports a route from a pool to a plain host, and no route change when only the path after the pool changed', () => {
    const repo = stableRepo();
    repo.write({
      'nginx/nginx.conf': MAIN.replace('http://app;', 'http://api.internal:8080;').replace('http://app_v2;', 'http://app_v2/v2/;'),
    });
    const json = JSON.parse(runCli(['diff', '--format', 'json', 'nginx/nginx.conf'], { cwd: repo.dir }).stdout);
    const routes = json.files.flatMap((f: { findings: { rule: string; message: string }[] }) => f.findings).filter((f: { rule: string }) => f.rule === 'drift-route-changed');
    expect(routes.map((f: { message: string }) => f.message.split(':')[0])).toEqual(['server example.com > location /api']);
    expect(routes[0].message).toContain('proxy_pass app -> api.internal');
    expect(routes[0].message).toContain('now go to the host api.internal');
  });
});
