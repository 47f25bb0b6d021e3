import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // The engine and the test images are made once, before any e2e file runs.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'examples',
          include: ['examples/library-test/**/*.test.ts'],
          environment: 'node',
          // The e2e setup first (engine, images), then the example's own: it brings its stack up.
          globalSetup: ['test/e2e/global-setup.ts', 'examples/library-test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
