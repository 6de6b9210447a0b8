/**
 * Benchmark 11 (issue 16): a 4,000 × 3,000 camera photo (JPEG with EXIF GPS, made in the page:
 * tests/fixtures/exif-jpeg.ts) dropped on the side panel's chat → its chip ready with its estimate;
 * Send → the request with it arriving at the mock provider; the panel's JS heap with the chip ready.
 * Each with a same-run baseline. The issue sets no time or memory goal for these: they are informational.
 * And the responsiveness goal: no task over 50 ms in the side panel while a 10 MB PDF is read and the user types.
 */
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { launchExtension, type LaunchedExtension } from '../tests/e2e/fixtures/launch';
import { openExtensionPage } from '../tests/e2e/fixtures/test';
import { call } from '../tests/e2e/fixtures/messaging';
import { writeStorage } from '../tests/e2e/fixtures/storage';
import { dropHeldFile, makeGpsPhotoInPage } from '../tests/fixtures/exif-jpeg';
import { readPdfWhileTyping, type PdfWhileTyping } from '../tests/e2e/fixtures/pdf-typing';
import { startMockProvider, type MockProvider } from '../tests/mock-provider/server';
import { reps, saveResult, sleep, stats } from './lib';

const PASSPHRASE = 'benchmark passphrase 42 correct horse';
const MODEL = 'gpt-4.1-nano';
const mb = (bytes: number) => bytes / 1024 / 1024;

interface Run {
  fileBytes: number;
  chipMs: number;
  bitmapMs: number;
  sendMs: number;
  textSendMs: number;
  heapBefore: number;
  heapReady: number;
  details: string;
  pdf: PdfWhileTyping;
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  await cdp.send('HeapProfiler.disable');
  // V8's heap plus ArrayBuffer backing stores (decoded pixels and file bytes live there).
  return usage.usedSize + (usage.backingStorageSize ?? 0);
}

/** The page clock minus the mock's (epoch ms), from the fastest of a few round trips (as benchmark 3). */
function clockOffset(page: Page, mockUrl: string): Promise<number> {
  return page.evaluate(async (url) => {
    let best = { offset: 0, rtt: Infinity };
    for (let i = 0; i < 12; i++) {
      const sent = performance.timeOrigin + performance.now();
      const { now } = (await (await fetch(`${url}/__mock/clock`, { cache: 'no-store' })).json()) as { now: number };
      const received = performance.timeOrigin + performance.now();
      if (received - sent < best.rtt) best = { offset: (sent + received) / 2 - now, rtt: received - sent };
    }
    return best.offset;
  }, mockUrl);
}

/** In the page: resolves with performance.now() when the first chip is ready and shows its token estimate (fails after a minute). */
function chipReady(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        setTimeout(() => reject(new Error(`no ready chip with an estimate after 60 s: ${document.querySelector('[data-testid="attachment-chip"]')?.textContent ?? 'no chip'}`)), 60_000);
        const check = () => {
          const chip = document.querySelector('[data-testid="attachment-chip"][data-state="ready"] [data-testid="attachment-details"]');
          if (chip && /tokens/.test(chip.textContent ?? '')) {
            observer.disconnect();
            resolve(performance.now());
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
        check();
      }),
  );
}

/** Clicks Send (in the page, its time taken there) and returns when the mock received the request, in the page's clock minus the click. */
async function sendToArrival(page: Page, mock: MockProvider, offset: number, question: string): Promise<number> {
  const answers = page.getByRole('article', { name: 'Assistant' });
  const earlier = await answers.count();
  await page.getByRole('textbox', { name: 'Message' }).fill(question);
  const send = page.getByRole('button', { name: 'Send', exact: true });
  await expect(send).toBeEnabled();
  const clickedAt = await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((element) => element.getAttribute('aria-label') === 'Send' || element.textContent === 'Send') as HTMLButtonElement;
    const at = performance.timeOrigin + performance.now();
    button.click();
    return at;
  });
  await expect(answers).toHaveCount(earlier + 1);
  await expect(answers.last()).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
  const request = mock.requests.findLast((entry) => entry.method === 'POST' && entry.body.includes(question));
  if (!request) throw new Error('the mock provider did not receive the question');
  return request.receivedAt + offset - clickedAt;
}

async function setUp(mock: MockProvider): Promise<LaunchedExtension> {
  const ext = await launchExtension();
  const options = await openExtensionPage(ext, 'options');
  await call(options, 'vault.create', { passphrase: PASSPHRASE });
  const key = await call(options, 'keys.add', { provider: 'openai', label: 'Bench', secret: { apiKey: 'sk-proj-benchKEY0123456789abcdefghij' }, settings: { baseUrl: `${mock.url}/v1` } });
  await writeStorage(options, 'local', 'lastTargets', [{ keyId: key.id, model: MODEL }]);
  await options.close();
  return ext;
}

async function once(mock: MockProvider): Promise<Run> {
  const ext = await setUp(mock);
  try {
    const panel = await ext.context.newPage();
    await panel.goto(`chrome-extension://${ext.extensionId}/sidepanel.html`);
    await expect(panel.getByRole('textbox', { name: 'Message' })).toBeEditable({ timeout: 15_000 });
    const cdp = await ext.context.newCDPSession(panel);
    const offset = await clockOffset(panel, mock.url);

    // Baseline of Send: a text-only question (it also opens the conversation and wakes every path once).
    const textSendMs = await sendToArrival(panel, mock, offset, 'A question without files.');

    const fileBytes = await makeGpsPhotoInPage(panel, { width: 4000, height: 3000, name: 'IMG_0042.jpg', global: 'benchPhoto' });
    // Baseline of reading: the same page decoding the same file, nothing else.
    const bitmapMs = await panel.evaluate(async () => {
      const started = performance.now();
      const bitmap = await createImageBitmap((window as unknown as { benchPhoto: File }).benchPhoto);
      const ms = performance.now() - started;
      bitmap.close();
      return ms;
    });
    await sleep(300);
    const heapBefore = await heapUsed(cdp);

    const ready = chipReady(panel);
    const droppedAt = await dropHeldFile(panel, 'benchPhoto');
    const chipMs = (await ready) - droppedAt;
    const details = (await panel.getByTestId('attachment-details').first().textContent()) ?? '';
    await sleep(300);
    const heapReady = await heapUsed(cdp);

    const sendMs = await sendToArrival(panel, mock, offset, 'What is in this photo?');
    await cdp.detach();

    // A 10 MB PDF dropped on a fresh side panel while the user types (issue 16: no task over 50 ms).
    const pdfPanel = await ext.context.newPage();
    await pdfPanel.goto(`chrome-extension://${ext.extensionId}/sidepanel.html`);
    await expect(pdfPanel.getByRole('textbox', { name: 'Message' })).toBeEditable({ timeout: 15_000 });
    const pdf = await readPdfWhileTyping(pdfPanel);
    return { fileBytes, chipMs, bitmapMs, sendMs, textSendMs, heapBefore, heapReady, details, pdf };
  } finally {
    await ext.removeProfile();
  }
}

test('11 attachments: a 4,000 × 3,000 photo to its chip and to the provider', async () => {
  const mock = await startMockProvider();
  try {
    const runs: Run[] = [];
    for (let i = 0; i < reps(5); i++) runs.push(await once(mock));
    const first = runs[0] as Run;
    const fileMb = mb(first.fileBytes).toFixed(1);
    saveResult('11-attachments', [
      {
        order: 11,
        name: `Attachments: a 4,000 × 3,000 JPEG photo with EXIF GPS (${fileMb} MB) dropped on the side panel → its chip ready with its token and cost estimate`,
        unit: 'ms',
        value: stats(runs.map((run) => run.chipMs)),
        baselineName: 'the same page decoding the same file with createImageBitmap only',
        baseline: stats(runs.map((run) => run.bitmapMs)),
        goal: '(no goal in the issue; informational)',
        met: null,
        note: `drop as a DataTransfer dispatched in the page (no file transfer from the test) → MutationObserver sees the ready chip's details with tokens; the chip reads "${first.details}"; wall-clock on a shared 2-core machine`,
      },
      {
        order: 11.1,
        name: 'Attachments: click on Send → the request with that photo received by the mock provider',
        unit: 'ms',
        value: stats(runs.map((run) => run.sendMs)),
        baselineName: 'a text-only question from the same panel',
        baseline: stats(runs.map((run) => run.textSendMs)),
        goal: '(no goal in the issue; informational)',
        met: null,
        note: 'the mock notes Date.now() when the whole body has arrived; clocks aligned through /__mock/clock (fastest of 12 round trips); includes the worker reading the Blob from IndexedDB, base64 and the request check',
      },
      {
        order: 11.2,
        name: 'Attachments: side panel JS heap with the photo\'s chip ready (after GC, with ArrayBuffer backing stores)',
        unit: 'MB',
        value: stats(runs.map((run) => mb(run.heapReady))),
        baselineName: 'the same panel just before the drop (the photo File already in the page)',
        baseline: stats(runs.map((run) => mb(run.heapBefore))),
        goal: '(no goal in the issue; informational)',
        met: null,
        note: `grown by ${stats(runs.map((run) => mb(run.heapReady - run.heapBefore))).median.toFixed(2)} MB (median); Runtime.getHeapUsage usedSize + backingStorageSize after two HeapProfiler.collectGarbage`,
      },
      {
        order: 11.3,
        name: `Attachments: side panel tasks over 50 ms from dropping a ${mb(first.pdf.bytes).toFixed(1)} MB PDF (500 pages of text) to its ready chip, while the user types`,
        unit: 'tasks',
        value: stats(runs.map((run) => run.pdf.longTasks.length)),
        goal: 'none (0 in every run; issue 16)',
        met: runs.every((run) => run.pdf.longTasks.length === 0),
        note: `drop → ready chip median ${stats(runs.map((run) => run.pdf.readyMs)).median.toFixed(0)} ms, keys pressed meanwhile median ${stats(runs.map((run) => run.pdf.keys)).median}; long tasks per run (ms after the drop, duration): ${runs.map((run) => JSON.stringify(run.pdf.longTasks.map((task) => [task.at, task.ms]))).join(' ')}; PerformanceObserver 'longtask', wall-clock, so a loaded machine lengthens them (tests/e2e/attachments-memory.spec.ts checks the same reading with a 200 ms bound)`,
      },
    ]);
  } finally {
    await mock.close();
  }
});
