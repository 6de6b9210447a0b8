import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { inFirefoxChrome } from './fixtures/background';
import { call } from './fixtures/messaging';
import { pickModel, sendInUi } from './fixtures/ui-steps';
import { servePages, type PageServer } from '../e2e/pages/serve';

/**
 * "Capture this tab" and "Capture a region" in Firefox through the composer's real attach menu,
 * in the side panel page opened as a background tab of the captured page's window (it captures
 * the tab in front of its window; the suite reads the real sidebar but does not chat in it, see
 * README.md): refused without activeTab, then, once Keyward has been opened from the tab, the
 * visible tab and a region picked with the real mouse and Enter become chips, and both images
 * reach the mock provider: the tab at the screen's size, the region exactly the green block.
 */

let ff: LaunchedFirefox;
let pages: PageServer;
let mock: MockProvider;
let target: Page;
let panel: Page;

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
  pages = await servePages();
  const options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: 'firefox capture passphrase 16' });
  await call(options, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-ffCAPTUREkey0123456789abcdefghi' }, settings: { baseUrl: `${mock.url}/v1` } });
  await options.close();
  target = await ff.openUrl(pages.url('capture.html'));
  panel = await ff.openPage('sidepanel');
  await pickModel(panel);
  await target.bringToFront();
});
afterAll(async () => {
  await ff?.removeProfile();
  await pages?.close();
  await mock?.close();
});

/**
 * Opens the composer's attach menu and chooses an item, with the clicks' own handlers: the panel
 * is a background tab (the page must stay in front to be captured).
 */
async function chooseFromAttachMenu(item: string): Promise<void> {
  await panel.evaluate(() => (document.querySelector('form.composer .composer-attach .menu-button') as HTMLButtonElement).click());
  await panel.waitForFunction((name: string) => [...document.querySelectorAll('[role="menuitem"]')].some((entry) => entry.textContent === name), { timeout: 15_000, polling: 100 }, item);
  await panel.evaluate((name: string) => ([...document.querySelectorAll('[role="menuitem"]')].find((entry) => entry.textContent === name) as HTMLButtonElement).click(), item);
}

const note = () => panel.evaluate(() => document.querySelector('form.composer .composer-note')?.textContent ?? '');
const chipNames = () =>
  panel.evaluate(() => [...document.querySelectorAll('[aria-label="Attachments"] [data-testid="attachment-chip"]')].map((chip) => (chip as HTMLElement).innerText.split('\n')[0] ?? ''));
const chipDetails = () => panel.evaluate(() => [...document.querySelectorAll('[aria-label="Attachments"] [data-testid="attachment-details"]')].map((details) => details.textContent ?? ''));

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const overlayShown = () => target.evaluate(() => [...document.documentElement.children].some((element) => element instanceof HTMLDivElement && element.style.zIndex === '2147483647'));

test('Firefox: without activeTab the capture is refused, and the composer says to open Keyward from the tab', async () => {
  await chooseFromAttachMenu('Capture this tab');
  expect(await until(note, (value) => value !== '')).toMatch(/^Keyward may not capture this tab yet\. To let it, open Keyward from the tab/);
  expect(await chipNames()).toEqual([]);
});

test('Firefox: once opened from the tab (activeTab), "Capture this tab" adds a chip of the visible page with its estimate', async () => {
  // What Firefox does when the user clicks the toolbar button on this tab (headless Firefox has no
  // button to click): the extension's activeTab grant for the selected tab.
  await inFirefoxChrome(ff.browser, `(() => { WebExtensionPolicy.getByID('keyward@keyward.dev').extension.tabManager.addActiveTabPermission(gBrowser.selectedTab); return 'null'; })()`);
  await chooseFromAttachMenu('Capture this tab');
  expect(await until(chipNames, (list) => list.length === 1)).toEqual([`Screenshot of 127.0.0.1:${pages.port}.png`]);
  expect((await until(chipDetails, (list) => /sent as /.test(list[0] ?? '')))[0]).toMatch(/~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as an image/);
  expect(await note()).toBe('');
});

test('Firefox: "Capture a region": drag over the green block, Enter, a second chip; both images reach the provider, the region exactly the block', async () => {
  await chooseFromAttachMenu('Capture a region');
  expect(await until(overlayShown, (shown) => shown)).toBe(true);
  await target.mouse.move(100, 80);
  await target.mouse.down();
  await target.mouse.move(220, 140, { steps: 4 });
  await target.mouse.move(340, 200, { steps: 4 });
  await target.mouse.up();
  await target.keyboard.press('Enter');
  expect(await until(chipNames, (list) => list.length === 2)).toEqual([`Screenshot of 127.0.0.1:${pages.port}.png`, `Screenshot of 127.0.0.1:${pages.port} (region).png`]);
  expect(await overlayShown()).toBe(false);
  await until(chipDetails, (list) => list.every((details) => /sent as /.test(details)));

  await sendInUi(panel, 'What is on this page?', 'complete');
  const posted = mock.requests.filter((request) => request.method === 'POST' && request.body.includes('What is on this page?'));
  expect(posted).toHaveLength(1);
  const body = JSON.parse(posted[0]!.body) as { messages: { role: string; content: unknown }[] };
  const parts = body.messages.at(-1)?.content as { type: string; image_url?: { url: string } }[];
  const images = parts.filter((part) => part.type === 'image_url').map((part) => part.image_url?.url ?? '');
  expect(images).toHaveLength(2);
  // Decoded in the page (its CSP refuses fetch() of a data: URL): size and the colours at the
  // centre and the four corners.
  const decoded = await panel.evaluate(async (urls: string[]) => {
    const out: { width: number; height: number; pixels: number[][] }[] = [];
    for (const url of urls) {
      const [head = '', data = ''] = url.split(',');
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: head.slice(5, head.indexOf(';')) }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.drawImage(bitmap, 0, 0);
      const at = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)];
      const w = bitmap.width;
      const h = bitmap.height;
      out.push({ width: w, height: h, pixels: [at(w >> 1, h >> 1), at(0, 0), at(w - 1, 0), at(0, h - 1), at(w - 1, h - 1)] });
    }
    return out;
  }, images);
  const screen = await target.evaluate(() => ({ width: innerWidth, height: innerHeight, dpr: devicePixelRatio }));
  expect(decoded[0]).toMatchObject({ width: Math.round(screen.width * screen.dpr), height: Math.round(screen.height * screen.dpr) });
  expect(decoded[1]).toMatchObject({ width: 240 * screen.dpr, height: 120 * screen.dpr });
  // The region is the green block (0, 192, 0) to its corners; the image may have been re-encoded
  // (JPEG) before it left, so each channel within a few levels.
  for (const pixel of decoded[1]?.pixels ?? []) {
    expect(pixel.map((channel, index) => Math.abs(channel - [0, 192, 0][index]!) <= 8)).toEqual([true, true, true]);
  }
});
