import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * The Firefox suite (tests/firefox/README.md): Node tests that drive headless firefox-esr over
 * WebDriver BiDi with puppeteer-core. One file at a time and one test at a time: each test starts
 * its own Firefox, and the CI machines have two cores.
 */
export default defineConfig({
  // WXT's plugin gives the `@/` alias that the fixtures' type imports use.
  plugins: [WxtVitest()],
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/firefox/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 90_000,
    retry: 0,
  },
});
