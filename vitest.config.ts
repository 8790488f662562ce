import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/src/**/*.test.ts', 'test/**/*.test.ts', 'sdk/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.lumina/**'],
    pool: 'forks',
    // The browser tests open the built dashboard: build it once, first, when its sources changed.
    globalSetup: ['test/support/build-dashboard.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
