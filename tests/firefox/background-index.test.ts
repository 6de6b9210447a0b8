// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { meaningHistoryFile } from '../fixtures/meaning-history';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { closeTabsAt, hideSidebar, openTabUrls, sidebarState } from './fixtures/background';
import { EXTENSION_ORIGIN } from './fixtures/paths';
import { byRole, clickByRole, importHistoryInUi } from './fixtures/ui-steps';

/**
 * Indexing with no Keyward page open, in Firefox (issue 19): the popup starts indexing the history
 * with slow embeddings and every extension page closes mid-job; the hidden page (a frame of the
 * persistent background page, src/platform/hidden-page.ts) takes the job over under the same Web
 * Lock and finishes it, its embedding calls going through the background as a page's do. No
 * extension page is open while the mock receives the rest of the history; one opened afterwards
 * shows the job done.
 */

const FILLERS = 69;
let mock: MockProvider;
let ff: LaunchedFirefox;

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
});

const extensionTabs = async () => (await openTabUrls(ff.browser)).filter((url) => url.startsWith(EXTENSION_ORIGIN));
const embeddedTexts = (since = 0) =>
  mock.requests.filter((request) => request.path === '/v1/embeddings' && request.receivedAt > since).flatMap((request) => (JSON.parse(request.body) as { input: string[] }).input);

/** Extension pages open: tabs at our origin, and Firefox's sidebar showing ours (it runs the chat, which resumes indexing). */
async function extensionPagesOpen(): Promise<string[]> {
  const sidebar = await sidebarState(ff.browser);
  return [...(await extensionTabs()), ...(sidebar.open && sidebar.url?.startsWith(EXTENSION_ORIGIN) ? [`sidebar ${sidebar.url}`] : [])];
}

test('Firefox: every page closed mid-index, the hidden frame finishes the history job with none open', { timeout: 120_000 }, async () => {
  // Firefox opens a newly installed add-on's sidebar by itself: closed, it runs nothing.
  await hideSidebar(ff.browser);
  const options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: 'firefox background passphrase 42' });
  const keyId = (await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: 'sk-proj-ffBACKGROUNDkey0123456789abcd' }, settings: { baseUrl: `${mock.url}/v1` } })).id;
  const popup = await ff.openPage('popup');
  await importHistoryInUi(popup, meaningHistoryFile(FILLERS));
  const historyText = (pattern: RegExp, page = popup) =>
    page.waitForFunction((source: string) => new RegExp(source).test(document.querySelector('section.history')?.textContent ?? ''), { timeout: 30_000, polling: 100 }, pattern.source);
  await historyText(new RegExp(`${FILLERS + 1} added, 0 already present`));

  await (await byRole(popup, 'checkbox', 'Search by meaning')).click();
  const select = await popup.waitForSelector('section.meaning select');
  await select?.select(`${keyId}/text-embedding-3-small`);
  // Each embedding call takes 1.5 s, all along: the job is far from done when the pages close.
  mock.setScenario('slow-headers', { delayMs: 1500 });
  await clickByRole(popup, 'button', 'Index my history');
  await clickByRole(popup, 'button', 'Start indexing');
  await historyText(/Indexing… · 32 of 70 messages indexed/);

  // A blank tab keeps the window (Firefox does not close a window's last tab here), then every extension page closes:
  // the two of this test and the welcome page the install opened.
  await ff.browser.newPage();
  await popup.close();
  await options.close();
  await closeTabsAt(ff.browser, EXTENSION_ORIGIN);
  const closedAt = Date.now();
  expect(await extensionPagesOpen()).toEqual([]);
  const before = new Set(embeddedTexts());
  expect(before.size).toBeLessThan(70);

  // With no extension page open, the rest of the history reaches the mock: the hidden frame runs the job.
  const deadline = Date.now() + 45_000;
  while (new Set([...before, ...embeddedTexts(closedAt)]).size < 70) {
    if (Date.now() > deadline) throw new Error(`only ${new Set([...before, ...embeddedTexts(closedAt)]).size} of 70 messages embedded with no page open`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(embeddedTexts(closedAt).length).toBeGreaterThan(0);
  expect(await extensionPagesOpen()).toEqual([]);
  mock.setScenario('normal');

  // A page opened afterwards only shows it done (the last batch's job row may still be written: it waits for it).
  const later = await ff.openPage('popup');
  await clickByRole(later, 'button', 'History');
  await later.waitForFunction(() => document.querySelector('section.history') !== null, { timeout: 30_000, polling: 100 });
  await (await byRole(later, 'checkbox', 'Search by meaning')).click();
  await historyText(/Up to date · 70 of 70 messages indexed/, later);
  // Every message once.
  expect(new Set(embeddedTexts()).size).toBe(70);
});
