import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the built extension: tests/e2e, tests/security, tests/resilience and tests/ui
 * (layout and axe on every page; `npx playwright test tests/ui` runs those alone).
 * Each test launches its own headless Chromium (the system one, see tests/e2e/fixtures/paths.ts)
 * with a fresh profile. Two workers fit the 2-core CI machines: the one long auto-lock test
 * runs while the other worker goes through the rest.
 */
export default defineConfig({
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'security/**/*.spec.ts', 'resilience/**/*.spec.ts', 'ui/**/*.spec.ts'],
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  reporter: 'list',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  outputDir: 'test-results/e2e',
  use: {
    trace: 'off',
    screenshot: 'off',
    video: 'off',
  },
});
