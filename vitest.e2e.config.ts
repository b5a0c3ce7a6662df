import { defineConfig } from 'vitest/config';

// The VS Code end-to-end test (`npm run test:e2e`): code-server with the packaged lb-drift.vsix,
// driven in headless Chromium. `bash test/e2e/setup.sh` installs the tools and packages the VSIX
// first; the bundles are not rebuilt here, since the test must run exactly what the VSIX ships.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    // Every wait inside a test is bounded (60 s for the first activation, 15 s per step); these
    // bounds only catch a hang between waits. Starting code-server and Chromium is one hook.
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
