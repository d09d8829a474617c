import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Clock walks over a year of due instants take ~10 s idle and several times that on a busy machine: the bound catches
    // a hang, not slowness (speed goals live in `npm run bench`).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
    globalSetup: ['test/support/global-setup.ts'],
  },
});
