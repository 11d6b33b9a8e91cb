import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{engine,definitions,runtime,designer,examples,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    // Setup hooks start real servers and databases; on a loaded 2-core machine they can exceed vitest's 10 s default.
    hookTimeout: 60_000,
  },
});
