import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

/**
 * `npm run screens`: screenshots of every page and state (tests/ui/screens.capture.ts) into
 * docs/screens. Not a test: the normal run (playwright.config.ts) does not match this file.
 */
export default defineConfig({
  ...baseConfig,
  testMatch: ['ui/screens.capture.ts'],
  workers: 1,
  timeout: 300_000,
  outputDir: 'test-results/screens',
});
