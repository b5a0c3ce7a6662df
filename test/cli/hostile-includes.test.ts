/**
 * A hostile config against the CLI: includes of secrets outside the configuration's folder,
 * /proc/self/environ, devices, named pipes and huge files; `--config` on a device or a pipe; a
 * `.lb-drift.yaml` that is not a file. The run must finish, say what was refused, and print no
 * secret in any format. Before, /proc/self/environ printed GITHUB_TOKEN into every format, a
 * named pipe hung the run and /dev/zero grew to gigabytes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

const SECRET = 'ghp_SECRETsecretSECRET0123456789';
const POOL = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\nserver {\n    location / { proxy_pass http://app; }\n}\n';
const linux = process.platform === 'linux';

/** Runs the CLI with a CI token in its environment, as a GitHub Actions job has; a hang fails at the timeout. */
function run(args: readonly string[], cwd: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GITHUB_TOKEN: SECRET };
  delete env.FORCE_COLOR;
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, stdout: result.stdout, stderr: result.stderr };
}

function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

/** Secrets in the formats they are kept in, in a folder outside the checked configuration. */
function secretsOutsideTheTree(): Record<string, string> {
  const dir = tmpTree({
    'token.env': `GITHUB_TOKEN=${SECRET}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    shadow: `root:$6$${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`,
    id_rsa: `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`,
    'git-credentials': `https://ci:${SECRET}@github.com\n`,
    'docker.json': `{ "auths": { "ghcr.io": { "auth": "${SECRET}" } } }\n`,
    bashrc: `# ~/.bashrc\nif [ -f /etc/bashrc ]; then . /etc/bashrc; fi\nexport GITHUB_TOKEN=${SECRET}\n`,
  });
  return Object.fromEntries(['token.env', 'shadow', 'id_rsa', 'git-credentials', 'docker.json', 'bashrc'].map((name) => [name, join(dir, name)]));
}

describe('hostile includes', () => {
  it.runIf(linux)('never prints a secret from an included file, in any format', () => {
    const secrets = secretsOutsideTheTree();
    const includes = [...Object.values(secrets), '/proc/self/environ', 'conf.d/*.conf'];
    const dir = tmpTree({ 'nginx.conf': `http {\n${includes.map((p) => `    include ${p};\n`).join('')}${POOL}}\n` });
    mkdirSync(join(dir, 'conf.d'));
    symlinkSync(secrets['token.env']!, join(dir, 'conf.d/leak.conf'));
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const result = run(['check', '--format', format, 'nginx.conf'], dir);
      expect(result.status, `${format}: ${result.output}`).toBe(1);
      expect(result.output, format).not.toContain('SECRET');
      expect(result.output, format).toContain('include-error');
    }
    const text = run(['check', 'nginx.conf'], dir).output;
    for (const path of Object.values(secrets)) expect(text).toContain(`${path} is not an nginx config`);
    expect(text).toContain('/proc/self/environ is in /proc');
  });

  it.runIf(linux)('finishes on devices, a named pipe, a link to /proc and a 300 MB file, and names each', () => {
    const dir = tmpTree({});
    fifo(join(dir, 'pipe.conf'));
    symlinkSync('/proc/self/environ', join(dir, 'environ.conf'));
    execFileSync('truncate', ['-s', '300M', join(dir, 'sparse.conf')]);
    const includes = ['/dev/zero', '/dev/urandom', join(dir, 'pipe.conf'), join(dir, 'environ.conf'), join(dir, 'sparse.conf')];
    const root = tmpTree({ 'nginx.conf': `http {\n${includes.map((p) => `    include ${p};\n`).join('')}${POOL}}\n` });
    const result = run(['check', 'nginx.conf'], root);
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain('/dev/zero is in /dev');
    expect(result.output).toContain('/dev/urandom is in /dev');
    expect(result.output).toContain('pipe.conf is a named pipe (FIFO)');
    expect(result.output).toContain('environ.conf is in /proc');
    expect(result.output).toContain('256 MB limit per file (300 MB)');
    expect(result.output).not.toContain('SECRET');
  });

  it('refuses a root file that is a named pipe, and a .gitignore that is one does not stall the walk', () => {
    const dir = tmpTree({ 'site.nginx': POOL });
    fifo(join(dir, 'pipe.nginx'));
    fifo(join(dir, '.gitignore'));
    const named = run(['check', 'pipe.nginx'], dir);
    expect(named.status).toBe(2);
    expect(named.stderr).toContain('named pipe');
    expect(run(['check', '.'], dir).status).toBe(0);
  });
});

describe('hostile --config and .lb-drift.yaml', () => {
  it.runIf(linux)('--config on /dev/zero or a named pipe is a usage error, exit 2', () => {
    const dir = tmpTree({ 'site.nginx': POOL });
    fifo(join(dir, 'pipe.yaml'));
    for (const config of ['/dev/zero', 'pipe.yaml']) {
      const result = run(['check', '--config', config, 'site.nginx'], dir);
      expect(result.status, config).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^error: --config ${config}: .*(/dev|named pipe)`));
    }
  });

  it('--config on a secret is refused without quoting it', () => {
    const secrets = secretsOutsideTheTree();
    const dir = tmpTree({ 'site.nginx': POOL });
    for (const path of [secrets['token.env']!, secrets.shadow!, secrets.id_rsa!, secrets['git-credentials']!]) {
      const result = run(['check', '--config', path, 'site.nginx'], dir);
      expect(result.status, path).toBe(2);
      expect(result.stderr).toContain('is not an lb-drift project config');
      expect(result.output).not.toContain('SECRET');
    }
  });

  it('a .lb-drift.yaml that is a folder or a named pipe is a config error, not skipped', () => {
    const folder = tmpTree({ 'site.nginx': POOL });
    mkdirSync(join(folder, '.lb-drift.yaml'));
    const pipe = tmpTree({ 'site.nginx': POOL });
    fifo(join(pipe, '.lb-drift.yaml'));
    const asFolder = run(['check', 'site.nginx'], folder);
    expect(asFolder.status).toBe(2);
    expect(asFolder.stderr).toContain('.lb-drift.yaml is a folder, not a regular file');
    const asPipe = run(['check', 'site.nginx'], pipe);
    expect(asPipe.status).toBe(2);
    expect(asPipe.stderr).toContain('.lb-drift.yaml is a named pipe (FIFO)');
  });
});

describe('source snippets', () => {
  it('quote a bounded, marked excerpt of a long line, with the carets under the finding', () => {
    const padding = ' '.repeat(50_000);
    const dir = tmpTree({ 'site.nginx': `upstream app {${padding}server 10.0.0.1 weight=9; server 10.0.0.2; server 10.0.0.3; } # ${'x'.repeat(50_000)}\n` });
    const result = run(['check', 'site.nginx'], dir);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(400);
    const source = lines.findIndex((line) => line.includes('server 10.0.0.1 weight=9'));
    expect(lines[source]).toMatch(/^1 \| ….*…$/);
    expect(lines[source + 1]!.indexOf('^')).toBe(lines[source]!.indexOf('weight=9'));
  });
});
