import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{engine,definitions,runtime,designer,examples,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
