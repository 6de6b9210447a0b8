import { defineConfig } from '@playwright/test';

/**
 * Benchmarks of the built extension in real Chromium (see BENCHMARKS.md and scripts/bench.sh).
 * One worker, no retries: timings must not compete with another browser.
 * BENCH_QUICK=1 runs every benchmark once (a smoke check of the suite, no BENCHMARKS.md rewrite).
 */
export default defineConfig({
  testDir: '.',
  testMatch: ['*.bench.ts'],
  // Firefox's benchmarks run under Vitest with puppeteer-core (bench/firefox.bench.config.ts).
  testIgnore: ['firefox.bench.ts'],
  globalSetup: '../tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 600_000,
  outputDir: '../test-results/bench',
  use: { trace: 'off', screenshot: 'off', video: 'off' },
});
