import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, navigate, type LaunchedFirefox } from './fixtures/launch';
import { inFirefoxChrome } from './fixtures/background';
import { loadedExtensionDir } from './fixtures/paths';
import { extensionWithCaptureHarness } from '../e2e/fixtures/capture-harness';
import { servePages, type PageServer } from '../e2e/pages/serve';

/**
 * "Capture this tab" and "Capture a region" in Firefox, through the same capture items as in
 * Chromium (the harness page of tests/e2e/capture.spec.ts, built into a copy of the Firefox build):
 * refused without activeTab, then, once Keyward has been opened from the tab, the visible tab and a
 * region picked with the real mouse and Enter.
 */

let ff: LaunchedFirefox;
let pages: PageServer;
let harnessBuild: { dir: string; remove(): Promise<void> };
let target: Page;
let harness: Page;

beforeAll(async () => {
  harnessBuild = await extensionWithCaptureHarness(loadedExtensionDir());
  ff = await launchFirefox({ extensionDir: harnessBuild.dir });
  pages = await servePages();
  target = await ff.openUrl(pages.url('capture.html'));
  harness = await ff.browser.newPage();
  await navigate(harness, `${ff.origin}/capture-harness.html`);
  await harness.waitForFunction(() => document.querySelectorAll('button').length === 2, { timeout: 30_000, polling: 100 });
  await target.bringToFront();
});
afterAll(async () => {
  await ff?.removeProfile();
  await pages?.close();
  await harnessBuild?.remove();
});

interface Seen {
  source: string;
  name: string;
  width: number;
  height: number;
  pixels: number[][];
}

/** Presses a capture item in the harness (a background tab: the page must stay in front). */
function choose(label: string): Promise<void> {
  return harness.evaluate((name) => [...document.querySelectorAll('button')].find((button) => button.textContent === name)?.click(), label);
}

const text = (testId: string) => harness.evaluate((id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '', testId);
const seen = async () => JSON.parse(await text('files')) as Seen[];

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const overlayShown = () => target.evaluate(() => [...document.documentElement.children].some((element) => element instanceof HTMLDivElement && element.style.zIndex === '2147483647'));

test('Firefox: without activeTab the capture is refused, and the user is told to open Keyward from the tab', async () => {
  await choose('Capture this tab');
  expect(await until(() => text('error'), (value) => value !== '')).toMatch(/^Keyward may not capture this tab yet\. To let it, open Keyward from the tab/);
  expect(await seen()).toEqual([]);
});

test('Firefox: once opened from the tab (activeTab), "Capture this tab" attaches the visible page', async () => {
  // What Firefox does when the user clicks the toolbar button on this tab (headless Firefox has no
  // button to click): the extension's activeTab grant for the selected tab.
  await inFirefoxChrome(ff.browser, `(() => { WebExtensionPolicy.getByID('keyward@keyward.dev').extension.tabManager.addActiveTabPermission(gBrowser.selectedTab); return 'null'; })()`);
  const viewport = await target.evaluate(() => ({ width: innerWidth, height: innerHeight, dpr: devicePixelRatio }));
  await choose('Capture this tab');
  const [file] = await until(seen, (list) => list.length === 1);
  expect(file).toMatchObject({ source: 'tab', name: `Screenshot of 127.0.0.1:${pages.port}.png`, width: Math.round(viewport.width * viewport.dpr), height: Math.round(viewport.height * viewport.dpr) });
});

test('Firefox: "Capture a region": drag over the green block, Enter, and exactly the block is attached', async () => {
  await choose('Capture a region');
  expect(await until(overlayShown, (shown) => shown)).toBe(true);
  await target.mouse.move(100, 80);
  await target.mouse.down();
  await target.mouse.move(220, 140, { steps: 4 });
  await target.mouse.move(340, 200, { steps: 4 });
  await target.mouse.up();
  await target.keyboard.press('Enter');
  const list = await until(seen, (value) => value.length === 2);
  const dpr = await target.evaluate(() => devicePixelRatio);
  expect(list[1]).toMatchObject({ source: 'region', width: 240 * dpr, height: 120 * dpr, pixels: Array(5).fill([0, 192, 0]) });
  expect(await overlayShown()).toBe(false);
});
