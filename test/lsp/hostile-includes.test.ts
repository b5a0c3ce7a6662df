/**
 * The language server against a hostile config: includes of a secret outside the workspace,
 * /proc/self/environ and a named pipe. Its diagnostics must name what was refused and quote no
 * secret, and a named pipe must not stall it: before, the server blocked reading the pipe and
 * never answered for any document again.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';
import { tmpTree } from '../helpers/tmp';

const SECRET = 'ghp_SECRETsecretSECRET0123456789';
const POOL = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n';

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

/** Starts the server with a CI token in its environment, as an editor launched from a CI shell has. */
function serverWithToken(): LspTestClient {
  const saved = process.env.GITHUB_TOKEN;
  process.env.GITHUB_TOKEN = SECRET;
  try {
    return new LspTestClient();
  } finally {
    if (saved === undefined) delete process.env.GITHUB_TOKEN;
    else process.env.GITHUB_TOKEN = saved;
  }
}

describe.runIf(process.platform === 'linux')('language server and hostile includes', () => {
  it('publishes include problems without a secret and keeps answering other documents past a named pipe', async () => {
    const secrets = tmpTree({ 'token.env': `GITHUB_TOKEN=${SECRET}\n`, shadow: `root:$6$${SECRET}:19000:0:99999:7:::\n` });
    const dir = tmpTree({});
    execFileSync('mkfifo', [join(dir, 'pipe.conf')]);
    const includes = [join(secrets, 'token.env'), join(secrets, 'shadow'), '/proc/self/environ', join(dir, 'pipe.conf'), '/dev/zero'];
    const hostile = pathToFileURL(join(dir, 'hostile.nginx')).href;
    const plain = pathToFileURL(join(dir, 'plain.nginx')).href;
    client = serverWithToken();
    await client.initialize();
    await client.open(hostile, `http {\n${includes.map((p) => `    include ${p};\n`).join('')}${POOL}}\n`);
    const published = await client.diagnostics(hostile);
    const messages = published.diagnostics.filter((d) => d.code === 'include-error').map((d) => d.message);
    expect(messages).toHaveLength(includes.length);
    expect(messages.join('\n')).toContain('not an nginx config');
    expect(messages.join('\n')).toContain('named pipe');
    expect(JSON.stringify(published)).not.toContain('SECRET');
    await client.open(plain, `upstream app { server 10.0.0.1 weight=9; server 10.0.0.2; server 10.0.0.3; }\n`);
    const other = await client.diagnostics(plain);
    expect(other.diagnostics.map((d) => d.code)).toContain('weight-skew');
  });
});
