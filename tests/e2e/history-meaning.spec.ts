import type { Locator, Page, Worker } from '@playwright/test';
import { test, expect, openExtensionPage } from './fixtures/test';
import { call } from './fixtures/messaging';
import { waitForExtensionWorker, type LaunchedExtension } from './fixtures/launch';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { mockEmbedding, mockSimilarity } from '../fixtures/mock-embeddings';
import { MEANING_QUERY as QUERY, MEANING_TARGET as TARGET, MEANING_TARGET_TITLE, meaningHistoryFile } from '../fixtures/meaning-history';

/**
 * Search history by meaning (issue 19) in the built extension: the history is indexed with the
 * mock provider's deterministic embeddings (a hashed bag of words: texts sharing words are near),
 * with the cost confirmed first, a progress bar, pause and resume; then a query whose words are
 * not all in any conversation (so the term index, which needs every word, finds nothing) finds the
 * conversation nearest in meaning.
 */

let mock: MockProvider;
test.beforeAll(async () => {
  mock = await startMockProvider({ host: '127.0.0.1' });
});
test.afterAll(async () => {
  await mock.close();
});

const PASSPHRASE = 'e2e meaning passphrase 42';
const FILLERS = 69;

async function importHistory(popup: Page, history: Locator): Promise<void> {
  const [chooser] = await Promise.all([popup.waitForEvent('filechooser'), history.getByRole('button', { name: 'Import JSON…' }).click()]);
  await chooser.setFiles({ name: 'history.json', mimeType: 'application/json', buffer: Buffer.from(meaningHistoryFile(FILLERS)) });
  await expect(history.getByRole('status').first()).toHaveText(`${FILLERS + 1} added, 0 already present.`);
}

test('history by meaning: cost confirmed, progress, pause and resume, then a search the words alone miss', async ({ ext, optionsPage }) => {
  // The premise: the query is nearest to the lighthouse text by the mock's embeddings.
  expect(mockSimilarity(mockEmbedding(QUERY), mockEmbedding(TARGET))).toBeGreaterThan(0.3);
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eMEANINGkey0123456789abcdef' }, settings: { baseUrl: `${mock.url}/v1` } });

  const popup = await openExtensionPage(ext, 'popup');
  await popup.getByRole('button', { name: 'History' }).click();
  const history = popup.getByRole('region', { name: 'History' });
  await importHistory(popup, history);

  // Words alone: no conversation holds every word of the query.
  const search = history.getByRole('searchbox', { name: 'Search conversations' });
  await search.fill(QUERY);
  await expect(history.getByText('No conversation matches.')).toBeVisible();
  await search.fill('');

  // Turn on search by meaning: pick the paid model, see the estimate, confirm.
  await history.getByRole('checkbox', { name: 'Search by meaning' }).check();
  const panel = history.getByRole('region', { name: 'Search by meaning' });
  await panel.getByRole('combobox', { name: 'Embedding model' }).selectOption({ label: 'text-embedding-3-small · Mock OpenAI' });
  // Each embedding call takes 1.5 s: time to see the progress and to pause.
  mock.setScenario('slow-headers', { delayMs: 1500 });
  await panel.getByRole('button', { name: 'Index my history' }).click();
  await expect(panel.getByText(/^Indexing 70 messages sends about [\d,]+ tokens to .*text-embedding-3-small.*, about <?\$[\d.]+\. Start\?$/)).toBeVisible();
  expect(mock.requests.filter((request) => request.path === '/v1/embeddings')).toHaveLength(0);
  await panel.getByRole('button', { name: 'Start indexing' }).click();

  const progress = panel.getByRole('progressbar', { name: 'Indexing progress' });
  await expect(progress).toBeVisible();
  await expect(panel.getByRole('status')).toContainText('Indexing…');
  // After the first batch (32 messages, newest first), pause: the batch under way ends and is kept.
  await expect(panel.getByRole('status')).toContainText(/^Indexing… · 32 of 70 messages indexed/);
  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(panel.getByRole('status')).toContainText(/^Paused · 64 of 70 messages indexed/);
  const callsWhenPaused = mock.requests.filter((request) => request.path === '/v1/embeddings').length;
  await popup.waitForTimeout(1500);
  expect(mock.requests.filter((request) => request.path === '/v1/embeddings')).toHaveLength(callsWhenPaused);
  expect(await progress.getAttribute('value')).toBe('64');

  mock.setScenario('normal');
  await panel.getByRole('button', { name: 'Resume' }).click();
  await expect(panel.getByRole('status')).toContainText(/^Up to date · 70 of 70 messages indexed/);
  // Each message was embedded once: 32 + 32 + 6 texts in three calls.
  const batches = mock.requests.filter((request) => request.path === '/v1/embeddings').map((request) => (JSON.parse(request.body) as { input: string[] }).input.length);
  expect(batches).toEqual([32, 32, 6]);

  // By meaning, the same query finds the lighthouse conversation, first, with its text as the snippet.
  await search.fill(QUERY);
  const results = history.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem').first()).toContainText(MEANING_TARGET_TITLE);
  await expect(results.locator('.history-snippet').first()).toContainText('lighthouse keeper');
  await expect(results.getByRole('listitem')).toHaveCount(1);
});

/**
 * A vault with the mock's key, the history imported in the popup, and search by meaning started
 * with text-embedding-3-small, each embedding call taking 1.5 s: resolves once the first batch (32
 * of 70) is stored, the job far from done. The mock's requests start from this job's.
 */
async function indexingSlowly(ext: LaunchedExtension, optionsPage: Page): Promise<{ popup: Page; panel: Locator }> {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eMEANINGkey0123456789abcdef' }, settings: { baseUrl: `${mock.url}/v1` } });
  const popup = await openExtensionPage(ext, 'popup');
  await popup.getByRole('button', { name: 'History' }).click();
  const history = popup.getByRole('region', { name: 'History' });
  await importHistory(popup, history);
  await history.getByRole('checkbox', { name: 'Search by meaning' }).check();
  const panel = history.getByRole('region', { name: 'Search by meaning' });
  await panel.getByRole('combobox', { name: 'Embedding model' }).selectOption({ label: 'text-embedding-3-small · Mock OpenAI' });
  mock.reset();
  mock.setScenario('slow-headers', { delayMs: 1500 });
  await panel.getByRole('button', { name: 'Index my history' }).click();
  await panel.getByRole('button', { name: 'Start indexing' }).click();
  await expect(panel.getByRole('status')).toContainText(/^Indexing… · 32 of 70 messages indexed/);
  return { popup, panel };
}

/** The parts of the extension API the worker is asked for here. */
declare const chrome: {
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<{ contextType: string; documentUrl?: string }[]> };
  alarms: { get(name: string): Promise<{ scheduledTime: number } | undefined>; create(name: string, info: { when: number }): Promise<void> };
};
const IDLE_ALARM = 'keyward.model-host.idle';

/**
 * The history job's row, read over raw IndexedDB by the worker: no Keyward page is opened to look
 * (a page that shows the history could run the job itself), and the worker never runs indexing.
 */
function historyJob(worker: Worker): Promise<{ state: string; done: number; total: number; error?: string } | undefined> {
  return worker.evaluate(
    () =>
      new Promise<{ state: string; done: number; total: number; error?: string } | undefined>((resolve, reject) => {
        const open = indexedDB.open('keyward-knowledge');
        open.onerror = () => reject(new Error('cannot open keyward-knowledge'));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('jobs')) return resolve(undefined);
          const get = db.transaction('jobs').objectStore('jobs').get('history');
          get.onsuccess = () => {
            db.close();
            resolve(get.result as { state: string; done: number; total: number; error?: string } | undefined);
          };
        };
      }),
  );
}

/** The extension's contexts other than the worker: its pages (tabs, the side panel, the popup) and the offscreen document. */
function extensionContexts(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['TAB', 'POPUP', 'SIDE_PANEL', 'OFFSCREEN_DOCUMENT'] })).map((context) => context.contextType).sort());
}

test('history by meaning: every page closed mid-index, the hidden page finishes it with none open; then the offscreen document closes once idle', async ({ ext, optionsPage }) => {
  test.setTimeout(90_000);
  // Each embedding call takes 1.5 s, all along: the job is far from done when the pages close.
  const { popup } = await indexingSlowly(ext, optionsPage);
  const worker = await waitForExtensionWorker(ext.context);
  // The popup runs the job; the worker has opened the hidden page, which waits for the lock.
  await expect.poll(() => extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT', 'TAB', 'TAB']);

  // Every Keyward page closes; none opens again until the job is done (any page opening is recorded).
  const opened: string[] = [];
  ext.context.on('page', (page) => opened.push(page.url()));
  await popup.close();
  await optionsPage.close();
  const closedAt = Date.now();
  expect(await extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT']);
  const doneAtClose = (await historyJob(worker))?.done ?? 0;
  expect(doneAtClose).toBeLessThan(70);

  // The idle alarm going off meanwhile does not close the page under its indexing lock: it looks again later.
  await worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 100 }), IDLE_ALARM);
  await expect.poll(() => worker.evaluate(async (name) => ((await chrome.alarms.get(name))?.scheduledTime ?? 0) - Date.now(), IDLE_ALARM)).toBeGreaterThan(4 * 60_000);
  expect(await extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT']);

  await expect.poll(() => historyJob(worker), { timeout: 30_000 }).toMatchObject({ state: 'done', done: 70, total: 70 });
  expect(await extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT']);
  expect(opened).toEqual([]);
  // Progress with no page open: embedding calls sent after the last page closed, the job from under 70 to 70.
  const embeddings = mock.requests.filter((request) => request.path === '/v1/embeddings');
  expect(embeddings.filter((request) => request.receivedAt > closedAt).length).toBeGreaterThanOrEqual(1);
  // Every message once, whoever embedded it: the batch cut off by the closing popup, if its call had
  // left, is embedded again by the hidden page (its vectors were never stored or counted).
  const texts = embeddings.flatMap((request) => (JSON.parse(request.body) as { input: string[] }).input);
  expect(new Set(texts).size).toBe(70);

  // Indexing over and no answer running: the idle alarm (brought forward) closes the offscreen document.
  await worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 100 }), IDLE_ALARM);
  await expect.poll(() => extensionContexts(worker), { timeout: 15_000 }).toEqual([]);

  // A page opened later only shows it.
  const later = await openExtensionPage(ext, 'popup');
  await later.getByRole('button', { name: 'History' }).click();
  const laterHistory = later.getByRole('region', { name: 'History' });
  await laterHistory.getByRole('checkbox', { name: 'Search by meaning' }).check();
  await expect(laterHistory.getByRole('region', { name: 'Search by meaning' }).getByRole('status')).toContainText(/^Up to date · 70 of 70 messages indexed/);
  mock.setScenario('normal');
});

test('history by meaning: the hidden page meets a locked vault; the job stops with VAULT_LOCKED, shown as for a page', async ({ ext, optionsPage }) => {
  test.setTimeout(90_000);
  const { popup, panel } = await indexingSlowly(ext, optionsPage);
  // Paused, so no call is in flight when the vault locks (a call cut by the lock is the provider's error, for any page).
  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(panel.getByRole('status')).toContainText(/^Paused · 64 of 70 messages indexed/);
  mock.setScenario('normal');
  await call(optionsPage, 'vault.lock', {});
  await popup.close();
  // The job running again with the vault locked, as an auto-lock between two batches leaves it; a page asks for the hidden page and closes.
  await optionsPage.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('keyward-knowledge');
        open.onerror = () => reject(new Error('cannot open keyward-knowledge'));
        open.onsuccess = () => {
          const store = open.result.transaction('jobs', 'readwrite').objectStore('jobs');
          const get = store.get('history');
          get.onsuccess = () => {
            const put = store.put({ ...(get.result as object), state: 'running' });
            put.onsuccess = () => resolve();
          };
        };
      }),
  );
  expect(await call(optionsPage, 'knowledge.indexInBackground', {})).toEqual({ woken: true });
  await optionsPage.close();
  const worker = await waitForExtensionWorker(ext.context);
  expect(await extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT']);
  await expect.poll(() => historyJob(worker), { timeout: 30_000 }).toMatchObject({ state: 'failed', error: 'VAULT_LOCKED', done: 64 });
  // Refused before anything was sent.
  expect(mock.requests.filter((request) => request.path === '/v1/embeddings')).toHaveLength(2);

  // A page opened later, unlocked, says why it stopped, with Resume.
  const later = await openExtensionPage(ext, 'popup');
  await call(later, 'vault.unlock', { passphrase: PASSPHRASE });
  await later.reload();
  await later.getByRole('button', { name: 'History' }).click();
  const laterHistory = later.getByRole('region', { name: 'History' });
  await laterHistory.getByRole('checkbox', { name: 'Search by meaning' }).check();
  const laterPanel = laterHistory.getByRole('region', { name: 'Search by meaning' });
  await expect(laterPanel.getByRole('status')).toContainText('(VAULT_LOCKED)');
  await expect(laterPanel.getByRole('button', { name: 'Resume' })).toBeVisible();
});

/** How many history vectors each embedding model has stored (the model's part of each vector's id), read from a page. */
function vectorsByModel(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('keyward-knowledge');
        open.onerror = () => reject(new Error('cannot open keyward-knowledge'));
        open.onsuccess = () => {
          const db = open.result;
          const keys = db.transaction('vectors').objectStore('vectors').getAllKeys();
          keys.onsuccess = () => {
            db.close();
            const counts: Record<string, number> = {};
            for (const key of keys.result as string[]) {
              const [space, model = ''] = key.split('|');
              if (space !== 'history') continue;
              const name = model.slice(model.indexOf('/') + 1);
              counts[name] = (counts[name] ?? 0) + 1;
            }
            resolve(counts);
          };
        };
      }),
  );
}

test('history by meaning: the model changed mid-index: asked first, the old index deleted, the whole history indexed again with the new one, each message once', async ({ ext, optionsPage }) => {
  test.setTimeout(60_000);
  const { popup, panel } = await indexingSlowly(ext, optionsPage);
  const model = panel.getByRole('combobox', { name: 'Embedding model' });
  await expect(panel.getByRole('status')).toContainText(/^Indexing… · 32 of 70 messages indexed with text-embedding-3-small/);
  expect((await vectorsByModel(popup))['text-embedding-3-small']).toBe(32);

  // Another model, mid-index: nothing changes until the user agrees to delete the index.
  await model.selectOption({ label: 'text-embedding-3-large · Mock OpenAI' });
  await panel.getByRole('button', { name: 'Change model' }).click();
  await expect(panel.getByText(/^Changing the model deletes the current index and indexes the whole history again with text-embedding-3-large · Mock OpenAI\. Indexing 70 messages sends about/)).toBeVisible();
  expect(mock.requests.filter((request) => request.path === '/v1/embeddings' && request.body.includes('text-embedding-3-large'))).toHaveLength(0);
  mock.setScenario('normal');
  await panel.getByRole('button', { name: 'Delete and re-index' }).click();
  await expect(panel.getByRole('status')).toContainText(/^Up to date · 70 of 70 messages indexed with text-embedding-3-large/, { timeout: 30_000 });

  // The old model's vectors are gone, the new one's cover each message once, sent once each.
  expect(await vectorsByModel(popup)).toEqual({ 'text-embedding-3-large': 70 });
  const large = mock.requests
    .filter((request) => request.path === '/v1/embeddings')
    .map((request) => JSON.parse(request.body) as { model: string; input: string[] })
    .filter((body) => body.model === 'text-embedding-3-large');
  expect(large.reduce((sum, body) => sum + body.input.length, 0)).toBe(70);
});
