// Bundles the benchmark (it imports the engine from source) and runs it with --expose-gc,
// passing on its arguments (--quick, --only=warm,cold).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { yamlDebugOff } from '../scripts/yaml-debug-off.mjs';

await esbuild.build({
  entryPoints: ['bench/main.ts'],
  outfile: 'bench/out/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  plugins: [yamlDebugOff],
});
const run = spawnSync(process.execPath, ['--expose-gc', 'bench/out/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
