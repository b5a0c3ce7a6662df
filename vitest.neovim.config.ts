/**
 * `npm run test:neovim`: the Neovim language-client tests only. They share the main config's
 * global setup, which builds server/out/server.js, so Neovim runs the bundle as it ships.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

export default defineConfig({
  test: {
    include: ['test/neovim/**/*.test.ts'],
    globalSetup: base.test?.globalSetup ?? ['test/setup/build.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
