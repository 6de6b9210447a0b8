import { test as base, expect, openExtensionPage } from './fixtures/test';
import { waitForExtensionWorker, type LaunchedExtension } from './fixtures/launch';
import type { Page, Worker } from '@playwright/test';
import { call } from './fixtures/messaging';
import { writeStorage } from './fixtures/storage';
import { keyCanary, passphraseCanary } from './fixtures/canary';
import { mockProviderFixture, testPagesFixture } from './fixtures/per-test';
import type { PageServer } from './pages/serve';
import type { MockProvider } from '../mock-provider/server';
import { makePdf } from '../fixtures/make-pdf';

/**
 * Issue 19's collections in the built extension: a collection made in the options page's Knowledge
 * tab (its model from the mock key's embedding models), a generated PDF, a Markdown file and a
 * served page saved from the side panel are added and embedded through the mock's embeddings;
 * a question with "@Docs" takes the relevant excerpts to the provider in the question, the answer
 * cites them, and each citation opens its source at the right place (the PDF at its page, the
 * saved page at its heading, the Markdown file at its heading). A corrupt file is refused with a
 * clear message and nothing else is lost.
 */

const test = base.extend<{ pages: PageServer; mock: MockProvider }>({ pages: testPagesFixture, mock: mockProviderFixture });

const chatRequests = (mock: MockProvider) => mock.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/chat/completions'));

async function vaultWithMockKey(ext: LaunchedExtension, mock: MockProvider): Promise<Page> {
  const options = await openExtensionPage(ext, 'options');
  await call(options, 'vault.create', { passphrase: passphraseCanary().value });
  const key = await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: keyCanary().value }, settings: { baseUrl: `${mock.url}/v1` } });
  await writeStorage(options, 'local', 'lastTargets', [{ keyId: key.id, model: 'gpt-4o-mini' }]);
  return options;
}

/** Creates the collection in the Knowledge tab with the first embedding model offered. */
async function createCollection(options: Page, name: string): Promise<void> {
  await options.goto(options.url().replace(/#.*$/, '') + '#knowledge');
  await options.reload();
  const form = options.getByRole('form', { name: 'New collection' });
  await expect(form.getByRole('combobox', { name: 'Embedding model' })).toBeEnabled({ timeout: 15_000 });
  await form.getByRole('textbox', { name: 'Name' }).fill(name);
  await form.getByRole('button', { name: 'Create collection' }).click();
  await expect(options.getByRole('article', { name: `Collection ${name}` })).toBeVisible();
}

/** Picks files in a collection card, confirms the cost when asked (a paid model), and waits until each is ready. */
async function addFiles(options: Page, name: string, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const card = options.getByRole('article', { name: `Collection ${name}` });
  const chooser = options.waitForEvent('filechooser');
  await card.getByRole('button', { name: 'Add files…' }).click();
  await (await chooser).setFiles(files);
}

/** The mock key's embedding model has a price: the estimate is asked about before anything is stored or sent. */
async function confirmCost(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(/Indexing embeds about [\d,]+ tokens with .+, about <?\$[\d.]+\. Go ahead\?/, { timeout: 20_000 });
  await dialog.getByRole('button', { name: 'Index' }).click();
}

const PDF_PAGES: string[][] = [
  ['Annual report of the harbour board', 'The board met four times this year.'],
  ['Tides and dredging', 'The dredger Cormorant deepened the inner channel to seven metres.', 'Dredging cost rose because of winter storms.'],
  ['Staff', 'Two pilots retired and three were trained.'],
];

const MARKDOWN = ['# Handbook', 'Welcome aboard.', '## Safety', 'Lifejackets are stored under every bench.', '## Galley', 'The kettle is always on.'].join('\n');

test('collections: add a PDF, a Markdown file and a saved page, ask with @collection, open each citation at its place', async ({ ext, pages, mock }) => {
  const options = await vaultWithMockKey(ext, mock);
  await createCollection(options, 'Docs');

  // A corrupt PDF is refused with its reason; the good files beside it are added.
  await addFiles(options, 'Docs', [
    { name: 'harbour.pdf', mimeType: 'application/pdf', buffer: Buffer.from(makePdf(PDF_PAGES)) },
    { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nthis is not a PDF at all') },
    { name: 'handbook.md', mimeType: 'text/markdown', buffer: Buffer.from(MARKDOWN) },
  ]);
  await confirmCost(options);
  const card = options.getByRole('article', { name: 'Collection Docs' });
  await expect(card.getByText('broken.pdf is damaged or not a valid PDF: it was not added.')).toBeVisible({ timeout: 20_000 });
  await expect(card.getByRole('listitem', { name: 'harbour' })).toContainText('Ready: 3 parts', { timeout: 30_000 });
  await expect(card.getByRole('listitem', { name: 'handbook' })).toContainText('Ready: 3 parts', { timeout: 30_000 });

  // "Save this page to a collection" in the side panel, with the reader of "Use this page". A page
  // that cannot be read (the browser's own) says so, and nothing is added.
  const blank = await ext.context.newPage();
  await blank.goto('about:blank');
  const early = await openExtensionPage(ext, 'sidepanel');
  await early.getByRole('button', { name: 'Page tools and never-send sites' }).click();
  await early.getByRole('button', { name: 'Save page' }).click();
  await expect(early.locator('.collections-panel .collection-notes')).toHaveText('Keyward may not read this tab yet. To let it read this page once, open Keyward from the tab: its toolbar button, a right-click on the page, or Alt+Shift+K.', { timeout: 15_000 });
  await expect(early.locator('.collections-panel .collection-item')).toHaveCount(2);
  await early.close();
  await blank.close();
  const article = await ext.context.newPage();
  await article.goto(pages.url('article.html'));
  const panel = await openExtensionPage(ext, 'sidepanel');
  await panel.getByRole('button', { name: 'Page tools and never-send sites' }).click();
  await expect(panel.getByRole('combobox', { name: 'Collection' })).toHaveValue(/.+/);
  await panel.getByRole('button', { name: 'Save page' }).click();
  await confirmCost(panel);
  await expect(panel.getByText('Saved The lighthouse keepers of Skerryvore to Docs.')).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByRole('listitem', { name: 'The lighthouse keepers of Skerryvore' })).toContainText(/Ready: \d+ parts/, { timeout: 30_000 });
  await panel.getByRole('button', { name: 'Close page tools' }).click();

  // The question names the collection with "@": picked from the suggestions, it shows as a chip.
  mock.setScenario('normal', { answer: 'The channel is seven metres deep [1]. See also [2], [3], [4], [5] and [6].' });
  const box = panel.getByRole('textbox', { name: 'Message' });
  await box.fill('@Do');
  await panel.getByRole('group', { name: 'Collections matching what you typed' }).getByRole('button', { name: '@Docs' }).click();
  await expect(panel.getByRole('listitem', { name: 'Collection Docs goes with the next question' })).toBeVisible();
  await box.pressSequentially('how deep did the dredger Cormorant make the channel, and where are lifejackets stored, and how did supplies reach the keepers on the rock?');
  await panel.getByRole('button', { name: 'Send', exact: true }).click();

  // The excerpts went with the question, numbered, in the one request the chat made.
  await expect(panel.getByText('The channel is seven metres deep')).toBeVisible({ timeout: 20_000 });
  const [sent] = chatRequests(mock);
  expect(sent?.body).toContain('Excerpts from the collection \\"Docs\\"');
  expect(sent?.body).toContain('The dredger Cormorant deepened the inner channel to seven metres.');
  expect(sent?.body).toContain('harbour › p. 2');

  // The answer's citations, as links under it.
  const sources = panel.getByRole('navigation', { name: 'Sources' });
  const pdfCitation = sources.getByRole('button', { name: /^Open source \d+: harbour › p\. 2$/ });
  await expect(pdfCitation).toBeVisible();

  // The PDF opens at its page: the stored file in the browser's PDF viewer with #page=2.
  const pdfTab = ext.context.waitForEvent('page');
  await pdfCitation.click();
  const opened = await pdfTab;
  await expect.poll(() => opened.url(), { timeout: 15_000 }).toMatch(/^blob:chrome-extension:\/\/[^/]+\/[\w-]+#page=2$/);
  // Chromium's PDF viewer (its own extension's frame) shows page 2.
  const viewer = async () => opened.frames().find((frame) => frame.url().startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/'));
  await expect.poll(async () => (await viewer())?.getByRole('textbox', { name: 'Page number' }).inputValue().catch(() => ''), { timeout: 15_000 }).toBe('2');

  // The saved page opens at its address, scrolled to the heading (a text fragment).
  const pageCitation = sources.getByRole('button', { name: /^Open source \d+: The lighthouse keepers of Skerryvore › Life on the rock$/ });
  await expect(pageCitation).toBeVisible();
  const webTab = ext.context.waitForEvent('page');
  await pageCitation.click();
  const web = await webTab;
  await expect.poll(() => web.url()).toBe(`${pages.url('article.html')}#:~:text=Life%20on%20the%20rock`);

  // The Markdown file opens in the source page at its heading.
  const mdCitation = sources.getByRole('button', { name: /^Open source \d+: handbook › Handbook › Safety$/ });
  await expect(mdCitation).toBeVisible();
  const mdTab = ext.context.waitForEvent('page');
  await mdCitation.click();
  const md = await mdTab;
  await md.waitForLoadState();
  const heading = md.getByRole('heading', { name: 'Safety' });
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
  await expect(md.getByText('Lifejackets are stored under every bench.')).toBeVisible();

  // Deleting the collection deletes its items, their text and files, and their vectors.
  await options.bringToFront();
  await card.getByRole('button', { name: 'Delete', exact: true }).click();
  await options.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(card).toHaveCount(0);
  const left = await options.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('keyward-knowledge');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const stores = ['collections', 'items', 'chunks', 'files', 'vectors'];
          const transaction = open.result.transaction(stores, 'readonly');
          const counts: Record<string, number> = {};
          for (const name of stores) {
            const request = transaction.objectStore(name).count();
            request.onsuccess = () => (counts[name] = request.result);
          }
          transaction.oncomplete = () => resolve(counts);
        };
      }),
  );
  expect(left).toEqual({ collections: 0, items: 0, chunks: 0, files: 0, vectors: 0 });
});

/** The parts of the extension API the worker is asked for here. */
declare const chrome: {
  runtime: { getContexts(filter: { contextTypes: string[] }): Promise<{ contextType: string }[]> };
  alarms: { create(name: string, info: { when: number }): Promise<void> };
};

/** The extension's contexts other than the worker: its pages and the offscreen document. */
function extensionContexts(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['TAB', 'POPUP', 'SIDE_PANEL', 'OFFSCREEN_DOCUMENT'] })).map((context) => context.contextType).sort());
}

/** Items' statuses, read over raw IndexedDB by the worker (which never indexes): no page is opened to look. */
function itemStatuses(worker: Worker): Promise<string[]> {
  return worker.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('keyward-knowledge');
        open.onerror = () => reject(new Error('cannot open keyward-knowledge'));
        open.onsuccess = () => {
          const all = open.result.transaction('items').objectStore('items').getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve((all.result as { status: string }[]).map((item) => item.status));
          };
        };
      }),
  );
}

test('collections: the page closes while a file is embedded; the offscreen document finishes it with no page open, each part once, then closes', async ({ ext, mock }) => {
  test.setTimeout(90_000);
  const options = await vaultWithMockKey(ext, mock);
  await createCollection(options, 'Manual');
  const sections = Array.from({ length: 100 }, (_, index) => `# Chapter ${index}\nKnot${index} instructions for rope${index}.`).join('\n');
  // Each embedding call takes 1.5 s: four batches of 32 parts, far from done when the page closes.
  mock.setScenario('slow-headers', { delayMs: 1500 });
  await addFiles(options, 'Manual', [{ name: 'manual.md', mimeType: 'text/markdown', buffer: Buffer.from(sections) }]);
  await confirmCost(options);
  const card = options.getByRole('article', { name: 'Collection Manual' });
  await expect(card.getByRole('listitem', { name: 'manual' })).toContainText('Indexing: 32 of 100 parts', { timeout: 20_000 });
  const worker = await waitForExtensionWorker(ext.context);
  // The options page runs the item under its lock; the offscreen document waits for the same lock.
  await expect.poll(() => extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT', 'TAB']);

  const opened: string[] = [];
  ext.context.on('page', (page) => opened.push(page.url()));
  await options.close();
  const closedAt = Date.now();
  expect(await extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT']);
  expect(await itemStatuses(worker)).toEqual(['indexing']);

  await expect.poll(() => itemStatuses(worker), { timeout: 30_000 }).toEqual(['ready']);
  expect(await extensionContexts(worker)).toEqual(['OFFSCREEN_DOCUMENT']);
  expect(opened).toEqual([]);
  const embeddings = mock.requests.filter((request) => request.path === '/v1/embeddings');
  expect(embeddings.filter((request) => request.receivedAt > closedAt).length).toBeGreaterThanOrEqual(1);
  // Each part embedded, and never by the page and the hidden page at once (the item's lock): at most the
  // one batch the closing page had in flight is sent again.
  const texts = embeddings.flatMap((request) => (JSON.parse(request.body) as { input: string[] }).input);
  expect(new Set(texts).size).toBe(100);
  expect(texts.length).toBeLessThanOrEqual(100 + 32);

  // Indexing over: the idle alarm (brought forward) closes the offscreen document.
  await worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 100 }), 'keyward.model-host.idle');
  await expect.poll(() => extensionContexts(worker), { timeout: 15_000 }).toEqual([]);
  mock.setScenario('normal');
});
