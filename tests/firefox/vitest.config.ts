import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * The Firefox suite (tests/firefox/README.md): Node tests that drive headless firefox-esr over
 * WebDriver BiDi with puppeteer-core. Each file starts its own Firefox; its tests run in order.
 * Two files at a time (`FIREFOX_WORKERS`, 2 by default): the auto-lock file mostly waits for its
 * one-minute alarm while the other files run beside it (measured here on the shared 2-core
 * machine, noisy: 68-83 s over five runs, against 109 s one at a time).
 */
/** The long auto-lock file first, so that the other files run beside its wait (not after it). */
class AutoLockFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const longFirst = (file: TestSpecification) => (file.moduleId.endsWith('/auto-lock.test.ts') ? 0 : 1);
    return [...sorted].sort((a, b) => longFirst(a) - longFirst(b));
  }
}

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
    sequence: { sequencer: AutoLockFirst },
  },
});
