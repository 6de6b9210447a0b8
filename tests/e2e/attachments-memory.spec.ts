import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from './fixtures/test';
import { call } from './fixtures/messaging';
import { sharedMockProvider } from './fixtures/shared-mock';
import { pickModel } from './fixtures/ui-steps';
import { cdpConnect, type CdpConnection } from './fixtures/cdp';
import { heapSnapshotText, serviceWorkerTarget, snapshotContains } from './fixtures/heap';
import { waitForExtensionWorker, type LaunchedExtension } from './fixtures/launch';
import { dropHeldFile, makeGpsPhotoInPage } from '../fixtures/exif-jpeg';
import { readPdfWhileTyping } from './fixtures/pdf-typing';

const PASSPHRASE = 'e2e attachment memory passphrase 16';
const mock = sharedMockProvider(test);

async function setUpPanel(ext: LaunchedExtension, optionsPage: Page): Promise<Page> {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eMEMORYkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  const panel = await openExtensionPage(ext, 'sidepanel');
  await pickModel(panel);
  return panel;
}

/** JS heap in use after two full collections, V8's own heap plus ArrayBuffer backing stores (where Chromium reports them). */
async function heapAfterGc(cdp: CdpConnection): Promise<number> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
  return usage.usedSize + (usage.backingStorageSize ?? 0);
}

const chips = (page: Page) => page.getByRole('list', { name: 'Attachments' }).getByTestId('attachment-chip');

async function askWithHeldFile(panel: Page, question: string, global: string): Promise<void> {
  await panel.getByRole('textbox', { name: 'Message' }).fill(question);
  await dropHeldFile(panel, global);
  await expect(chips(panel).first().getByTestId('attachment-details')).toContainText('sent as an image', { timeout: 30_000 });
  const answers = panel.getByRole('article', { name: 'Assistant' });
  const earlier = await answers.count();
  await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(answers).toHaveCount(earlier + 1);
  await expect(answers.last()).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
  await expect(chips(panel)).toHaveCount(0);
}

/**
 * Issue 16, done means: "the worker does not keep image bytes after the answer (heap measured)". A
 * question with a 3,000 × 2,250 camera photo (several MB) goes from the side panel; once the answer
 * is complete and garbage collected, the worker's heap is back near where it was before, and a
 * heap snapshot holds no piece of the image's base64 (the request that left carried it).
 */
test('the worker keeps no image bytes once the answer is complete', async ({ ext, optionsPage }) => {
  const panel = await setUpPanel(ext, optionsPage);
  const worker = await waitForExtensionWorker(ext.context);
  // The worker's DevTools session also keeps it alive for the whole test (an idle worker would stop and lose its heap).
  const cdp = await cdpConnect(ext.debuggingPort, serviceWorkerTarget(ext.extensionId));
  try {
    // Warm-up with a small image: the code that sends attachments is loaded and its first-use caches are filled before the baseline.
    await makeGpsPhotoInPage(panel, { width: 320, height: 240, name: 'small.jpg', global: 'e2eSmall' });
    await askWithHeldFile(panel, 'First, a small one.', 'e2eSmall');
    const before = await heapAfterGc(cdp);

    const size = await makeGpsPhotoInPage(panel, { width: 3000, height: 2250, name: 'photo.jpg', global: 'e2ePhoto' });
    expect(size).toBeGreaterThan(3 * 1024 * 1024);
    await askWithHeldFile(panel, 'What is in this photo?', 'e2ePhoto');
    await panel.evaluate(() => delete (window as unknown as { e2ePhoto?: File }).e2ePhoto);

    // What left: the photo, re-encoded, as base64 in a data URL (the last one: the small image of the first question went again).
    const sent = mock.requests.findLast((request) => request.method === 'POST' && request.body.includes('What is in this photo?'));
    const url = [...(sent?.body ?? '').matchAll(/"url":"data:image\/[a-z]+;base64,([A-Za-z0-9+/=]+)"/g)].at(-1)?.[1] ?? '';
    expect(url.length, 'the image went with the question').toBeGreaterThan(200_000);
    const after = await heapAfterGc(cdp);
    const grown = after - before;
    console.log(`[heap] worker after GC: before ${(before / 1024).toFixed(0)} KB, after ${(after / 1024).toFixed(0)} KB (grown ${(grown / 1024).toFixed(0)} KB); base64 sent ${(url.length / 1024).toFixed(0)} KB`);
    // Well under the base64 that left (and under the bytes it came from): a copy kept anywhere would show.
    expect(grown, `the worker heap grew by ${grown} bytes; the image sent was ${url.length} characters of base64`).toBeLessThan(Math.min(256 * 1024, url.length / 4));

    // Snapshots keep the first 1,024 characters of each string: a piece from near the start of the base64.
    const piece = url.slice(200, 264);
    const snapshot = () => heapSnapshotText(ext.debuggingPort, serviceWorkerTarget(ext.extensionId));
    expect(snapshotContains(await snapshot(), piece), 'a piece of the image base64 in the worker heap').toBe(false);

    // Positive control: the same base64 deliberately held by the worker IS found (and would be measured).
    await worker.evaluate((held) => {
      (globalThis as { e2eHeld?: string }).e2eHeld = held.slice(0);
    }, url);
    expect(snapshotContains(await snapshot(), piece), 'the base64 deliberately held by the worker').toBe(true);
    expect((await heapAfterGc(cdp)) - before).toBeGreaterThan(url.length / 2);
    await worker.evaluate(() => delete (globalThis as { e2eHeld?: string }).e2eHeld);
  } finally {
    cdp.close();
  }
});

/**
 * Issue 16, done means: "the side panel stays responsive while a 10 MB PDF is read (no task over 50
 * ms while typing)" (tests/e2e/fixtures/pdf-typing.ts). The 50 ms goal itself is benchmark 11's row:
 * on the shared test machine, under load, a 40 ms task is measured at 60–80 ms and the test would be
 * flaky. Here: the user typed while it was read, nothing typed was lost, and no task came near
 * freezing the panel (a PDF read on the page's own thread would be one task of about a second).
 */
test('the side panel stays responsive while a 10 MB PDF is read', async ({ ext, optionsPage }) => {
  const panel = await setUpPanel(ext, optionsPage);
  const read = await readPdfWhileTyping(panel);
  console.log(`[long tasks] drop → ready chip ${read.readyMs.toFixed(0)} ms, ${read.keys} keys pressed meanwhile; tasks over 50 ms: ${JSON.stringify(read.longTasks)}`);
  expect(read.bytes).toBeGreaterThan(10 * 1000 * 1000);
  expect(read.keys, 'keys pressed while the PDF was read').toBeGreaterThan(0);
  expect(read.longTasks.filter((task) => task.ms > 200), 'tasks over 200 ms in the side panel while the PDF was read (ms after the drop, duration)').toEqual([]);
});
