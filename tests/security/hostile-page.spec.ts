import type { Page } from '@playwright/test';
import { test as base, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { turnToolbarOn, writeStorage } from '../e2e/fixtures/storage';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import type { PageServer } from '../e2e/pages/serve';
import type { MockProvider } from '../mock-provider/server';
import { mockProviderFixture, testPagesFixture } from '../e2e/fixtures/per-test';

/**
 * A hostile web page (tests/e2e/pages/hostile.html) cannot make Keyward spend tokens or read an
 * answer or a key. Before Keyward's content script runs it hooks attachShadow, cloneNode and
 * getSelection; then it forges window.postMessage traffic in every shape, dispatches synthetic
 * selection, mouse and keyboard events, and walks the DOM for anything Keyward adds and clicks it.
 * The extension is set up so that it could call a provider: unlocked vault, a key pointed at the
 * local mock provider, a chosen model, and the selection toolbar turned on. The mock records every
 * request; a positive control at the end shows a real user action does reach it.
 */

const key = keyCanary();

interface Report {
  runtime: string[] | null;
  browserGlobal: string;
  attachShadowCalls: number;
  cloneNodeCalls: number;
  getSelectionCalls: number;
  messagesSeen: string[];
  added: { tag: string; shadowRoot: string | null; html: string }[];
  pokes: { tag: string; shadowRoot: string | null; children: number; text: string; reattach?: string; hit?: string | null }[];
}

interface Fixtures {
  pages: PageServer;
  mock: MockProvider;
  options: Page;
}

const test = base.extend<Fixtures>({
  pages: testPagesFixture,
  mock: mockProviderFixture,
  options: async ({ ext, mock }, use) => {
    const options = await openExtensionPage(ext, 'options');
    await call(options, 'vault.create', { passphrase: passphraseCanary().value });
    const added = await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: key.value }, settings: { baseUrl: `${mock.url}/v1` } });
    await writeStorage(options, 'local', 'lastTargets', [{ keyId: added.id, model: 'gpt-4o-mini' }]);
    await turnToolbarOn(options);
    mock.reset();
    await use(options);
  },
});

// The toolbar's script runs only with access to all sites, as after the user accepted that prompt.
test.use({ hostGrant: 'all' });

const report = (page: Page) => page.evaluate(() => (globalThis as unknown as { __hostile: Report }).__hostile);

/** Waits until our content script answers in the tab (so its listeners are in place). */
async function contentScriptReady(options: Page, url: string): Promise<void> {
  await expect
    .poll(() =>
      options.evaluate(async (pageUrl) => {
        type Api = { tabs: { query(q: object): Promise<{ id: number; url?: string }[]>; sendMessage(id: number, m: unknown): Promise<unknown> } };
        const api = (globalThis as unknown as { chrome: Api }).chrome;
        const [tab] = await api.tabs.query({ url: pageUrl });
        if (!tab) return false;
        try {
          return (await api.tabs.sendMessage(tab.id, { channel: 'keyward-page', type: 'page.info' })) !== undefined;
        } catch {
          return false;
        }
      }, url),
    )
    .toBe(true);
}

async function pendingActions(options: Page): Promise<string[]> {
  return options.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { session: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome;
    const all = await api.storage.session.get(null);
    return Object.keys(all).filter((name) => name.startsWith('pendingPanelAction:'));
  });
}

test('a hostile page triggers no provider call and reads no answer or key', async ({ ext, pages, mock, options }) => {
  const hostile = await ext.context.newPage();
  const url = pages.url('hostile.html');
  await hostile.goto(url);
  await contentScriptReady(options, url);

  await test.step('forged messages and synthetic events do nothing', async () => {
    for (let round = 0; round < 3; round++) await hostile.evaluate(() => (globalThis as unknown as { __attack(): boolean }).__attack());
    await hostile.waitForTimeout(1500);
    const seen = await report(hostile);
    expect(seen.runtime, 'the page has no chrome.runtime').toBeNull();
    expect(seen.browserGlobal).toBe('undefined');
    expect(seen.added, 'nothing was added to the page: the toolbar ignores untrusted events').toEqual([]);
    expect(seen.attachShadowCalls).toBe(0);
    // Only the page's own forgeries were ever posted to it: Keyward answers nothing over postMessage.
    expect(seen.messagesSeen.length).toBeGreaterThan(0);
    for (const message of seen.messagesSeen) expect(message).toMatch(/FORGED|keys\.list|vault\.export|page\.selection/);
    expect(mock.requests, 'no request reached the provider').toEqual([]);
    expect(await pendingActions(options), 'nothing was queued for the side panel').toEqual([]);
  });

  await test.step('after a real selection, the page cannot reach into or press the toolbar', async () => {
    const secret = await hostile.locator('#secret').boundingBox();
    if (!secret) throw new Error('no #secret');
    // A click first: dragging inside the selection the page made would drag that text instead.
    await hostile.mouse.click(secret.x + secret.width / 2, secret.y + secret.height + 40);
    await hostile.mouse.move(secret.x + 2, secret.y + 4);
    await hostile.mouse.down();
    await hostile.mouse.move(secret.x + secret.width - 4, secret.y + secret.height - 4, { steps: 8 });
    await hostile.mouse.up();
    await expect.poll(async () => (await report(hostile)).added.length).toBe(1);
    const shown = await report(hostile);
    expect(shown.added[0]?.shadowRoot, 'the toolbar’s shadow root is closed').toBeNull();
    expect(shown.attachShadowCalls, 'the page’s attachShadow hook never saw our call').toBe(0);
    const pokes = await hostile.evaluate(() => (globalThis as unknown as { __poke(): Report['pokes'] }).__poke());
    expect(pokes).toHaveLength(1);
    expect(pokes[0]).toMatchObject({ tag: 'DIV', shadowRoot: null, children: 0, text: '', reattach: 'NotSupportedError' });
    await hostile.waitForTimeout(1500);
    // Only the page's own attempt to attach a second root went through its hook (and failed).
    expect((await report(hostile)).attachShadowCalls).toBe(1);
    expect(mock.requests).toEqual([]);
    expect(await pendingActions(options)).toEqual([]);
  });

  await test.step('positive control: the user’s own send does reach the provider, and the page sees no answer', async () => {
    const before = await report(hostile);
    const panel = await openExtensionPage(ext, 'sidepanel');
    await expect(panel.getByTestId('page-target')).toHaveText('Current tab: Totally normal recipe blog');
    await panel.getByRole('button', { name: 'Use this page' }).click();
    await expect(panel.getByTestId('context-chip')).toBeVisible();
    const during = await report(hostile);
    // Extraction ran in Keyward's isolated world: none of the page's hooks ran, nothing was added.
    expect(during.cloneNodeCalls).toBe(before.cloneNodeCalls);
    expect(during.getSelectionCalls).toBe(before.getSelectionCalls);
    expect(during.added).toHaveLength(before.added.length);

    await panel.getByRole('textbox', { name: 'Message' }).fill('Summarize this recipe');
    await panel.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(panel.getByText('Harmony Day').first()).toBeVisible();
    const chats = mock.requests.filter((request) => request.method === 'POST');
    expect(chats).toHaveLength(1);
    expect(chats[0]?.headers.authorization).toBe(`Bearer ${key.value}`);

    await hostile.waitForTimeout(500);
    const after = await report(hostile);
    const visibleToPage = JSON.stringify(after) + (await hostile.evaluate(() => document.documentElement.outerHTML));
    expect(visibleToPage).not.toContain('Harmony Day');
    expect(visibleToPage).not.toContain(key.core);
    expect(after.messagesSeen.every((message) => !message.includes('Harmony'))).toBe(true);
  });
});
