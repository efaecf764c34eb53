import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'generated/**/*.gen.test.ts'],
    // Connector suites start loopback servers; keep them bounded.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Warnings from connectors under test are asserted where they matter, not printed.
    silent: 'passed-only',
  },
});
