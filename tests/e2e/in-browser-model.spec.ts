/**
 * Issue 17: a model inside the browser. The tiny model (scripts/make-tiny-model.mjs) is downloaded
 * from a stand-in for the Hub (tests/fixtures/hub-server.ts) through the options page, as a user
 * does it, then answers on the real chat port from the offscreen document, on WebAssembly (headless
 * Chromium has no WebGPU). No vault exists in these tests: the in-browser model needs no key.
 */
import type { Page, Worker } from '@playwright/test';
import { test as base, expect, openExtensionPage } from './fixtures/test';
import { waitForExtensionWorker } from './fixtures/launch';
import { controlQuota } from './fixtures/indexeddb';
import { renderEnglish } from '../fixtures/messages';
import { startHub, TINY_MODEL, type HubServer } from '../fixtures/hub-server';
import type { ChatPortMessage } from './fixtures/chat-port';

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

interface ChromePort {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: PortAnswer) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}
/** The parts of the extension API these tests call inside the browser. */
declare const chrome: {
  runtime: { connect(info: { name: string }): ChromePort; getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> };
  alarms: { get(name: string): Promise<{ scheduledTime: number } | undefined>; create(name: string, info: { when: number }): Promise<void> };
};

const IDLE_ALARM = 'keyward.model-host.idle';
const MODEL_KEY_PREFIX = `https://models.keyward.invalid/${TINY_MODEL}/`;

interface PortAnswer extends ChatPortMessage {
  text?: string;
  answer?: { status: string; text: string; usage?: { inputTokens: number; outputTokens: number; estimated: boolean }; answeredBy?: { provider: string; keyId: string | null } };
}

/** One question to the in-browser model over the chat port, with no key; `stopAfter` sends a stop after that many deltas. */
function askOnDevice(page: Page, prompt: string, maxTokens: number, stopAfter?: number): Promise<PortAnswer[]> {
  return page.evaluate(
    ([model, content, tokens, stopAt]) =>
      new Promise<PortAnswer[]>((resolve) => {
        const port = chrome.runtime.connect({ name: 'keyward.chat' });
        const received: PortAnswer[] = [];
        let deltas = 0;
        port.onMessage.addListener((message: PortAnswer) => {
          received.push(message);
          if (message.type === 'delta' && stopAt !== null && ++deltas === stopAt) port.postMessage({ type: 'stop' });
          if (message.type === 'done' || message.type === 'error') {
            port.disconnect();
            resolve(received);
          }
        });
        port.onDisconnect.addListener(() => resolve(received));
        // A hang says what did arrive, rather than the test's timeout saying nothing.
        setTimeout(() => resolve([...received, { type: 'timed-out' }]), 60_000);
        port.postMessage({ type: 'start', requestId: crypto.randomUUID(), targets: [{ keyId: null, model }], messages: [{ role: 'user', content }], maxTokens: tokens });
      }),
    [TINY_MODEL, prompt, maxTokens, stopAfter ?? null] as const,
  );
}

/** Cache entries of the tiny model: the files and, once complete, the manifest. */
function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async (prefix) => {
    const cache = await caches.open('keyward-models');
    return (await cache.keys()).map((request) => request.url).filter((url) => url.startsWith(prefix)).map((url) => url.slice(prefix.length)).sort();
  }, MODEL_KEY_PREFIX);
}

async function startDownload(page: Page, hub: HubServer): Promise<void> {
  const section = page.getByRole('region', { name: 'On this device' });
  const details = section.locator('details');
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await section.getByText('Another model from the Hub').first().click();
  await section.getByLabel('Another model from the Hub').fill(TINY_MODEL);
  await section.getByLabel('Download from').fill(hub.url);
  await details.getByRole('button', { name: 'Download' }).click();
}

async function modelPageOpen(worker: Worker): Promise<boolean> {
  return worker.evaluate(async () => {
    const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    return contexts.length > 0;
  });
}

test('download with progress, cancel and restart; answers stream on the chat port with no key, stop, idle close, cache only, offline', async ({ ext, optionsPage, hub }) => {
  test.setTimeout(180_000);
  const section = optionsPage.getByRole('region', { name: 'On this device' });
  await expect(section.getByTestId('local-runtime')).toHaveText(/WebAssembly/);

  // Download, slowly: progress shows, then cancel leaves nothing.
  hub.slow(150);
  await startDownload(optionsPage, hub);
  await expect(section.getByRole('status').filter({ hasText: 'Downloading onnx/model_q4.onnx' })).toBeVisible();
  await section.getByRole('button', { name: 'Cancel' }).click();
  await expect(section.getByText('Download cancelled; nothing of it was kept.')).toBeVisible();
  expect(await cachedPaths(optionsPage)).toEqual([]);

  // The chat refuses a model that is not downloaded, with words that say where to get it.
  const refusal = await askOnDevice(optionsPage, 'Hello', 8);
  const missing = refusal.at(-1);
  expect(missing?.type, JSON.stringify(refusal)).toBe('error');
  expect(renderEnglish(missing?.error?.phrase)).toContain('not downloaded');

  // Restarted, it completes: manifest last, listed with its disk use.
  hub.slow(false);
  await startDownload(optionsPage, hub);
  await expect(section.getByText(`tiny-chat is ready`)).toBeVisible();
  expect(await cachedPaths(optionsPage)).toEqual(['.keyward-manifest.json', 'config.json', 'generation_config.json', 'onnx/model_q4.onnx', 'tokenizer.json', 'tokenizer_config.json']);
  await expect(section.getByRole('listitem', { name: 'tiny-chat' })).toContainText('Downloaded · 0.3 MB on disk');
  const downloads = hub.requests.length;

  // Streaming N tokens through the chat port, keyless, usage from the model at cost 0.
  const first = await askOnDevice(optionsPage, 'Hello there', 64);
  const done = first.at(-1);
  expect(done?.type, JSON.stringify(first.filter((message) => message.type !== 'delta'))).toBe('done');
  expect(done?.answer?.status).toBe('complete');
  expect(done?.answer?.answeredBy).toMatchObject({ provider: 'in-browser', keyId: null });
  expect(done?.answer?.usage).toMatchObject({ outputTokens: 64, estimated: false });
  expect(done?.answer?.usage?.inputTokens).toBeGreaterThan(10);
  expect(first.filter((message) => message.type === 'delta').length).toBeGreaterThan(1);
  expect(done?.answer?.text.length).toBeGreaterThan(10);

  // The same question again: the same (greedy) answer, from the cache; the Hub is asked nothing.
  const again = await askOnDevice(optionsPage, 'Hello there', 64);
  expect(again.at(-1)?.answer?.text).toBe(done?.answer?.text);

  // Stop: the answer ends early as stopped.
  const stopped = await askOnDevice(optionsPage, 'Tell me everything', 4000, 2);
  expect(stopped.at(-1)?.answer?.status, JSON.stringify({ deltas: stopped.filter((message) => message.type === 'delta').length, usage: stopped.at(-1)?.answer?.usage, length: stopped.at(-1)?.answer?.text.length })).toBe('stopped');
  expect(stopped.at(-1)?.answer?.text.length ?? 0).toBeLessThan(2000);

  // The model's page closes after the idle minutes (their alarm, brought forward here) and opens again on the next question.
  const worker = await waitForExtensionWorker(ext.context);
  expect(await modelPageOpen(worker)).toBe(true);
  const scheduled = await worker.evaluate(async (name) => (await chrome.alarms.get(name))?.scheduledTime ?? 0, IDLE_ALARM);
  expect(scheduled - Date.now()).toBeGreaterThan(4 * 60_000);
  await worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 200 }), IDLE_ALARM);
  await expect.poll(() => modelPageOpen(worker), { timeout: 15_000 }).toBe(false);

  // Offline: the Hub gone and the network off, the model still answers.
  await hub.close();
  await ext.context.setOffline(true);
  const offline = await askOnDevice(optionsPage, 'Hello there', 64);
  expect(offline.at(-1)?.answer?.text).toBe(done?.answer?.text);
  expect(await modelPageOpen(worker)).toBe(true);
  expect(hub.requests.length).toBe(downloads);
});

test('a full disk during the download: a clear message, nothing half-cached, and the model is not used', async ({ ext, optionsPage, hub }) => {
  const section = optionsPage.getByRole('region', { name: 'On this device' });
  const quota = await controlQuota(ext.context, optionsPage, ext.extensionId);
  try {
    hub.slow(150);
    await startDownload(optionsPage, hub);
    await expect(section.getByRole('status').filter({ hasText: 'Downloading onnx/model_q4.onnx' })).toBeVisible();
    await quota.fill();
    await expect(section.getByRole('alert')).toHaveText(/Not enough disk space for this model/);
    expect(await cachedPaths(optionsPage)).toEqual([]);
    const refused = (await askOnDevice(optionsPage, 'Hello', 8)).at(-1);
    expect(refused?.error?.kind).toBe('model-not-found');
  } finally {
    await quota.restore();
  }
  hub.slow(false);
  await startDownload(optionsPage, hub);
  await expect(section.getByText('tiny-chat is ready')).toBeVisible();
});

test('a download cut off by closing its page leaves an unfinished download that is never loaded and restarts cleanly; a damaged file is found, the model removed, and Download again makes it answer', async ({ ext, optionsPage, hub }) => {
  hub.slow(150);
  await startDownload(optionsPage, hub);
  const section = optionsPage.getByRole('region', { name: 'On this device' });
  await expect(section.getByRole('status').filter({ hasText: 'Downloading onnx/model_q4.onnx' })).toBeVisible();
  await optionsPage.close();

  const page = await openExtensionPage(ext, 'options');
  const reopened = page.getByRole('region', { name: 'On this device' });
  await expect(reopened.getByRole('listitem', { name: 'tiny-chat' })).toContainText('Unfinished download');
  expect(await cachedPaths(page)).not.toContain('.keyward-manifest.json');
  expect((await askOnDevice(page, 'Hello', 8)).at(-1)?.error?.kind).toBe('model-not-found');

  hub.slow(false);
  await startDownload(page, hub);
  await expect(reopened.getByText('tiny-chat is ready')).toBeVisible();
  expect((await askOnDevice(page, 'Hello', 8)).at(-1)?.type).toBe('done');

  // One flipped byte in the cached weights (a damaged disk): found before anything runs.
  await page.evaluate(async (key) => {
    const cache = await caches.open('keyward-models');
    const stored = await cache.match(key);
    if (!stored) throw new Error('the weights are not cached');
    const bytes = new Uint8Array(await stored.arrayBuffer());
    const at = bytes.length - 100;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    await cache.put(key, new Response(bytes));
  }, `${MODEL_KEY_PREFIX}onnx/model_q4.onnx`);
  // A fresh model page (the loaded model is in memory): close it as the idle alarm does.
  const worker = await waitForExtensionWorker(ext.context);
  await worker.evaluate((name) => chrome.alarms.create(name, { when: Date.now() + 200 }), IDLE_ALARM);
  await expect.poll(() => modelPageOpen(worker), { timeout: 15_000 }).toBe(false);
  const damaged = (await askOnDevice(page, 'Hello', 8)).at(-1);
  expect(damaged?.type).toBe('error');
  expect(renderEnglish(damaged?.error?.phrase)).toContain('damaged');
  // Nothing of the damaged copy is kept: only the note of where it came from.
  expect(await cachedPaths(page)).toEqual(['.keyward-damaged.json']);
  await page.reload();
  const item = page.getByRole('region', { name: 'On this device' }).getByRole('listitem', { name: 'tiny-chat' });
  await expect(item).toContainText('A file of this model (onnx/model_q4.onnx) was damaged on disk');
  // Downloaded again from where it came (the Hub field is back to its default here), it answers.
  await item.getByRole('button', { name: 'Download again' }).click();
  await expect(page.getByRole('region', { name: 'On this device' }).getByText('tiny-chat is ready')).toBeVisible();
  expect(await cachedPaths(page)).toEqual(['.keyward-manifest.json', 'config.json', 'generation_config.json', 'onnx/model_q4.onnx', 'tokenizer.json', 'tokenizer_config.json']);
  expect((await askOnDevice(page, 'Hello', 8)).at(-1)?.type).toBe('done');
});
