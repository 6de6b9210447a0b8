// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { MEANING_QUERY, MEANING_TARGET_TITLE, meaningHistoryFile } from '../fixtures/meaning-history';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { byRole, clickByRole, importHistoryInUi } from './fixtures/ui-steps';

/**
 * Search history by meaning in Firefox (issue 19): the popup page indexes an imported history with
 * the mock's embeddings (the indexing runner under a Web Lock, the vectors in IndexedDB), and the
 * search runs in the dedicated search worker loaded from the moz-extension origin under the
 * extension's CSP; it finds the conversation the words alone do not.
 */

const FILLERS = 9;
let mock: MockProvider;
let ff: LaunchedFirefox;
let popup: Page;
let keyId: string;

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
  const options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: 'firefox meaning passphrase 42' });
  keyId = (await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: 'sk-proj-ffMEANINGkey0123456789abcdef' }, settings: { baseUrl: `${mock.url}/v1` } })).id;
  popup = await ff.openPage('popup');
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
});

/** Waits until the history region's text matches `pattern`. */
async function historyText(pattern: RegExp): Promise<void> {
  await popup.waitForFunction((source: string) => new RegExp(source).test(document.querySelector('section.history')?.textContent ?? ''), { timeout: 30_000, polling: 100 }, pattern.source);
}

test('Firefox: the history is indexed by meaning and a search the words alone miss finds its conversation', { timeout: 120_000 }, async () => {
  await importHistoryInUi(popup, meaningHistoryFile(FILLERS));
  await historyText(new RegExp(`${FILLERS + 1} added, 0 already present`));

  await (await byRole(popup, 'checkbox', 'Search by meaning')).click();
  const select = await popup.waitForSelector('section.meaning select');
  await select?.select(`${keyId}/text-embedding-3-small`);
  await clickByRole(popup, 'button', 'Index my history');
  await clickByRole(popup, 'button', 'Start indexing');
  await historyText(new RegExp(`Up to date · ${FILLERS + 1} of ${FILLERS + 1} messages indexed`));
  expect(mock.requests.filter((request) => request.path === '/v1/embeddings')).toHaveLength(1);

  const search = await byRole(popup, 'textbox', 'Search conversations');
  await search.type(MEANING_QUERY);
  await popup.waitForFunction(
    (title: string) => document.querySelector('ul.history-results li')?.textContent?.includes(title) ?? false,
    { timeout: 30_000, polling: 100 },
    MEANING_TARGET_TITLE,
  );
  const shown = await popup.evaluate(() => [...document.querySelectorAll('ul.history-results li')].map((item) => item.textContent ?? ''));
  expect(shown).toHaveLength(1);
  expect(shown[0]).toContain('lighthouse keeper');
});
