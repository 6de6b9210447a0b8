import { test, expect, openExtensionPage } from './fixtures/test';
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

  await expect(chips.filter({ hasText: 'scan.pdf' }).getByTestId('attachment-details')).toContainText(/~[\d,]+ tokens · (\$|<\$)[\d.]+ · sent as 2 page images/, { timeout: 20_000 });

  // Removing a chip keeps the text and the other chips.
  await popup.getByRole('button', { name: 'Remove image.png' }).click();
  await expect(chips).toHaveCount(2);
  await expect(box).toHaveValue('What is in these?');
});
