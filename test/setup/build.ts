/**
 * Builds the bundles once before the tests, so CLI and LSP tests always run the code under test
 * exactly as it ships (server/out/cli.js, server/out/server.js).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: join(__dirname, '../..'), stdio: 'inherit' });
}
