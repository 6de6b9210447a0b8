import type { Page } from '@playwright/test';
import { test as base, expect, openExtensionPage } from './fixtures/test';
import { launchExtension, type LaunchedExtension } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { readStorage, turnToolbarOn, writeStorage } from './fixtures/storage';
import { keyCanary, passphraseCanary } from './fixtures/canary';
import type { PageServer } from './pages/serve';
import type { MockProvider } from '../mock-provider/server';
import { mockProviderFixture, testPagesFixture } from './fixtures/per-test';

/**
 * The side panel's page tools in the real browser, with the built extension: "Use this page", the
 * context chip, following the active tab, the never-send list, selection actions queued by the
 * context menu, and the floating toolbar. The panel page is opened in a tab
 * (chrome-extension://<id>/sidepanel.html); it then reads the web page used last in its window.
 */

interface PanelFixtures {
  pages: PageServer;
  mock: MockProvider;
}

const test = base.extend<PanelFixtures>({
  pages: testPagesFixture,
  mock: mockProviderFixture,
});

async function openPanel(ext: LaunchedExtension): Promise<Page> {
  const panel = await openExtensionPage(ext, 'sidepanel');
  await expect(panel.getByRole('button', { name: 'Use this page' })).toBeVisible();
  return panel;
}

/** An unlocked vault with one OpenAI key pointed at the mock provider, chosen as the chat's model. */
async function vaultWithMockKey(ext: LaunchedExtension, mock: MockProvider): Promise<{ options: Page; keyId: string }> {
  const options = await openExtensionPage(ext, 'options');
  await call(options, 'vault.create', { passphrase: passphraseCanary().value });
  const key = await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: keyCanary().value }, settings: { baseUrl: `${mock.url}/v1` } });
  await writeStorage(options, 'local', 'lastTargets', [{ keyId: key.id, model: 'gpt-4o-mini' }]);
  return { options, keyId: key.id };
}

const chatRequests = (mock: MockProvider) => mock.requests.filter((request) => request.method === 'POST');

function panelWindowId(panel: Page): Promise<number> {
  return panel.evaluate(async () => {
    const chromeApi = (globalThis as unknown as { chrome: { windows: { getCurrent(): Promise<{ id: number }> } } }).chrome;
    return (await chromeApi.windows.getCurrent()).id;
  });
}

test('"Use this page": the chip shows the readable text, a token count and the cost before anything is sent', async ({ ext, pages, mock }) => {
  await vaultWithMockKey(ext, mock);
  const article = await ext.context.newPage();
  await article.goto(pages.url('article.html'));
  const panel = await openPanel(ext);

  await expect(panel.getByTestId('page-target')).toHaveText('Current tab: The lighthouse keepers of Skerryvore');
  await panel.getByRole('button', { name: 'Use this page' }).click();

  const chip = panel.getByTestId('context-chip');
  await expect(chip).toContainText('Page');
  await expect(chip).toContainText('The lighthouse keepers of Skerryvore');
  await expect(chip).toContainText(`127.0.0.1:${pages.port}`);
  await expect(panel.getByTestId('chip-tokens')).toHaveText(/^≈ [1-9][\d,]* tokens$/);
  await expect(panel.getByTestId('chip-cost')).toHaveText(/^ · ≈ <?\$[\d.]+ to send with gpt-4o-mini$/);

  await chip.getByRole('button', { name: 'Show text' }).click();
  const text = chip.locator('pre');
  await expect(text).toContainText('The keepers worked in watches of four hours');
  await expect(text).toContainText('## Life on the rock');
  await expect(text).toContainText('-   Tower height: 48 metres.');
  for (const chrome of ['Trending', 'Subscribe', 'Copyright']) await expect(text).not.toContainText(chrome);

  // Reading the page sent nothing anywhere: no chat request reached the provider.
  expect(chatRequests(mock)).toEqual([]);

  // Sending the message is what sends the page, attached to it.
  await panel.getByRole('textbox', { name: 'Message' }).fill('Who built it?');
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(panel.getByText('Harmony Day').first()).toBeVisible();
  await expect(chip).toHaveCount(0);
  const [sent] = chatRequests(mock);
  expect(sent?.body).toContain('Who built it?');
  expect(sent?.body).toContain('The keepers worked in watches of four hours');
});

test('the selection is preferred over the page; the chip can be removed', async ({ ext, pages }) => {
  const article = await ext.context.newPage();
  await article.goto(pages.url('article.html'));
  await article.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('quote') as HTMLElement);
    getSelection()?.addRange(range);
  });
  const panel = await openPanel(ext);
  await panel.getByRole('button', { name: 'Use this page' }).click();
  const chip = panel.getByTestId('context-chip');
  await expect(chip).toContainText('Selection');
  await chip.getByRole('button', { name: 'Show text' }).click();
  await expect(chip.locator('pre')).toHaveText(
    'The keepers worked in watches of four hours, trimming the wicks and winding the clockwork that turned the lens, so that the light never failed on a winter night.',
  );
  await chip.getByRole('button', { name: /^Remove / }).click();
  await expect(chip).toHaveCount(0);
});

test('the panel follows the active tab and marks a chip from another tab or page', async ({ ext, pages }) => {
  const article = await ext.context.newPage();
  await article.goto(pages.url('article.html'));
  const panel = await openPanel(ext);
  await panel.getByRole('button', { name: 'Use this page' }).click();
  const chip = panel.getByTestId('context-chip');
  await expect(chip).toContainText('The lighthouse keepers of Skerryvore');
  await expect(chip).not.toContainText('From another tab');

  const second = await ext.context.newPage();
  await second.goto(pages.url('second.html'));
  await second.bringToFront();
  await expect(panel.getByTestId('page-target')).toHaveText('Current tab: Tide tables for Hynish');
  await expect(chip).toContainText('From another tab');

  // Switching back to the chip's own tab clears the mark.
  await article.bringToFront();
  await expect(panel.getByTestId('page-target')).toHaveText('Current tab: The lighthouse keepers of Skerryvore');
  await expect(chip).not.toContainText('From another tab');

  // The tab navigates away: the chip is from a page this tab has left.
  await article.goto(pages.url('second.html'));
  await expect(panel.getByTestId('page-target')).toHaveText('Current tab: Tide tables for Hynish');
  await expect(chip).toContainText('From a page this tab has left');

  await panel.getByRole('button', { name: 'Use this page' }).click();
  await expect(chip).toContainText('Tide tables for Hynish');
  await expect(chip).not.toContainText('From');
});

test('never send this site: the chip goes, extraction refuses the site, and the list can undo it', async ({ ext, pages }) => {
  const article = await ext.context.newPage();
  await article.goto(pages.url('article.html'));
  const panel = await openPanel(ext);
  await panel.getByRole('button', { name: 'Use this page' }).click();
  const chip = panel.getByTestId('context-chip');
  await chip.getByLabel('Never send this site').click();
  await expect(chip).toHaveCount(0);
  expect(await readStorage(panel, 'local', 'neverSendSites')).toEqual(['127.0.0.1']);

  await panel.getByRole('button', { name: 'Use this page' }).click();
  await expect(panel.getByTestId('page-error')).toHaveText(`127.0.0.1:${pages.port} is on your never-send list: Keyward does not read or send its text.`);
  await expect(chip).toHaveCount(0);

  const tools = panel.getByRole('button', { name: 'Page tools and never-send sites' });
  await tools.click();
  const list = panel.getByTestId('never-send-list');
  await expect(list.getByRole('listitem')).toHaveText(['127.0.0.1Remove']);
  await list.getByRole('button', { name: 'Remove 127.0.0.1' }).click();
  await expect(list).toContainText('No sites yet.');
  await list.getByLabel('Site').fill('https://mail.example.com/inbox');
  await list.getByRole('button', { name: 'Add' }).click();
  await expect(list.getByRole('listitem')).toHaveText(['mail.example.comRemove']);

  // The tools take the chat's place while open: closing them brings the chat back.
  await tools.click();
  await expect(list).toHaveCount(0);
  await panel.getByRole('button', { name: 'Use this page' }).click();
  await expect(chip).toContainText('The lighthouse keepers of Skerryvore');
});

test.describe('host access (the permission decision)', () => {
  const UNLISTED = 'unlisted-site.test';
  const hostTest = test.extend({
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
    ext: async ({}, use) => {
      // A host name Keyward has no host permission for, served by the same local server.
      const ext = await launchExtension({ extraArgs: [`--host-resolver-rules=MAP ${UNLISTED} 127.0.0.1`] });
      try {
        await use(ext);
      } finally {
        await ext.removeProfile();
      }
    },
  });

  hostTest('a site Keyward was not granted stays closed: its address is hidden, injection is refused, and the panel asks for the site', async ({ ext, pages }) => {
    const site = await ext.context.newPage();
    const url = `http://${UNLISTED}:${pages.port}/article.html`;
    await site.goto(url);
    const panel = await openPanel(ext);
    // No content script reports the title any more: the browser hides the tab's address and title ...
    await expect(panel.getByTestId('page-target')).toHaveText('Current tab (Keyward sees which page once you let it read this site)');
    // ... and Chromium refuses the injection without a host permission for the site.
    const probe = await panel.evaluate(async () => {
      type Api = {
        tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
        scripting: { executeScript(i: object): Promise<unknown> };
        permissions: { getAll(): Promise<{ origins?: string[]; permissions?: string[] }> };
      };
      const api = (globalThis as unknown as { chrome: Api }).chrome;
      const tabs = await api.tabs.query({});
      const target = tabs.find((tab) => tab.url === undefined);
      let error = '';
      try {
        await api.scripting.executeScript({ target: { tabId: target?.id }, files: ['/page-extract.js'] });
      } catch (caught) {
        error = String((caught as Error).message);
      }
      return { error, permissions: await api.permissions.getAll(), hiddenUrl: target !== undefined };
    });
    expect(probe.hiddenUrl).toBe(true);
    expect(probe.error).toMatch(/Cannot access contents of the page|must request permission/);
    expect(probe.permissions.origins).not.toContain('<all_urls>');
    expect(probe.permissions.origins).not.toContain('http://*/*');
    expect(probe.permissions.permissions).toEqual(expect.arrayContaining(['scripting', 'activeTab', 'contextMenus', 'sidePanel']));

    await panel.getByRole('button', { name: 'Use this page' }).click();
    // The address is unknown, so no site can be named: the panel says how to grant this tab (activeTab).
    await expect(panel.getByText('Keyward may not read this tab yet. To let it read this page once, open Keyward from the tab', { exact: false })).toBeVisible();
    await expect(panel.getByTestId('context-chip')).toHaveCount(0);
  });
});

test.describe('selection actions queued by the context menu', () => {
  test('"Ask about this" attaches the selection and focuses the message box; nothing is sent', async ({ ext, pages, mock }) => {
    const { options } = await vaultWithMockKey(ext, mock);
    const article = await ext.context.newPage();
    await article.goto(pages.url('article.html'));
    const panel = await openPanel(ext);
    const windowId = await panelWindowId(panel);
    // What the background's context-menu handler writes (it cannot be clicked in a headless browser).
    await writeStorage(options, 'session', `pendingPanelAction:${windowId}`, {
      id: 'menu-action-0001',
      action: 'ask',
      text: 'Supplies came by boat from the shore station at Hynish',
      totalChars: 54,
      title: 'The lighthouse keepers of Skerryvore',
      url: pages.url('article.html'),
      source: 'menu',
      createdAt: Date.now(),
    });
    const chip = panel.getByTestId('context-chip');
    await expect(chip).toContainText('Selection');
    await expect(panel.getByText('The selection is attached. Ask your question below.')).toBeVisible();
    await expect(panel.getByRole('textbox', { name: 'Message' })).toBeFocused();
    // Taken once: the slot is empty again.
    expect(await readStorage(options, 'session', `pendingPanelAction:${windowId}`)).toBeUndefined();
    expect(chatRequests(mock)).toEqual([]);
  });

  test('"Explain" from the menu streams the answer into the panel, picked up when the panel opens', async ({ ext, pages, mock }) => {
    const { options } = await vaultWithMockKey(ext, mock);
    const windowId = await panelWindowId(options);
    await writeStorage(options, 'session', `pendingPanelAction:${windowId}`, {
      id: 'menu-action-0002',
      action: 'explain',
      text: 'The keepers worked in watches of four hours',
      totalChars: 43,
      title: 'The lighthouse keepers of Skerryvore',
      url: pages.url('article.html'),
      source: 'menu',
      createdAt: Date.now(),
    });
    const panel = await openPanel(ext);
    await expect(panel.getByText('Harmony Day').first()).toBeVisible();
    await expect(panel.getByText('Attached: The lighthouse keepers of Skerryvore')).toBeVisible();
    const [sent] = chatRequests(mock);
    expect(chatRequests(mock)).toHaveLength(1);
    expect(sent?.body).toContain('Explain the attached text');
    expect(sent?.body).toContain('The keepers worked in watches of four hours');
  });

  test('a selection action asks for the cost confirmation exactly like a typed question; nothing is sent until the user says so', async ({ ext, pages, mock }) => {
    const { options } = await vaultWithMockKey(ext, mock);
    // $100 per 1M tokens: the assumed 1,000 answer tokens alone make every request "large".
    await call(options, 'spendSettings.update', { caps: [], priceOverrides: [{ provider: 'openai', model: 'gpt-4o-mini', input: 100, output: 100 }] });
    const windowId = await panelWindowId(options);
    await writeStorage(options, 'session', `pendingPanelAction:${windowId}`, {
      id: 'menu-action-0005',
      action: 'explain',
      text: 'The keepers worked in watches of four hours',
      totalChars: 43,
      title: 'The lighthouse keepers of Skerryvore',
      url: pages.url('article.html'),
      source: 'menu',
      createdAt: Date.now(),
    });
    const panel = await openPanel(ext);
    const dialog = panel.getByRole('alertdialog', { name: 'Cost of this request' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('up to 1,000 out, about $0.11');
    expect(chatRequests(mock)).toEqual([]);
    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await expect(panel.getByText('Harmony Day').first()).toBeVisible();
    expect(chatRequests(mock)).toHaveLength(1);
    expect(chatRequests(mock)[0]?.body).toContain('Explain the attached text');

    // A typed question in the same panel: the same question, the same path; cancelled, nothing goes out.
    await panel.getByRole('textbox', { name: 'Message' }).fill('And what did they eat?');
    await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(panel.getByText(/^Not sent/)).toBeVisible();
    await expect(panel.getByText('And what did they eat?')).toBeVisible();
    expect(chatRequests(mock)).toHaveLength(1);
  });

  test('the panel re-checks the never-send list and an expired action is dropped', async ({ ext, mock }) => {
    const { options } = await vaultWithMockKey(ext, mock);
    await writeStorage(options, 'local', 'neverSendSites', ['bank.example']);
    const panel = await openPanel(ext);
    const windowId = await panelWindowId(panel);
    const action = { id: 'menu-action-0003', action: 'summarize', text: 'Account 12345', totalChars: 13, title: 'Bank', url: 'https://www.bank.example/', source: 'menu' };
    await writeStorage(options, 'session', `pendingPanelAction:${windowId}`, { ...action, createdAt: Date.now() });
    await expect(panel.getByTestId('page-error')).toHaveText('www.bank.example is on your never-send list: Keyward does not read or send its text.');
    await writeStorage(options, 'session', `pendingPanelAction:${windowId}`, { ...action, id: 'menu-action-0004', url: 'https://news.example/', createdAt: Date.now() - 10 * 60_000 });
    await panel.waitForTimeout(1000);
    await expect(panel.getByTestId('context-chip')).toHaveCount(0);
    expect(chatRequests(mock)).toEqual([]);
  });
});

test.describe('with access to all sites (the toolbar asks for it when turned on)', () => {
  test.use({ hostGrant: 'all' });

  test('the floating toolbar (turned on) hands a real selection to the panel without sending it', async ({ ext, pages, mock }) => {
    const { options } = await vaultWithMockKey(ext, mock);
    await turnToolbarOn(options);
    const article = await ext.context.newPage();
    await article.goto(pages.url('article.html'));
    const panel = await openPanel(ext);
    await article.bringToFront();

    const quote = await article.locator('#quote').boundingBox();
    if (!quote) throw new Error('no #quote');
    await article.mouse.move(quote.x + 2, quote.y + 4);
    await article.mouse.down();
    await article.mouse.move(quote.x + quote.width - 4, quote.y + quote.height - 4, { steps: 8 });
    await article.mouse.up();

    // The toolbar's host: an element of ours under <html>, its shadow root closed to the page.
    const host = await article.waitForFunction(() => {
      const extra = [...document.documentElement.children].filter((element) => element !== document.head && element !== document.body);
      return extra.length === 1 ? { shadowRoot: extra[0]?.shadowRoot === null, box: extra[0]?.getBoundingClientRect().toJSON() as DOMRect } : null;
    });
    const { shadowRoot, box } = (await host.jsonValue()) as { shadowRoot: boolean; box: DOMRect };
    expect(shadowRoot).toBe(true);
    // A real click on its first button ("Ask Keyward").
    await article.mouse.click(box.x + 24, box.y + box.height / 2);

    // Chromium counts the click as the user gesture that lets the background open the real side
    // panel too; whichever panel of the window takes the selection shows it as a chip.
    const panels = () => ext.context.pages().filter((candidate) => candidate.url().endsWith('/sidepanel.html'));
    await expect.poll(async () => {
      for (const candidate of panels()) if ((await candidate.getByTestId('context-chip').count()) > 0) return candidate.url();
      return undefined;
    }).toBeDefined();
    const holder = panels().find((candidate) => candidate !== panel) ?? panel;
    const taken = (await panel.getByTestId('context-chip').count()) > 0 ? panel : holder;
    const chip = taken.getByTestId('context-chip');
    await expect(chip).toContainText('Selection');
    await chip.getByRole('button', { name: 'Show text' }).click();
    await expect(chip.locator('pre')).toContainText('The keepers worked in watches of four hours');
    // The toolbar never runs anything: the model was not called.
    expect(chatRequests(mock)).toEqual([]);
    expect(await readStorage(options, 'session', `pendingPanelAction:${await panelWindowId(panel)}`)).toBeUndefined();
  });
});

