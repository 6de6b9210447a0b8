/**
 * Storage full: Chromium's real quota, shrunk over CDP (Storage.overrideQuotaForOrigin on the
 * extension's origin), makes IndexedDB refuse writes with QuotaExceededError, as a full disk does.
 * Saving a key and streaming an answer must then say so plainly and leave no half-written row.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { killWorker } from '../e2e/fixtures/worker';
import { controlQuota, readRows } from '../e2e/fixtures/indexeddb';
import { sharedMockProvider } from '../e2e/fixtures/shared-mock';
import { pickModel } from '../e2e/fixtures/ui-steps';

const PASSPHRASE = 'storage full passphrase 42';
/** The mock's OpenAI chat fixture: its first and last words, as rendered. */
const ANSWER_START = 'Holiday Name:';
const ANSWER_END = 'mutual respect.';
/** The whole answer of that fixture, as the provider streams it. */
const FIXTURE_TEXT = readFileSync(new URL('../fixtures/providers/openai-chat-text.chunks.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '')
  .join('');

const mock = sharedMockProvider(test);

async function assistantRows(page: Page) {
  return (await readRows(page, 'keyward-chat', 'messages'))
    .map((row) => row.value as { role: string; status?: string; text: string; error?: { kind: string } })
    .filter((row) => row.role === 'assistant');
}

async function secretRows(page: Page) {
  return (await readRows(page, 'keyward-vault', 'secrets')).map((row) => row.value as { id: string; label: string });
}

test('saving a key on a full disk: a clear message, the form keeps its input, no record is written', async ({ ext, optionsPage }) => {
  const quota = await controlQuota(ext.context, optionsPage, ext.extensionId);
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Existing key', secret: { apiKey: 'sk-proj-existingKEY0123456789abcdefgh' }, settings: {} });
  await optionsPage.reload();
  await expect(optionsPage.getByRole('tab', { name: 'Keys' })).toBeVisible();
  await optionsPage.getByRole('button', { name: 'Add key' }).click();
  await optionsPage.locator('select[name="provider"]').selectOption('anthropic');
  await optionsPage.locator('input[name="label"]').fill('New while full');
  await optionsPage.locator('input[name="apiKey"]').fill('sk-ant-api03-fullDISKkey0123456789abcdefghij');

  await quota.fill();
  try {
    await optionsPage.getByRole('button', { name: 'Save key' }).click();
    const form = optionsPage.getByRole('form', { name: 'Add a key' });
    await expect(form.getByRole('alert')).toContainText('storage is full');
    // Nothing the user typed is lost: the form is still open with every field.
    await expect(form.locator('select[name="provider"]')).toHaveValue('anthropic');
    await expect(form.locator('input[name="label"]')).toHaveValue('New while full');
    await expect(form.locator('input[name="apiKey"]')).toHaveValue('sk-ant-api03-fullDISKkey0123456789abcdefghij');
    // No half-added key: the list and the database hold only the key that was there.
    expect((await call(optionsPage, 'keys.list', {})).keys.map((key) => key.label)).toEqual(['Existing key']);
    expect((await secretRows(optionsPage)).map((row) => row.label)).toEqual(['Existing key']);
  } finally {
    await quota.restore();
  }

  // Space again: the same form saves the key.
  await optionsPage.getByRole('button', { name: 'Save key' }).click();
  await expect(optionsPage.getByRole('button', { name: 'Save key' })).toHaveCount(0);
  expect((await call(optionsPage, 'keys.list', {})).keys.map((key) => key.label)).toEqual(['Existing key', 'New while full']);
});

test('an answer streaming when the disk fills up: it keeps streaming, says it could not be saved, and history stays readable', async ({ ext, optionsPage }) => {
  const quota = await controlQuota(ext.context, optionsPage, ext.extensionId);
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eFULLkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });

  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  // About 300 events 40 ms apart: several seconds of streaming, saved every 250 ms.
  mock.setScenario('slow-drip', { chunkDelayMs: 40 });
  await popup.getByRole('textbox', { name: 'Message' }).fill('Invent a holiday');
  await popup.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = popup.getByRole('article', { name: 'Assistant' }).last();
  await expect(answer).toContainText(ANSWER_START);
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  // Wait until the worker has saved part of the answer, then fill the disk.
  await expect.poll(async () => (await assistantRows(popup))[0]?.text.length ?? 0).toBeGreaterThan(0);

  await quota.fill();
  try {
    // The answer still arrives whole on the page, and ends with the reason it was not saved.
    await expect(answer).toContainText(ANSWER_END, { timeout: 30_000 });
    await expect(answer).toHaveAttribute('data-status', 'complete');
    await expect(answer.getByRole('alert')).toContainText('Not enough storage space');

    // What reached the disk is a shorter prefix of the answer, in a row that still reads whole.
    // On a full disk even closing that row is refused, so it may still say "streaming" until the
    // disk has room or the worker restarts; every reader below sees it as interrupted.
    const saved = (await assistantRows(popup))[0];
    expect(saved?.status).toMatch(/^(interrupted|streaming)$/);
    expect(saved?.text.length).toBeGreaterThan(0);
    expect(saved?.text.length).toBeLessThan(FIXTURE_TEXT.length);
    expect(FIXTURE_TEXT.startsWith(saved?.text ?? '-')).toBe(true);
  } finally {
    await quota.restore();
  }

  // Reopened, the conversation loads from history with what was saved, ready to be continued.
  const reopened = await openExtensionPage(ext, 'popup');
  const again = reopened.getByRole('article', { name: 'Assistant' });
  await expect(again).toHaveCount(1);
  await expect(again).toHaveAttribute('data-status', 'interrupted');
  await expect(again).toContainText(ANSWER_START);
  await expect(again.getByRole('button', { name: 'Continue' })).toBeVisible();
  await reopened.getByRole('button', { name: 'History' }).click();
  await expect(reopened.getByRole('region', { name: 'History' }).getByText('1 conversation', { exact: true })).toBeVisible();

  // A restarted worker closes the row on disk too; nothing was deleted.
  await killWorker(ext.context, optionsPage);
  await call(optionsPage, 'vault.status', {});
  await expect.poll(async () => (await assistantRows(optionsPage)).map((row) => row.status)).toEqual(['interrupted']);
});
