/**
 * The one file reader (host/safe-read.ts) and the checks on what an include or a project config
 * may be (host/include-content.ts, host/project-config.ts): regular files only, a byte limit
 * enforced while reading, nothing from /proc, /sys or /dev, and files that are plainly not
 * configs refused without quoting them. Each case below hung, ran out of memory or leaked a
 * secret before.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIncludeLoader } from '../../server/src/host/include-loader';
import { whyNotNginxConfig } from '../../server/src/host/include-content';
import { TOP_LEVEL_KEYS } from '../../server/src/host/config/from-text';
import { ProjectConfigCache } from '../../server/src/host/project-config';
import { MAX_FILE_BYTES, readText } from '../../server/src/host/read-text';
import { readBounded, readRegularFile } from '../../server/src/host/safe-read';
import { corpusAvailable, corpusFiles } from '../helpers/corpus';
import { tmpTree } from '../helpers/tmp';

const SECRET = 'ghp_SECRETsecretSECRET0123456789';
const linux = process.platform === 'linux';

function fifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

describe('readRegularFile', () => {
  it.runIf(linux)('refuses /proc, /sys and /dev, also through a symbolic link, without reading them', () => {
    const dir = tmpTree({});
    symlinkSync('/proc/self/environ', join(dir, 'environ.conf'));
    for (const path of ['/proc/self/environ', '/dev/zero', '/dev/urandom', '/sys/kernel/mm/transparent_hugepage/enabled', join(dir, 'environ.conf')]) {
      const read = readRegularFile(path, { maxBytes: MAX_FILE_BYTES });
      expect(read, path).toMatchObject({ ok: false, kind: 'system', message: expect.stringMatching(/never reads from \/proc, \/sys or \/dev/) });
    }
  });

  it('refuses a named pipe at once instead of waiting for a writer', () => {
    const path = fifo(join(tmpTree({}), 'pipe.conf'));
    expect(readRegularFile(path, { maxBytes: 1024 })).toMatchObject({ ok: false, kind: 'not-regular', message: expect.stringContaining('named pipe (FIFO)') });
    expect(readText(path)).toMatchObject({ ok: false });
  });

  it('refuses a folder and says so', () => {
    expect(readRegularFile(tmpTree({}), { maxBytes: 1024 })).toMatchObject({ ok: false, kind: 'not-regular', message: expect.stringContaining('is a folder') });
  });

  it('refuses a 300 MB sparse file without reading it', () => {
    const path = join(tmpTree({ 'huge.conf': '' }), 'huge.conf');
    truncateSync(path, 300 * 1024 * 1024);
    expect(readText(path)).toMatchObject({ ok: false, message: expect.stringContaining('256 MB limit per file (300 MB)') });
  });

  it('enforces the limit while reading: a source that reports no size stops at limit + 1 bytes', () => {
    // /dev/zero says its size is 0 and never ends; readRegularFile refuses it by path, so the
    // loop is tried on it directly.
    const fd = openSync('/dev/zero', 'r');
    try {
      expect(readBounded(fd, 3 * 1024 * 1024, 0)).toBeUndefined();
    } finally {
      closeSync(fd);
    }
  });

  it('reads an ordinary file, through a symbolic link too', () => {
    const dir = tmpTree({ 'real.conf': 'upstream a { server 10.0.0.1; }\n' });
    symlinkSync(join(dir, 'real.conf'), join(dir, 'link.conf'));
    expect(readText(join(dir, 'link.conf'))).toEqual({ ok: true, text: 'upstream a { server 10.0.0.1; }\n' });
    expect(readRegularFile(join(dir, 'real.conf'), { maxBytes: 10 })).toMatchObject({ ok: false, kind: 'too-large' });
  });
});

describe('whyNotNginxConfig', () => {
  const foreign: Record<string, string> = {
    environ: `GITHUB_TOKEN=${SECRET}\0PATH=/usr/bin\0`,
    dotenv: `# deploy secrets\nGITHUB_TOKEN=${SECRET}\nDB_PASSWORD=x\n`,
    shadow: `root:$6$${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`,
    passwd: 'root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000:A User,,,:/home/user:/bin/bash\n',
    pem: `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`,
    json: `{\n  "auths": { "ghcr.io": { "auth": "${SECRET}" } }\n}\n`,
    ini: `[default]\naws_secret_access_key = ${SECRET}\n`,
    yaml: `apiVersion: v1\nusers:\n- name: ci\n  user:\n    token: ${SECRET}\n`,
    netrc: `machine github.com login ci password ${SECRET}\n`,
    gitCredentials: `https://ci:${SECRET}@github.com\n`,
    shellProfile: `# ~/.bashrc\nif [ -f /etc/bashrc ]; then . /etc/bashrc; fi\nexport GITHUB_TOKEN=${SECRET}\n`,
    keyInTheMiddle: `server_name a;\n-----BEGIN RSA PRIVATE KEY-----\n${SECRET}\n`,
    binary: '\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f'.repeat(20),
  };
  for (const [name, text] of Object.entries(foreign)) {
    it(`refuses ${name} and quotes nothing of it`, () => {
      const reason = whyNotNginxConfig(text);
      expect(reason).toBeDefined();
      expect(reason).not.toContain('SECRET');
    });
  }

  it('accepts nginx configs, fragments and multi-line directives', () => {
    for (const text of [
      '',
      '# only a comment\n',
      'server 10.0.0.1 weight=5;\n',
      'proxy_cache_path /data/nginx/cache\n    levels=1:2\n    keys_zone=one:10m;\n',
      '~^/old/(.*)$ /new/$1;\n"/a" /b;\n',
      'types {\n  text/html html;\n}\n',
      'location / {\n  content_by_lua_block {\n    ngx.say("hi")\n  }\n}\n',
    ]) {
      expect(whyNotNginxConfig(text), text).toBeUndefined();
    }
  });

  it.runIf(corpusAvailable())('accepts every real config of the public corpus (only crossplane\'s deliberate garbage is refused)', () => {
    const refused = ['crossplane', 'nginx', 'nginx-tests']
      .flatMap((sub) => corpusFiles(sub))
      .filter((path) => whyNotNginxConfig(readFileSync(path, 'utf8')) !== undefined);
    // These three hold "asdfasdf..." under a "this file should never be included" comment.
    expect(refused.map((p) => p.replace(/.*\/configs\//, ''))).toEqual([
      'includes-globbed/servers/locations/not-included.conf',
      'includes-regular/conf.d/bar.conf',
      'includes-regular/conf.d/foo.conf',
    ]);
  });
});

describe('include loader', () => {
  it('turns a non-config include into a message that names the path and quotes nothing', () => {
    const dir = tmpTree({ 'nginx.conf': '', '.env': `GITHUB_TOKEN=${SECRET}\n` });
    const result = createIncludeLoader().include('.env', join(dir, 'nginx.conf'), join(dir, 'nginx.conf'));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`${join(dir, '.env')} is not an nginx config`) });
    expect(JSON.stringify(result)).not.toContain('SECRET');
  });

  it('refuses a named pipe include at once', () => {
    const dir = tmpTree({ 'nginx.conf': '' });
    fifo(join(dir, 'pipe.conf'));
    const result = createIncludeLoader().include('pipe.conf', join(dir, 'nginx.conf'), join(dir, 'nginx.conf'));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('named pipe') });
  });
});

describe('project config files', () => {
  it('reports a .lb-drift.yaml that is a folder or a named pipe instead of skipping it', () => {
    const dir = tmpTree({ 'a/site.nginx': '', 'b/site.nginx': '' });
    mkdirSync(join(dir, 'a/.lb-drift.yaml'));
    fifo(join(dir, 'b/.lb-drift.yaml'));
    const cache = new ProjectConfigCache();
    expect(cache.find(join(dir, 'a/site.nginx'))?.problems[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('is a folder') });
    expect(cache.find(join(dir, 'b/site.nginx'))?.problems[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('named pipe') });
  });

  it('refuses a .lb-drift.yaml that links to a secret, and quotes none of it', () => {
    const secrets = tmpTree({ shadow: `root:$6$${SECRET}:19000:0:99999:7:::\n`, token: `${SECRET}\n`, 'creds.yaml': `token: ${SECRET}\n` });
    for (const [target, unusable] of [['shadow', 'not-config'], ['token', 'not-config'], ['creds.yaml', undefined]] as const) {
      const dir = tmpTree({ 'site.nginx': '' });
      symlinkSync(join(secrets, target), join(dir, '.lb-drift.yaml'));
      const result = new ProjectConfigCache().find(join(dir, 'site.nginx'))!;
      expect(result.unusable, target).toBe(unusable);
      // A YAML mapping of unknown keys is reported key by key; values are never quoted.
      expect(result.problems.length, target).toBe(1);
      expect(JSON.stringify(result), target).not.toContain('SECRET');
    }
  });

  it('still reads a valid config and reports its own mistakes with their values', () => {
    const dir = tmpTree({ '.lb-drift.yaml': 'rules:\n  weight-skew: loud\n', 'site.nginx': '' });
    const result = new ProjectConfigCache().find(join(dir, 'site.nginx'))!;
    expect(result.unusable).toBeUndefined();
    expect(result.problems[0]?.message).toContain('"loud"');
  });

  it('knows exactly the top-level keys of the schema', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../schemas/lb-drift.schema.json'), 'utf8')) as { properties: object };
    expect([...TOP_LEVEL_KEYS].sort()).toEqual(Object.keys(schema.properties).sort());
  });
});
