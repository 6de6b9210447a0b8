import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from './fixtures/test';
import { call } from './fixtures/messaging';
import { sharedMockProvider } from './fixtures/shared-mock';

const PASSPHRASE = 'e2e history passphrase 42';
const ANSWER_END = 'mutual respect.';

const mock = sharedMockProvider(test);

async function chat(popup: Page, text: string): Promise<void> {
  const box = popup.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeEditable();
  await box.fill(text);
  await expect(popup.getByRole('button', { name: 'Send' })).toBeEnabled();
  await box.press('Enter');
  await expect(popup.getByRole('article', { name: 'Assistant' }).last()).toHaveAttribute('data-status', 'complete');
  await expect(popup.getByRole('article', { name: 'Assistant' }).last()).toContainText(ANSWER_END);
}

test('history: search finds an answer with a snippet, opens it, exports it as JSON', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2eHISTORYkey0123456789abcdef' }, settings: { baseUrl: `${mock.url}/v1` } });

  const popup = await openExtensionPage(ext, 'popup');
  await chat(popup, 'Invent a holiday');
  await popup.getByRole('button', { name: 'New chat' }).click();
  await expect(popup.getByRole('article', { name: 'Assistant' })).toHaveCount(0);
  await chat(popup, 'Plan a quiet weekend');

  await popup.getByRole('button', { name: 'History' }).click();
  const history = popup.getByRole('region', { name: 'History' });
  await expect(history.getByText('2 conversations')).toBeVisible();
  const list = history.getByRole('list', { name: 'Conversations, newest first' });
  await expect(list.getByRole('listitem')).toHaveCount(2);

  // A word that is only in the answers: both conversations match, each with a snippet.
  await history.getByRole('searchbox', { name: 'Search conversations' }).fill('potluck');
  const results = history.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await expect(results.locator('.history-snippet').first()).toContainText(/potluck/i);
  await expect(results.getByRole('button', { name: 'Invent a holiday', exact: true })).toBeVisible();

  // Export everything as JSON: the file holds both conversations and their messages.
  const [download] = await Promise.all([popup.waitForEvent('download'), history.getByRole('button', { name: 'Export all (JSON)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^keyward-history-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await readFile(await download.path(), 'utf8')) as { format: string; conversations: { title: string; messages: { role: string; text: string }[] }[] };
  expect(file.conversations).toHaveLength(2);
  const holiday = file.conversations.find((conversation) => conversation.messages.some((message) => message.text === 'Invent a holiday'));
  expect(holiday).toBeDefined();
  expect(holiday?.messages.find((message) => message.role === 'assistant')?.text).toContain('Potluck');

  // Export one conversation from its row.
  const [single] = await Promise.all([popup.waitForEvent('download'), results.getByRole('button', { name: /Export “Invent a holiday.*” as JSON/ }).click()]);
  const one = JSON.parse(await readFile(await single.path(), 'utf8')) as { conversations: { messages: { text: string }[] }[] };
  expect(one.conversations).toHaveLength(1);
  expect(one.conversations[0]?.messages[0]?.text).toBe('Invent a holiday');

  // Opening it from the history loads it in the chat.
  await results.getByRole('button', { name: 'Invent a holiday', exact: true }).click();
  await expect(history).toHaveCount(0);
  await expect(popup.getByText('Invent a holiday', { exact: true })).toBeVisible();
  await expect(popup.getByText('Plan a quiet weekend')).toHaveCount(0);
  await expect(popup.getByRole('article', { name: 'Assistant' })).toContainText(ANSWER_END);
});

test('history: 10,000 imported conversations stay a short, scrollable DOM list', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  const base = Date.UTC(2025, 0, 1);
  const conversations = Array.from({ length: 10_000 }, (_, index) => ({
    id: `bulk-${index}`,
    title: `Bulk chat ${index}`,
    createdAt: base + index * 60_000,
    updatedAt: base + index * 60_000,
    messageCount: 1,
    preview: `Question ${index}`,
    messages: [{ id: `bulk-m-${index}`, conversationId: `bulk-${index}`, role: 'user', text: `Question ${index} about word${index}`, startedAt: base + index * 60_000 }],
  }));
  const file = JSON.stringify({ format: 'keyward-history', version: 1, exportedAt: base, conversations });

  const popup = await openExtensionPage(ext, 'popup');
  await popup.getByRole('button', { name: 'History' }).click();
  const history = popup.getByRole('region', { name: 'History' });
  await expect(history.getByText('No conversations yet.')).toBeVisible();
  const [chooser] = await Promise.all([popup.waitForEvent('filechooser'), history.getByRole('button', { name: 'Import JSON…' }).click()]);
  await chooser.setFiles({ name: 'bulk.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(history.getByRole('status')).toHaveText('10,000 added, 0 already present.', { timeout: 90_000 });
  await expect(history.getByText('10,000 conversations', { exact: true })).toBeVisible();

  const list = history.getByRole('list', { name: 'Conversations, newest first' });
  await expect(list.getByRole('button', { name: 'Bulk chat 9999', exact: true })).toBeVisible();
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);

  // Scrolling to the end reads only the last page: the oldest conversation appears, the DOM stays small.
  const started = Date.now();
  await list.evaluate((element) => element.parentElement?.scrollTo({ top: element.scrollHeight }));
  await expect(list.getByRole('button', { name: 'Bulk chat 0', exact: true })).toBeVisible();
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(await list.getByRole('listitem').count()).toBeLessThan(60);

  // Search reaches an imported message.
  await history.getByRole('searchbox', { name: 'Search conversations' }).fill('word7777');
  const results = history.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem')).toHaveCount(1, { timeout: 30_000 });
  await expect(results.getByRole('button', { name: 'Bulk chat 7777', exact: true })).toBeVisible();
  await expect(results.locator('.history-snippet')).toContainText('word7777');
});
