// `npm run fuzz`: bundles the fuzz harness (test/fuzz/run.ts, TypeScript) with esbuild and runs
// it, passing the command-line options on (e.g. `npm run fuzz -- --seed 42 --inputs 20000`).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'node_modules/.cache/lb-drift-fuzz/run.cjs');

// The test helpers find the corpus and the case folder from their own __dirname; in one bundle
// every module would share the bundle's, so each test module gets its own folder written in.
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /[\\/]test[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('__dirname', JSON.stringify(dirname(args.path))),
      loader: 'ts',
    }));
  },
};

await esbuild.build({
  entryPoints: [join(root, 'test/fuzz/run.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [ownDirname],
});
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
