import { readFile } from 'node:fs/promises';
import { test, expect, openExtensionPage } from './fixtures/test';
import { launchExtension } from './fixtures/launch';
import { call } from './fixtures/messaging';
import { sharedMockProvider } from './fixtures/shared-mock';
import { pickModel } from './fixtures/ui-steps';
import { makePdf } from '../fixtures/make-pdf';

const PASSPHRASE = 'e2e attachments passphrase 16';
const mock = sharedMockProvider(test);

/**
 * Issue 16, the composer's part: a pasted photo, a PDF and a scanned PDF picked with "Attach files…" become chips
 * in the popup with what they weigh, their tokens and cost for the chosen model, how they will be
 * sent, and what reading changed (a 3000 x 2000 photo downscaled). Sending them is tested once the
 * history and worker parts are merged.
 */
test('a pasted photo and an attached PDF show as chips with their estimates', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eATTACHkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);

  const box = popup.getByRole('textbox', { name: 'Message' });
  await box.fill('What is in these?');
  // A photo on the clipboard, as a screenshot tool or an image copy puts it there.
  await box.evaluate(async (textarea) => {
    const canvas = new OffscreenCanvas(3000, 2000);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    const gradient = context.createLinearGradient(0, 0, 3000, 2000);
    gradient.addColorStop(0, '#2453c7');
    gradient.addColorStop(1, '#f5a623');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 3000, 2000);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const data = new DataTransfer();
    data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
    textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });

  await popup.getByRole('button', { name: 'Attach' }).click();
  const chooser = popup.waitForEvent('filechooser');
  await popup.getByRole('menuitem', { name: 'Attach files…' }).click();
  await (await chooser).setFiles([
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from(makePdf([['Quarterly report', 'Revenue grew by 12 percent.'], ['Second page', 'Costs stayed flat.']])) },
    // A scan: pages without a text layer, drawn as page images for a model that sees.
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from(makePdf(['drawing', 'drawing'])) },
  ]);

  const chips = popup.getByRole('list', { name: 'Attachments' }).getByTestId('attachment-chip');
  await expect(chips).toHaveCount(3);
  const photo = chips.filter({ hasText: 'image.png' });
  const pdf = chips.filter({ hasText: 'report.pdf' });
  await expect(photo.getByTestId('attachment-details')).toContainText('downscaled from 3,000×2,000', { timeout: 20_000 });
  await expect(photo.getByTestId('attachment-details')).toContainText(/~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as an image/);
  await expect(photo.locator('img.attachment-thumb')).toHaveAttribute('src', /^blob:/);
  await expect(pdf.getByTestId('attachment-details')).toContainText(/~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as (PDF|text, 2 pages)/, { timeout: 20_000 });

  // A model that reads PDFs gets the scan itself (it reads the pages as images); bytes are spelled out.
  await expect(chips.filter({ hasText: 'scan.pdf' }).getByTestId('attachment-details')).toContainText(/^\d+ bytes · ~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as PDF/, { timeout: 20_000 });

  // Removing a chip keeps the text and the other chips.
  await popup.getByRole('button', { name: 'Remove image.png' }).click();
  await expect(chips).toHaveCount(2);
  await expect(box).toHaveValue('What is in these?');
});

/** A photo pasted into the message box, as a screenshot tool puts it on the clipboard. */
async function pastePhoto(page: import('@playwright/test').Page, width: number, height: number): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).evaluate(
    async (textarea, size) => {
      const canvas = new OffscreenCanvas(size.width, size.height);
      const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      context.fillStyle = '#2453c7';
      context.fillRect(0, 0, size.width, size.height);
      context.fillStyle = '#f5a623';
      context.fillRect(size.width / 4, size.height / 4, size.width / 2, size.height / 2);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const data = new DataTransfer();
      data.items.add(new File([blob], 'chart.png', { type: 'image/png' }));
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { width, height },
  );
}

/**
 * Issue 16 end to end: a pasted image and a PDF go with a question; the provider receives them in
 * its own format (OpenAI: an `image_url` data URL and a `file` part); the answer comes; the
 * conversation reopened from history shows its files; exported as JSON they are in the file, and
 * imported again they come back with the copy.
 */
test('send an image and a PDF, see them in the request, reopen from history, export and import them', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eATTACHkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  const box = popup.getByRole('textbox', { name: 'Message' });
  await box.fill('What do these show?');
  await pastePhoto(popup, 640, 480);
  await popup.getByRole('button', { name: 'Attach' }).click();
  const chooser = popup.waitForEvent('filechooser');
  await popup.getByRole('menuitem', { name: 'Attach files…' }).click();
  await (await chooser).setFiles([{ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from(makePdf([['Quarterly report', 'Revenue grew by 12 percent.']])) }]);
  const chips = popup.getByRole('list', { name: 'Attachments' }).getByTestId('attachment-chip');
  await expect(chips).toHaveCount(2);
  await expect(chips.filter({ hasText: 'report.pdf' }).getByTestId('attachment-details')).toContainText('sent as PDF', { timeout: 20_000 });
  await expect(chips.filter({ hasText: 'chart.png' }).getByTestId('attachment-details')).toContainText('sent as an image', { timeout: 20_000 });

  await box.press('Enter');
  const answer = popup.getByRole('article', { name: 'Assistant' });
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(chips).toHaveCount(0);

  // What the provider received: the question's text, the image as a data URL, the PDF as a file part.
  const posted = mock.requests.filter((request) => request.method === 'POST' && request.body.includes('What do these show?'));
  expect(posted).toHaveLength(1);
  const body = JSON.parse(posted[0]?.body ?? '{}') as { messages: { role: string; content: unknown }[] };
  const question = body.messages.at(-1);
  expect(question?.role).toBe('user');
  const parts = question?.content as { type: string; text?: string; image_url?: { url: string }; file?: { filename: string; file_data: string } }[];
  expect(parts.find((part) => part.type === 'text')?.text).toBe('What do these show?');
  expect(parts.find((part) => part.type === 'image_url')?.image_url?.url).toMatch(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]{100,}/);
  const file = parts.find((part) => part.type === 'file')?.file;
  expect(file?.filename).toBe('report.pdf');
  expect(Buffer.from((file?.file_data ?? '').replace(/^data:application\/pdf;base64,/, ''), 'base64').subarray(0, 5).toString()).toBe('%PDF-');

  // Reopened from history in a new popup: the question shows its two files again, the image as a picture.
  const again = await openExtensionPage(ext, 'popup');
  await again.getByRole('button', { name: 'History' }).click();
  const history = again.getByRole('region', { name: 'History' });
  await history.getByRole('button', { name: 'What do these show?', exact: true }).click();
  const shown = again.getByTestId('message-attachment');
  await expect(shown).toHaveCount(2);
  await expect(shown.filter({ hasText: 'chart.png' }).locator('img.attachment-thumb')).toHaveAttribute('src', /^blob:/);
  await expect(shown.filter({ hasText: 'report.pdf' })).toBeVisible();

  // Exported as JSON: the files are in the file, with their bytes.
  await again.getByRole('button', { name: 'History' }).click();
  const [download] = await Promise.all([again.waitForEvent('download'), history.getByRole('button', { name: 'Export all (JSON)' }).click()]);
  const exported = await readFile(await download.path(), 'utf8');
  const parsed = JSON.parse(exported) as { conversations: { messages: { role: string; attachments?: { name: string }[] }[] }[] };
  const names = parsed.conversations.flatMap((conversation) => conversation.messages.flatMap((message) => (message.attachments ?? []).map((ref) => ref.name)));
  expect(names.sort()).toEqual(['chart.png', 'report.pdf']);
  expect(exported).toContain(Buffer.from('%PDF-').toString('base64').slice(0, 6));

  // Imported into a fresh profile: the conversation comes back with both files.
  const other = await launchExtension();
  try {
    const options = await openExtensionPage(other, 'options');
    await call(options, 'vault.create', { passphrase: PASSPHRASE });
    const fresh = await openExtensionPage(other, 'popup');
    await fresh.getByRole('button', { name: 'History' }).click();
    const freshHistory = fresh.getByRole('region', { name: 'History' });
    const [picker] = await Promise.all([fresh.waitForEvent('filechooser'), freshHistory.getByRole('button', { name: 'Import JSON…' }).click()]);
    await picker.setFiles({ name: 'history.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect(freshHistory.getByRole('status')).toContainText('1 added', { timeout: 30_000 });
    await freshHistory.getByRole('button', { name: 'What do these show?', exact: true }).click();
    await expect(fresh.getByTestId('message-attachment')).toHaveCount(2);
    await expect(fresh.getByTestId('message-attachment').filter({ hasText: 'chart.png' }).locator('img.attachment-thumb')).toHaveAttribute('src', /^blob:/);
  } finally {
    await other.removeProfile();
  }
});
