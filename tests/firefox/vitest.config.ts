import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * The Firefox suite (tests/firefox/README.md): Node tests that drive headless firefox-esr over
 * WebDriver BiDi with puppeteer-core. Each file starts its own Firefox; its tests run in order.
 * Two files at a time (`FIREFOX_WORKERS`, 2 by default): the auto-lock file mostly waits for its
 * one-minute alarm while the other files run beside it (measured here: 68 s against 109 s one at
 * a time, same machine, same run).
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
    maxWorkers: Number(process.env.FIREFOX_WORKERS ?? 2),
    fileParallelism: Number(process.env.FIREFOX_WORKERS ?? 2) > 1,
    testTimeout: 120_000,
    hookTimeout: 90_000,
    retry: 0,
  },
});
