// Builds the three bundles: the VS Code client, the language server and the CLI. One bundle per
// entry keeps activation fast and the VSIX small (no node_modules inside).
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { yamlDebugOff } from './scripts/yaml-debug-off.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [yamlDebugOff],
  // Some dependencies ship ESM that calls createRequire(import.meta.url); in a CommonJS bundle
  // import.meta is empty, so it is defined from the bundle's own file name.
  define: { LB_DRIFT_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__lbDriftImportMetaUrl' },
  banner: { js: "const __lbDriftImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
};
const shebang = { js: `#!/usr/bin/env node\n${common.banner.js}` };

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  // The language client, loaded after activation (client/src/server-start.ts).
  { ...common, entryPoints: ['client/src/language-client.ts'], outfile: 'client/out/language-client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'server/out/server.js', banner: shebang },
  { ...common, entryPoints: ['server/src/cli/bin.ts'], outfile: 'server/out/cli.js', banner: shebang },
  // The CLI's ring helper thread (server/src/cli/ring-helper.ts) runs from a bundle of its own: it
  // holds only the ring code, so the thread does not compile and initialise the whole CLI.
  { ...common, entryPoints: ['server/src/cli/ring-helper-bin.ts'], outfile: 'server/out/ring-helper.js' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const { outfile } of builds.filter((options) => options.banner === shebang)) chmodSync(outfile, 0o755);
}
