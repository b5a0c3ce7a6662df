// `npm start`: builds lb-drift and runs its main job on the bundled examples: the findings first,
// then the predicted share of every member of every pool.
import { spawnSync } from 'node:child_process';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' });

const build = run(process.execPath, ['esbuild.mjs']);
if (build.status !== 0) process.exit(build.status ?? 1);

console.log('\n$ lb-drift check examples\n');
const check = run(process.execPath, ['server/out/cli.js', 'check', 'examples']);
console.log('\n$ lb-drift shares examples\n');
const shares = run(process.execPath, ['server/out/cli.js', 'shares', 'examples']);

// The examples contain deliberate problems, one of them a parse error, so `check` exits 2 here;
// in CI that exit code fails the build. Anything else (a crash, a signal) is a real failure.
const expected = (status) => status === 0 || status === 1 || status === 2;
if (!expected(check.status) || !expected(shares.status)) process.exit(1);
console.log(
  `lb-drift check exited ${check.status}` +
    (check.status === 2 ? ' because examples/nginx/broken.nginx has a parse error on purpose (CI would fail on it).' : '.'),
);
