import { defineConfig } from 'vitest/config';

// `npm run test:package`: the package as a plugin author gets it (npm pack → npm install in an empty
// folder). Slow — the install compiles SQLite — so it is apart from `npm test`; .ci/run runs both.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    teardownTimeout: 5_000,
  },
});
