import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * The Firefox benchmarks (bench/firefox.bench.ts; scripts/bench.sh runs them after the Chromium ones):
 * headless firefox-esr driven over WebDriver BiDi with the Firefox suite's fixtures (tests/firefox).
 * One file, one Firefox at a time, no retries: timings must not compete with another browser.
 */
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['bench/firefox.bench.ts'],
    environment: 'node',
    globalSetup: ['tests/firefox/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
