// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { makePdf } from '../fixtures/make-pdf';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { clickByRole, pickModel, sendInUi } from './fixtures/ui-steps';

/**
 * Issue 16's attachments in Firefox, in the popup page opened as a tab: an image pasted into the
 * message box (a `paste` event carrying a DataTransfer with the file, as the clipboard gives it) and a PDF
 * given to the composer's file input (what "Attach files…" opens), sent to the mock provider in
 * OpenAI's format (an `image_url` data URL and a `file` part), then the conversation reopened from
 * history with both files shown again.
 */

const PASSPHRASE = 'firefox attachments passphrase 16';
const STEP_MS = 20_000;

let mock: MockProvider;
let ff: LaunchedFirefox;
let files: string;

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
  files = await mkdtemp(path.join(os.tmpdir(), 'keyward-ff-attach-'));
  const options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: PASSPHRASE });
  await call(options, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-ffATTACHkey0123456789abcdefghij' }, settings: { baseUrl: `${mock.url}/v1` } });
  await options.close();
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
  if (files) await rm(files, { recursive: true, force: true });
});

/** The chips' names and details, as the composer shows them. */
function chips(page: Page): Promise<{ name: string; details: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-label="Attachments"] [data-testid="attachment-chip"]')].map((chip) => ({
      name: (chip as HTMLElement).innerText,
      details: chip.querySelector('[data-testid="attachment-details"]')?.textContent ?? '',
    })),
  );
}

async function waitForChips(page: Page, done: (list: { name: string; details: string }[]) => boolean): Promise<{ name: string; details: string }[]> {
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const list = await chips(page);
    if (done(list)) return list;
    if (Date.now() > deadline) throw new Error(`chips not as expected: ${JSON.stringify(list)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('Firefox: a pasted image and a PDF reach the provider as an image part and a file part, and come back from history', async () => {
  const popup = await ff.openPage('popup');
  await pickModel(popup);

  // A chart on the clipboard, pasted into the message box.
  await popup.evaluate(async () => {
    const canvas = new OffscreenCanvas(640, 480);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.fillStyle = '#2453c7';
    context.fillRect(0, 0, 640, 480);
    context.fillStyle = '#f5a623';
    context.fillRect(160, 120, 320, 240);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const data = new DataTransfer();
    data.items.add(new File([blob], 'chart.png', { type: 'image/png' }));
    const box = document.querySelector('textarea[aria-label="Message"]') as HTMLTextAreaElement;
    const paste = new ClipboardEvent('paste', { bubbles: true, cancelable: true });
    // Firefox's ClipboardEvent constructor keeps only string data of `clipboardData` (a file comes
    // out as an empty DataTransfer), and headless Firefox's clipboard holds text only, so a real
    // Ctrl+V cannot carry an image either: the event gets the DataTransfer as its clipboardData,
    // as a paste from the system clipboard has it.
    Object.defineProperty(paste, 'clipboardData', { value: data });
    box.dispatchEvent(paste);
  });

  // The PDF, given to the file input that "Attach files…" opens (BiDi's input.setFiles).
  const pdfPath = path.join(files, 'report.pdf');
  await writeFile(pdfPath, makePdf([['Quarterly report', 'Revenue grew by 12 percent.']]));
  const input = await popup.waitForSelector('form.composer input[type="file"]');
  await input?.uploadFile(pdfPath);

  const ready = await waitForChips(popup, (list) => list.length === 2 && list.every((chip) => /sent as /.test(chip.details)));
  expect(ready.find((chip) => chip.name.includes('chart.png'))?.details).toMatch(/~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as an image/);
  expect(ready.find((chip) => chip.name.includes('report.pdf'))?.details).toMatch(/sent as PDF/);

  await sendInUi(popup, 'What do these show?', 'complete');
  expect(await chips(popup)).toEqual([]);

  const posted = mock.requests.filter((request) => request.method === 'POST' && request.body.includes('What do these show?'));
  expect(posted).toHaveLength(1);
  const body = JSON.parse(posted[0]!.body) as { messages: { role: string; content: unknown }[] };
  const question = body.messages.at(-1);
  expect(question?.role).toBe('user');
  const parts = question?.content as { type: string; text?: string; image_url?: { url: string }; file?: { filename: string; file_data: string } }[];
  expect(parts.map((part) => part.type).sort()).toEqual(['file', 'image_url', 'text']);
  expect(parts.find((part) => part.type === 'text')?.text).toBe('What do these show?');
  expect(parts.find((part) => part.type === 'image_url')?.image_url?.url).toMatch(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]{100,}/);
  const file = parts.find((part) => part.type === 'file')?.file;
  expect(file?.filename).toBe('report.pdf');
  expect(Buffer.from((file?.file_data ?? '').replace(/^data:application\/pdf;base64,/, ''), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  await popup.close();

  // A new popup page: History, the conversation, and its two files shown again (the image as a picture).
  const again = await ff.openPage('popup');
  await clickByRole(again, 'button', 'History');
  await again.waitForFunction(
    () => [...document.querySelectorAll('button.history-open')].some((button) => button.textContent === 'What do these show?'),
    { timeout: STEP_MS, polling: 100 },
  );
  await again.evaluate(() => ([...document.querySelectorAll('button.history-open')].find((button) => button.textContent === 'What do these show?') as HTMLButtonElement).click());
  await again.waitForFunction(() => document.querySelectorAll('[data-testid="message-attachment"]').length === 2, { timeout: STEP_MS, polling: 100 });
  const shown = await again.evaluate(() =>
    [...document.querySelectorAll('[data-testid="message-attachment"]')].map((item) => ({ text: (item as HTMLElement).innerText, thumb: item.querySelector('img.attachment-thumb')?.getAttribute('src') ?? '' })),
  );
  expect(shown.find((item) => item.text.includes('chart.png'))?.thumb).toMatch(/^blob:/);
  expect(shown.some((item) => item.text.includes('report.pdf'))).toBe(true);
});
