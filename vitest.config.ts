import { defineConfig } from 'vitest/config';

// The pure parts (no database, no server, no browser, no global state) share their workers'
// module cache: importing the compiler, the engine and FEEL once per worker instead of once per
// file is most of their run time. The runtime and browser suites start servers, databases and
// Chromium and stay isolated, one file per fresh module graph.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    // Setup hooks start real servers and databases; on a loaded 2-core machine they can exceed vitest's 10 s default.
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'pure',
          include: ['{engine,definitions,designer}/**/*.test.ts', 'test/architecture.test.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        // test/demo-month.test.ts, test/case-figures.test.ts, test/dashboard-counters.test.ts and test/figure-drill.test.ts drive the examples' demo month against a test runtime: runtime suites.
        test: {
          name: 'runtime',
          include: [
            '{runtime,examples}/**/*.test.ts',
            'test/demo-month.test.ts',
            'test/case-figures.test.ts',
            'test/dashboard-counters.test.ts',
            'test/figure-drill.test.ts',
          ],
        },
      },
      {
        extends: true,
        // A real Chromium on a loaded 2-core CI machine now and then misses a step that passes on every
        // other run; CI tries a failed browser test once more. Each failed try prints what the page showed
        // (browser-app.ts), so a flake stays visible in the log instead of refusing the whole run.
        test: { name: 'browser', include: ['test/**/*.browser.test.ts'], retry: process.env.CI ? 1 : 0 },
      },
    ],
  },
});
