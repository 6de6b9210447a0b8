import type { Page } from '@playwright/test';
import { test as base, collectDiagnostics, expect, openExtensionPage, reportDiagnostics } from './fixtures/test';
import { launchExtension, type LaunchedExtension } from './fixtures/launch';
import { clickToolbarButton } from './fixtures/extension-action';
import { call } from './fixtures/messaging';
import { mockProviderFixture, testPagesFixture } from './fixtures/per-test';
import { writeStorage } from './fixtures/storage';
import type { PageServer } from './pages/serve';
import type { MockProvider } from '../mock-provider/server';

/**
 * Issue 16's captures through the product's own UI: the composer's attach menu in the side panel
 * page (opened as a tab in the same window, like tests/e2e/side-panel.spec.ts: it captures the
 * tab in front of its window) and in the popup. The served page is in front and Keyward was
 * opened from it with a real toolbar click (activeTab). The panel is a background tab (the page
 * must be in front to be captured), so its controls are clicked with dispatched clicks: the same
 * React handlers a mouse click runs. The pixel-exact checks of the crop stay in capture.spec.ts
 * (they read the captured File before the composer fits it).
 */

interface UiFixtures {
  pages: PageServer;
  mock: MockProvider;
}

const test = base.extend<UiFixtures>({
  pages: testPagesFixture,
  mock: mockProviderFixture,
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  ext: async ({}, use, testInfo) => {
    // No viewport emulation: the page has the window's real size, as the user sees it.
    const ext = await launchExtension({ realViewport: true, extraArgs: ['--window-size=1280,800'] });
    const diagnostics = collectDiagnostics(ext.context);
    try {
      await use(ext);
    } finally {
      await reportDiagnostics(testInfo, diagnostics());
      await ext.removeProfile();
    }
  },
});

const PASSPHRASE = 'e2e capture ui passphrase 16';

/** An unlocked vault with one OpenAI key pointed at the mock provider; gpt-4o-mini (it sees images) is the chat's model. */
async function vaultWithMockKey(ext: LaunchedExtension, mock: MockProvider): Promise<void> {
  const options = await openExtensionPage(ext, 'options');
  await call(options, 'vault.create', { passphrase: PASSPHRASE });
  const key = await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: 'sk-proj-e2eCAPTUREkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  await writeStorage(options, 'local', 'lastTargets', [{ keyId: key.id, model: 'gpt-4o-mini' }]);
  await options.close();
}

/** The served page in front of the window, the panel page a background tab of it, Keyward opened from the page (activeTab). */
async function setUp(ext: LaunchedExtension, pages: PageServer, page = 'capture.html'): Promise<{ target: Page; panel: Page }> {
  const target = await ext.context.newPage();
  await target.goto(pages.url(page));
  const panel = await openExtensionPage(ext, 'sidepanel');
  await expect(panel.getByRole('button', { name: 'Attach' })).toBeEnabled();
  await target.bringToFront();
  await clickToolbarButton(ext, target);
  return { target, panel };
}

/** Opens the composer's attach menu and chooses an item, as a click on each does. */
async function chooseFromAttachMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Attach' }).dispatchEvent('click');
  await page.getByRole('menuitem', { name: item }).dispatchEvent('click');
}

/** Whether the region overlay is on the page: our host element (its inside is a closed shadow root). */
function overlayShown(target: Page): Promise<boolean> {
  return target.evaluate(() => [...document.documentElement.children].some((element) => element instanceof HTMLDivElement && element.style.zIndex === '2147483647'));
}

/** Drags with the real mouse over the page, from one point to another (CSS pixels of the viewport). */
async function drag(target: Page, from: [number, number], to: [number, number]): Promise<void> {
  await target.mouse.move(...from);
  await target.mouse.down();
  await target.mouse.move((from[0] + to[0]) / 2, (from[1] + to[1]) / 2, { steps: 4 });
  await target.mouse.move(...to, { steps: 4 });
  await target.mouse.up();
}

const chipsOf = (page: Page) => page.getByRole('list', { name: 'Attachments' }).getByTestId('attachment-chip');

test('side panel: "Capture this tab" and "Capture a region" from the attach menu become chips with estimates, and both images reach the provider', async ({ ext, pages, mock }) => {
  await vaultWithMockKey(ext, mock);
  const { target, panel } = await setUp(ext, pages);
  const site = `127.0.0.1:${pages.port}`;
  const chips = chipsOf(panel);

  await chooseFromAttachMenu(panel, 'Capture this tab');
  await expect(chips).toHaveCount(1);
  const tab = chips.filter({ hasText: `Screenshot of ${site}.png` });
  await expect(tab.getByTestId('attachment-details')).toContainText(/~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as an image/, { timeout: 20_000 });
  await expect(tab.locator('img.attachment-thumb')).toHaveAttribute('src', /^blob:/);

  await chooseFromAttachMenu(panel, 'Capture a region');
  await expect.poll(() => overlayShown(target)).toBe(true);
  // The green block of capture.html, 240 × 120 CSS pixels at 100,80.
  await drag(target, [100, 80], [340, 200]);
  await target.keyboard.press('Enter');
  await expect(chips).toHaveCount(2);
  const region = chips.filter({ hasText: `Screenshot of ${site} (region).png` });
  await expect(region.getByTestId('attachment-details')).toContainText(/~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as an image/, { timeout: 20_000 });
  expect(await overlayShown(target)).toBe(false);
  await expect(panel.locator('.composer-note')).toHaveCount(0);

  const box = panel.getByRole('textbox', { name: 'Message' });
  await box.fill('What is on this page?');
  await box.press('Enter');
  await expect(panel.getByRole('article', { name: 'Assistant' })).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(chips).toHaveCount(0);

  const posted = mock.requests.filter((request) => request.method === 'POST' && request.body.includes('What is on this page?'));
  expect(posted).toHaveLength(1);
  const body = JSON.parse(posted[0]?.body ?? '{}') as { messages: { role: string; content: unknown }[] };
  const question = body.messages.at(-1);
  expect(question?.role).toBe('user');
  const parts = question?.content as { type: string; text?: string; image_url?: { url: string } }[];
  expect(parts.filter((part) => part.type === 'text').map((part) => part.text)).toEqual(['What is on this page?']);
  const images = parts.filter((part) => part.type === 'image_url').map((part) => part.image_url?.url ?? '');
  expect(images).toHaveLength(2);
  for (const url of images) expect(url).toMatch(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]{100,}/);
  // What left is what was captured: the whole tab at the window's size, then the 240 × 120 green block.
  const sizes = await panel.evaluate(async (urls) => {
    const out: { width: number; height: number; centre: number[] }[] = [];
    for (const url of urls) {
      // The page's CSP refuses fetch() of a data: URL: decode the base64 here.
      const [head = '', data = ''] = url.split(',');
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: head.slice(5, head.indexOf(';')) }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(bitmap, 0, 0);
      out.push({ width: bitmap.width, height: bitmap.height, centre: [...context.getImageData(bitmap.width >> 1, bitmap.height >> 1, 1, 1).data.slice(0, 3)] });
    }
    return out;
  }, images);
  const viewport = await target.evaluate(() => ({ width: innerWidth * devicePixelRatio, height: innerHeight * devicePixelRatio }));
  expect(sizes[0]).toMatchObject(viewport);
  expect(sizes[1]).toMatchObject({ width: 240, height: 120 });
  const [r, g, b] = sizes[1]?.centre ?? [];
  expect(g).toBeGreaterThan(150);
  expect(Math.max(r ?? 255, b ?? 255)).toBeLessThan(40);
});

test('side panel: on a never-send site "Capture this tab" says what "Use this page" says, and adds no chip', async ({ ext, pages }) => {
  const { target, panel } = await setUp(ext, pages);
  await writeStorage(panel, 'local', 'neverSendSites', ['127.0.0.1']);
  const refusal = `127.0.0.1:${pages.port} is on your never-send list: Keyward does not read or send its text.`;

  await chooseFromAttachMenu(panel, 'Capture this tab');
  await expect(panel.locator('.composer-note')).toHaveText(refusal);
  await expect(chipsOf(panel)).toHaveCount(0);

  await chooseFromAttachMenu(panel, 'Capture a region');
  await expect(panel.locator('.composer-note')).toHaveText(refusal);
  expect(await overlayShown(target)).toBe(false);
  await expect(chipsOf(panel)).toHaveCount(0);

  // "Use this page" refuses the same site with the same words.
  await panel.getByRole('button', { name: 'Use this page' }).dispatchEvent('click');
  await expect(panel.getByTestId('page-error')).toHaveText(refusal);
});

test('popup: "Capture a region", when chosen, says to use the side panel and starts nothing', async ({ ext, pages }) => {
  const target = await ext.context.newPage();
  await target.goto(pages.url('capture.html'));
  const popup = await openExtensionPage(ext, 'popup');
  await target.bringToFront();
  await clickToolbarButton(ext, target);
  await chooseFromAttachMenu(popup, 'Capture a region');
  await expect(popup.locator('.composer-note')).toHaveText('Capture a region from the side panel: this popup closes as soon as you click the page.');
  expect(await overlayShown(target)).toBe(false);
  await expect(chipsOf(popup)).toHaveCount(0);
});

test('side panel: Escape cancels the region, and a page that navigates away under the overlay ends it: no chip, no note', async ({ ext, pages }) => {
  const { target, panel } = await setUp(ext, pages);
  await chooseFromAttachMenu(panel, 'Capture a region');
  await expect.poll(() => overlayShown(target)).toBe(true);
  await drag(target, [100, 80], [340, 200]);
  await target.keyboard.press('Escape');
  await expect.poll(() => overlayShown(target)).toBe(false);
  // The capture is over: the item can be chosen again (it is off while a capture runs).
  await panel.getByRole('button', { name: 'Attach' }).dispatchEvent('click');
  await expect(panel.getByRole('menuitem', { name: 'Capture a region' })).not.toHaveAttribute('aria-disabled', 'true');
  await panel.getByRole('menuitem', { name: 'Capture a region' }).dispatchEvent('click');
  await expect.poll(() => overlayShown(target)).toBe(true);
  await target.goto(pages.url('second.html'));
  await panel.getByRole('button', { name: 'Attach' }).dispatchEvent('click');
  await expect(panel.getByRole('menuitem', { name: 'Capture a region' })).not.toHaveAttribute('aria-disabled', 'true');
  expect(await overlayShown(target)).toBe(false);
  await expect(chipsOf(panel)).toHaveCount(0);
  await expect(panel.locator('.composer-note')).toHaveCount(0);
});

test('side panel: without activeTab (Keyward not opened from the tab) the note says how to allow it; the browser\'s own pages cannot be captured', async ({ ext, pages }) => {
  const target = await ext.context.newPage();
  await target.goto(pages.url('capture.html'));
  const panel = await openExtensionPage(ext, 'sidepanel');
  await target.bringToFront();
  // The build has the host permission for 127.0.0.1 (a local server): not enough for a screenshot.
  for (const item of ['Capture this tab', 'Capture a region']) {
    await chooseFromAttachMenu(panel, item);
    await expect(panel.locator('.composer-note')).toHaveText(/^Keyward may not capture this tab yet\. To let it, open Keyward from the tab/);
  }
  expect(await overlayShown(target)).toBe(false);

  await target.goto('chrome://version/');
  await clickToolbarButton(ext, target);
  await chooseFromAttachMenu(panel, 'Capture this tab');
  await expect(panel.locator('.composer-note')).toHaveText(/The browser's own pages \(settings, new tab, chrome:\/\/ and about: pages\) and the extension stores cannot be captured at all\.$/);
  await expect(chipsOf(panel)).toHaveCount(0);
});
