import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'plugins/**/*.test.ts', 'src/**/*.test.ts'],
    // The packaging test installs from the registry: `npm run test:package`.
    exclude: ['test/package/**', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests bind 127.0.0.1 only; fail loudly rather than hang on a forgotten handle.
    teardownTimeout: 5_000,
  },
});
