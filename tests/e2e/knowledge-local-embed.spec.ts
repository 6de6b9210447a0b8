/**
 * Issue 19: embeddings from a model inside the browser. The tiny embedding model
 * (scripts/make-tiny-model.mjs) is downloaded from the stand-in Hub through the options page's "On
 * this device" section, as a user does it; `knowledge.embed` with no key then runs it in the model's
 * page (Transformers.js `feature-extraction`, mean pooling, normalised, on WebAssembly here), with
 * the Hub closed and the browser offline: nothing leaves the device. No vault exists: no key is needed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page, Worker } from '@playwright/test';
import { test as base, expect } from './fixtures/test';
import { call } from './fixtures/messaging';
import { launchExtension, waitForExtensionWorker } from './fixtures/launch';
import { startHub, type HubServer } from '../fixtures/hub-server';

const TINY_EMBED = 'keyward-test/tiny-embed';

const test = base.extend<{ hub: HubServer }>({
  // eslint-disable-next-line no-empty-pattern
  hub: async ({}, use) => {
    const hub = await startHub();
    try {
      await use(hub);
    } finally {
      await hub.close();
    }
  },
});

function decode(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

/**
 * What the model's page must answer for a text of words the tiny model knows, computed here from
 * its files: the mean of the words' rows of the embedding table (the model's whole graph), normalised.
 */
function expectedVector(text: string): Float32Array {
  const dir = path.join(import.meta.dirname, '..', 'fixtures', 'tiny-model', ...TINY_EMBED.split('/'));
  const vocab = (JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab;
  const dims = 384;
  const rows = Object.keys(vocab).length;
  // The table is the ONNX file's one raw_data field (tag 0x4a) of rows × dims floats.
  const onnx = readFileSync(path.join(dir, 'onnx', 'model_q4.onnx'));
  let length = rows * dims * 4;
  const varint: number[] = [];
  while (length >= 0x80) {
    varint.push((length & 0x7f) | 0x80);
    length >>>= 7;
  }
  varint.push(length);
  const at = onnx.indexOf(Buffer.from([0x4a, ...varint])) + 1 + varint.length;
  const table = new Float32Array(onnx.buffer.slice(onnx.byteOffset + at, onnx.byteOffset + at + rows * dims * 4));
  const ids = text.toLowerCase().split(' ').map((word) => vocab[word] ?? NaN);
  const mean = new Float32Array(dims);
  for (const id of ids) for (let dim = 0; dim < dims; dim++) mean[dim] = (mean[dim] ?? 0) + (table[id * dims + dim] ?? NaN) / ids.length;
  const norm = Math.sqrt(dot(mean, mean));
  return mean.map((value) => value / norm);
}

async function download(page: Page, hub: HubServer): Promise<void> {
  const section = page.getByRole('region', { name: 'On this device' });
  await section.getByText('Another model from the Hub').first().click();
  await section.getByLabel('Another model from the Hub').fill(TINY_EMBED);
  await section.getByLabel('Download from').fill(hub.url);
  await section.locator('details').getByRole('button', { name: 'Download' }).click();
  await expect(section.getByText('tiny-embed is ready')).toBeVisible({ timeout: 30_000 });
}

test('the in-browser embedding model: listed for download, downloaded from the Hub, then embeds offline with no key', async ({ ext, optionsPage: page, hub }) => {
  test.setTimeout(120_000);
  const section = page.getByRole('region', { name: 'On this device' });
  await expect(section.getByRole('listitem', { name: 'all-MiniLM-L6-v2 (embeddings)' })).toContainText('For search by meaning and collections, not for chat');

  await download(page, hub);
  const downloads = hub.requests.length;
  await hub.close();
  await ext.context.setOffline(true);

  const chunks = ['The lighthouse keeper counts ships at dawn', 'A sourdough bread recipe with rye flour and salt', 'Tax forms are due in April'];
  const reply = await call(page, 'knowledge.embed', { target: { keyId: null, model: TINY_EMBED }, texts: chunks, purpose: 'collection' });
  expect(reply.dims).toBe(384);
  expect(reply.costUsd).toBe(0);
  expect(reply.inputTokens).toBeGreaterThanOrEqual(chunks.join(' ').split(' ').length);
  const vectors = reply.vectors.map(decode);
  for (const vector of vectors) expect(dot(vector, vector)).toBeCloseTo(1, 4);

  const question = await call(page, 'knowledge.embed', { target: { keyId: null, model: TINY_EMBED }, texts: ['rye flour for bread', chunks[0] ?? ''], purpose: 'query' });
  const [asked, same] = question.vectors.map(decode);
  if (!asked || !same) throw new Error('two vectors expected');
  // The same text, the same vector; the question is closest to the chunk that shares its words.
  expect(dot(same, vectors[0] ?? new Float32Array())).toBeCloseTo(1, 5);
  const scores = vectors.map((vector) => dot(asked, vector));
  expect(scores.indexOf(Math.max(...scores))).toBe(1);
  // Mean pooling over the words, normalised: exactly the model's answer, computed from its files.
  const expected = expectedVector('rye flour for bread');
  asked.forEach((value, dim) => expect(value).toBeCloseTo(expected[dim] ?? NaN, 5));

  expect(hub.requests.length).toBe(downloads);
  await ext.context.setOffline(false);
  // Recorded as an embedding call of the in-browser model, free.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<unknown[]>((resolve) => {
            const open = indexedDB.open('keyward-usage');
            open.onsuccess = () => {
              const request = open.result.transaction('calls', 'readonly').objectStore('calls').getAll();
              request.onsuccess = () => resolve(request.result as unknown[]);
            };
          }),
      ),
    )
    .toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'embedding', provider: 'in-browser', keyId: null, cost: 0, outcome: 'ok', model: TINY_EMBED })]));
});

/** The parts of the extension API the worker is asked for here. */
declare const chrome: { runtime: { getContexts(filter: { contextTypes: string[] }): Promise<{ contextType: string; documentUrl?: string }[]> } };

/** Rows of a store of one of the extension's databases, read over raw IndexedDB by the worker (which never indexes). */
function rows<T>(worker: Worker, database: string, store: string): Promise<T[]> {
  return worker.evaluate(
    ([name, table]) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(new Error(`cannot open ${name}`));
        open.onsuccess = () => {
          const all = open.result.transaction(table).objectStore(table).getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result as T[]);
          };
        };
      }),
    [database, store] as const,
  );
}

/**
 * The in-browser embedding model downloaded, a vault with no key (the Knowledge tab is in the
 * unlocked options page; the in-browser model is then the one embedding model offered), a
 * collection "Notes" made with it, and `markdown` added to it as notes.md: returns the
 * collection's card, its indexing under way.
 */
async function addNotesWithLocalModel(page: Page, hub: HubServer, markdown: string): Promise<Locator> {
  await download(page, hub);
  await call(page, 'vault.create', { passphrase: 'e2e local embed passphrase 42' });
  await page.goto(page.url().replace(/#.*$/, '') + '#knowledge');
  await page.reload();
  const form = page.getByRole('form', { name: 'New collection' });
  await expect(form.getByRole('combobox', { name: 'Embedding model' })).toBeEnabled({ timeout: 15_000 });
  await form.getByRole('textbox', { name: 'Name' }).fill('Notes');
  await form.getByRole('button', { name: 'Create collection' }).click();
  const card = page.getByRole('article', { name: 'Collection Notes' });
  const chooser = page.waitForEvent('filechooser');
  await card.getByRole('button', { name: 'Add files…' }).click();
  await (await chooser).setFiles({ name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) });
  return card;
}

test('the hidden page indexes with the in-browser model it also hosts: a collection item goes on with no page open', async ({ ext, optionsPage: page, hub }) => {
  test.setTimeout(120_000);
  const words = ['lighthouse keeper', 'rye flour', 'tax forms', 'ships at dawn'];
  const card = await addNotesWithLocalModel(page, hub, Array.from({ length: 160 }, (_, index) => `# Note ${index}\n${words[index % words.length]} ${index}`).join('\n'));
  // Closed as soon as the page starts (its first call loads the model): five batches of 32, at least four left.
  await expect(card.getByRole('listitem', { name: 'notes' })).toContainText(/Indexing: (0|32) of 160 parts/, { timeout: 20_000 });
  const worker = await waitForExtensionWorker(ext.context);
  await page.close();
  const closedAt = Date.now();
  const contexts = () => worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['TAB', 'POPUP', 'SIDE_PANEL', 'OFFSCREEN_DOCUMENT'] })).map((context) => context.contextType));
  expect(await contexts()).toEqual(['OFFSCREEN_DOCUMENT']);

  await expect.poll(async () => (await rows<{ status: string }>(worker, 'keyward-knowledge', 'items')).map((item) => item.status), { timeout: 60_000 }).toEqual(['ready']);
  expect(await contexts()).toEqual(['OFFSCREEN_DOCUMENT']);
  // The in-browser model's calls after the page closed: the hidden page's, answered by the same page's model.
  const calls = await rows<{ kind: string; provider: string; at: number; outcome: string }>(worker, 'keyward-usage', 'calls');
  const after = calls.filter((call) => call.kind === 'embedding' && call.provider === 'in-browser' && call.at > closedAt);
  expect(after.length).toBeGreaterThanOrEqual(3);
  expect(after.every((call) => call.outcome === 'ok')).toBe(true);
  expect((await rows<{ sourceId: string }>(worker, 'keyward-knowledge', 'vectors')).length).toBe(160);
});

test('the browser closes mid-item: at the next start the worker has the hidden page finish it with the in-browser model, no page opened', async ({ ext, optionsPage: page, hub }) => {
  test.setTimeout(150_000);
  const card = await addNotesWithLocalModel(page, hub, Array.from({ length: 640 }, (_, index) => `# Note ${index}\nlighthouse keeper ${index}`).join('\n'));
  await expect(card.getByRole('listitem', { name: 'notes' })).toContainText(/Indexing: \d+ of 640 parts/, { timeout: 20_000 });
  await ext.close();

  const again = await launchExtension({ profileDir: ext.profileDir });
  try {
    const worker = await waitForExtensionWorker(again.context);
    const left = await rows<{ status: string }>(worker, 'keyward-knowledge', 'items');
    const stored = (await rows<{ sourceId: string }>(worker, 'keyward-knowledge', 'vectors')).length;
    expect(left.map((item) => item.status)).toEqual(['indexing']);
    expect(stored).toBeLessThan(640);
    await expect.poll(async () => (await rows<{ status: string }>(worker, 'keyward-knowledge', 'items')).map((item) => item.status), { timeout: 60_000 }).toEqual(['ready']);
    expect((await rows<{ sourceId: string }>(worker, 'keyward-knowledge', 'vectors')).length).toBe(640);
    // Only the hidden page did it. The new browser may show the options page (the restored tab, or the
    // welcome of the unpacked extension installed again), locked as every browser start leaves the vault:
    // its Knowledge tab is behind the unlock, and a page embeds an item only on the user's add or Resume.
    const contexts = await worker.evaluate(async () => chrome.runtime.getContexts({ contextTypes: ['TAB', 'POPUP', 'SIDE_PANEL', 'OFFSCREEN_DOCUMENT'] }));
    expect(contexts.filter((context) => context.contextType === 'OFFSCREEN_DOCUMENT')).toHaveLength(1);
    const tabs = contexts.filter((context) => context.contextType !== 'OFFSCREEN_DOCUMENT');
    expect(tabs.every((context) => context.contextType === 'TAB' && context.documentUrl?.endsWith('/options.html'))).toBe(true);
    for (const shown of again.context.pages().filter((open) => open.url().startsWith(`chrome-extension://${again.extensionId}/`))) {
      expect(await call(shown, 'vault.status', {})).toMatchObject({ state: 'locked' });
    }
  } finally {
    await again.removeProfile();
  }
});
