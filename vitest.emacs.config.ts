/**
 * `npm run test:emacs`: the Emacs (eglot) language-client test only. It shares the main config's
 * global setup, which builds server/out/server.js, so Emacs runs the bundle as it ships.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({
  test: {
    include: ['test/emacs/**/*.test.ts'],
    globalSetup: base.test?.globalSetup ?? ['test/setup/build.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
