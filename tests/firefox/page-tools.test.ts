// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { servePages, type PageServer } from '../e2e/pages/serve';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { hideSidebar, sidebarState, waitForSidebar } from './fixtures/background';
import { chooseContextMenuItem, openContextMenu, selectByMouse, sidebarAnswers, waitForToolbar, waitForToolbarGone, type SidebarAnswer } from './fixtures/page-tools';
import { clickByRole, pickModel, sendInUi, turnToolbarOnInUi, waitForLastAnswerStatus } from './fixtures/ui-steps';

/**
 * The page tools in Firefox, on a page served from 127.0.0.1: the floating toolbar on text selected
 * with the mouse, and Firefox's own context menu on it. The side panel's page runs in a tab for the
 * toolbar (where the test can read it) and in Firefox's real sidebar for the context menu (read
 * through `extension.getViews`).
 */

/** The selected paragraph of tests/e2e/pages/article.html. */
const QUOTE = 'The keepers worked in watches of four hours';
/** The mock's OpenAI chat fixture ends with these words. */
const ANSWER_END = 'mutual respect.';

let mock: MockProvider;
let pages: PageServer;
let ff: LaunchedFirefox;
let options: Page;
let panel: Page;
let article: Page;

const chatRequests = () => mock.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');

beforeAll(async () => {
  mock = await startMockProvider();
  pages = await servePages();
  ff = await launchFirefox({ acceptPermissionPrompts: true });
  options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: passphraseCanary().value });
  await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: keyCanary('PT').value }, settings: { baseUrl: `${mock.url}/v1` } });
  // Firefox opens a newly installed add-on's sidebar by itself: closed, it cannot take what the tests send to the panel.
  await hideSidebar(ff.browser);
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
  await pages?.close();
});

describe('Firefox: page tools', () => {
  test('the side panel turns the selection toolbar on: the click asks Firefox for all sites, then the script is registered', async () => {
    panel = await ff.openPage('sidepanel');
    // The chat's model, used by the panel for what the page tools hand it.
    await pickModel(panel);
    await turnToolbarOnInUi(panel);
    const granted = await options.evaluate(() =>
      (globalThis as unknown as { browser: { permissions: { contains(p: object): Promise<boolean> } } }).browser.permissions.contains({ origins: ['https://*/*', 'http://*/*'] }),
    );
    expect(granted).toBe(true);
  });

  test('the toolbar on a real selection hands it to the panel without sending it; the user sends, the answer streams', async () => {
    article = await ff.openUrl(pages.url('article.html'));
    await selectByMouse(article, '#quote');
    const toolbar = await waitForToolbar(article);
    expect(toolbar.closedToPage).toBe(true);
    mock.reset();
    // A real click on its last button, "Summarize" (the page cannot see the buttons in the closed shadow root).
    await article.mouse.click(toolbar.box.x + toolbar.box.width - 24, toolbar.box.y + toolbar.box.height / 2);
    // The click took the toolbar away (the input action returns once it is dispatched); what comes
    // back is its hint (Alt+Shift+K): Firefox does not count the page's click as a user action for
    // the background, so the sidebar stays closed. The hint goes away after a few seconds.
    await waitForToolbar(article);
    await waitForToolbarGone(article, 8_000);
    expect(await sidebarState(ff.browser)).toMatchObject({ open: false });

    // The panel of the window takes the selection: it shows it as a chip, and sends nothing (a
    // toolbar action never runs by itself, unlike the context menu's).
    const deadline = Date.now() + 15_000;
    while (chatRequests().length === 0 && (await panel.$('[data-testid="context-chip"]')) === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(chatRequests(), 'nothing sent when the panel took the selection').toEqual([]);
    const chip = await panel.waitForSelector('[data-testid="context-chip"]', { timeout: 1_000 });
    expect(await chip?.evaluate((element) => element.textContent)).toContain('Selection');
    await clickByRole(panel, 'button', 'Show text', '[data-testid="context-chip"]');
    await panel.waitForFunction((quote: string) => document.querySelector('[data-testid="context-chip"] pre')?.textContent?.includes(quote) === true, { timeout: 10_000 }, QUOTE);
    // Still nothing, a moment later.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(chatRequests()).toEqual([]);

    // The user sends; the answer streams in the panel, with the selection attached.
    mock.setScenario('slow-drip', { chunkDelayMs: 10 });
    const streaming = await sendInUi(panel, 'Who kept the light?', 'streaming');
    expect(streaming.text).not.toContain(ANSWER_END);
    await waitForLastAnswerStatus(panel, 'complete');
    expect(chatRequests()).toHaveLength(1);
    const body = chatRequests()[0]!.body;
    expect(body).toContain('Who kept the light?');
    expect(body).toContain(QUOTE);
  });

  test("Firefox's context menu on the selection: Explain opens the sidebar and streams the answer there", async () => {
    // Only the sidebar is left to take the action.
    await panel.close();
    mock.reset();
    mock.setScenario('slow-drip', { chunkDelayMs: 10 });
    const box = await selectByMouse(article, '#quote');
    const labels = await openContextMenu(ff.browser, article, box.x + 40, box.y + 6);
    expect(labels).toEqual(expect.arrayContaining(['Keyward', 'Explain', 'Summarize', 'Ask about this']));
    await chooseContextMenuItem(ff.browser, 'Keyward', 'Explain');

    // The handler opened the sidebar within the menu's click (Firefox refuses it later).
    expect(await waitForSidebar(ff.browser, `${ff.origin}/sidepanel.html`)).toMatchObject({ open: true, url: `${ff.origin}/sidepanel.html` });
    // The sidebar's page takes the action and runs it: the answer is seen streaming, then complete.
    const seen = new Set<string>();
    let last: SidebarAnswer | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      last = (await sidebarAnswers(options))?.at(-1);
      if (last && chatRequests().length > 0) seen.add(last.status);
      if (last?.status === 'complete' && last.text.includes(ANSWER_END)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(last).toMatchObject({ status: 'complete' });
    expect(last!.text).toContain(ANSWER_END);
    expect(seen).toContain('streaming');
    expect(chatRequests()).toHaveLength(1);
    const body = chatRequests()[0]!.body;
    expect(body).toContain('Explain the attached text');
    // The text Firefox reported as selected.
    expect(body).toContain(QUOTE);
  });
});
