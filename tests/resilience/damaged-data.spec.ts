/**
 * Damaged data in the real browser: a vault record whose ciphertext or shape was changed behind
 * the extension's back, a truncated backup file, history rows that fail their schema. Each gives
 * a clear message, the rest keeps working, and nothing is deleted.
 */
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call, sendMessage } from '../e2e/fixtures/messaging';
import { readRows, rewriteRow } from '../e2e/fixtures/indexeddb';
import { sharedMockProvider } from '../e2e/fixtures/shared-mock';
import { modelButton, pickModel } from '../e2e/fixtures/ui-steps';
import { renderEnglish } from '../fixtures/messages';

const PASSPHRASE = 'damaged data passphrase 42';
const ANSWER_END = 'mutual respect.';

const mock = sharedMockProvider(test);

interface StoredSecret {
  sealed: { iv: string; ciphertext: string };
}

/** Flips every bit of one ciphertext byte: the record still parses, but AES-GCM refuses it. */
function flipCiphertextByte(row: StoredSecret): StoredSecret {
  const bytes = Buffer.from(row.sealed.ciphertext, 'base64');
  bytes[4] = (bytes[4] ?? 0) ^ 0xff;
  return { ...row, sealed: { ...row.sealed, ciphertext: bytes.toString('base64') } };
}

/** Breaks the record's schema: `sealed` is no longer { iv, ciphertext } strings. */
function breakRecordSchema(row: StoredSecret): unknown {
  return { ...row, sealed: { iv: 42 }, createdAt: 'yesterday' };
}

async function vaultRows(page: Page): Promise<Record<string, unknown>> {
  return Object.fromEntries((await readRows(page, 'keyward-vault', 'secrets')).map(({ key, value }) => [String(key), value]));
}

async function addKeys(page: Page) {
  await call(page, 'vault.create', { passphrase: PASSPHRASE });
  const settings = { baseUrl: `${mock.url}/v1` };
  const good = await call(page, 'keys.add', { provider: 'openai', label: 'Good key', secret: { apiKey: 'sk-proj-goodKEY0123456789abcdefghijkl' }, settings });
  const cipher = await call(page, 'keys.add', { provider: 'openai', label: 'Flipped cipher', secret: { apiKey: 'sk-proj-flipKEY0123456789abcdefghijkl' }, settings });
  const schema = await call(page, 'keys.add', { provider: 'anthropic', label: 'Broken shape', secret: { apiKey: 'sk-ant-api03-shapeKEY0123456789abcdefghij' }, settings: {} });
  return { good, cipher, schema };
}

test('a damaged vault record: named and flagged, the other keys list, decrypt and chat, nothing is deleted', async ({ ext, optionsPage }) => {
  const { good, cipher, schema } = await addKeys(optionsPage);
  const damagedCipher = await rewriteRow(optionsPage, 'keyward-vault', 'secrets', cipher.id, flipCiphertextByte);
  const damagedSchema = await rewriteRow(optionsPage, 'keyward-vault', 'secrets', schema.id, breakRecordSchema);

  // The list still answers, with both damaged keys flagged by name.
  const listed = await call(optionsPage, 'keys.list', {});
  expect(listed.keys.map((key) => [key.label, key.damaged])).toEqual([
    ['Good key', false],
    ['Flipped cipher', true],
    ['Broken shape', true],
  ]);
  expect(listed.keys.find((key) => key.id === good.id)?.masked).toBe(good.masked);

  // The options page shows each damaged key under its own name with what to do.
  await optionsPage.reload();
  for (const label of ['Flipped cipher', 'Broken shape']) {
    const row = optionsPage.getByRole('listitem', { name: label });
    await expect(row.getByText('Damaged', { exact: true })).toBeVisible();
    await expect(row).toContainText('This key could not be decrypted');
    await expect(row.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
  }
  // The good key decrypts and works.
  const goodRow = optionsPage.getByRole('listitem', { name: 'Good key' });
  await expect(goodRow.locator('code')).toHaveText(good.masked);
  await goodRow.getByRole('button', { name: 'Test connection' }).click();
  await expect(goodRow.getByRole('status', { name: 'Connection test result' })).toContainText('Works');

  // Using a damaged key gives the message that names it.
  for (const [id, label] of [[cipher.id, 'Flipped cipher'], [schema.id, 'Broken shape']] as const) {
    const reply = await sendMessage(optionsPage, 'keys.test', { id });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('RECORD_DAMAGED');
      // The worker sends a phrase, not words (issue 13): its English text names the key.
      expect(reply.error).not.toHaveProperty('message');
      expect(renderEnglish(reply.error.phrase)).toContain(`Vault record damaged: the stored key "${label}" cannot be decrypted`);
    }
  }

  // A chat with the good key works; the damaged ones are not offered.
  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  // The picker searches key names too: a damaged key would show its models under its name.
  await modelButton(popup).click();
  const search = popup.getByRole('combobox', { name: 'Search models' });
  const listbox = popup.getByRole('listbox', { name: 'Models' });
  await search.fill('Good key');
  await expect(listbox.getByRole('option').first()).toBeVisible();
  for (const damaged of ['Flipped cipher', 'Broken shape']) {
    await search.fill(damaged);
    await expect(listbox.getByRole('option')).toHaveCount(0);
    await expect(listbox).not.toContainText(damaged);
  }
  await search.press('Escape');
  await popup.getByRole('textbox', { name: 'Message' }).fill('Invent a holiday');
  await popup.getByRole('textbox', { name: 'Message' }).press('Enter');
  const answer = popup.getByRole('article', { name: 'Assistant' }).last();
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toContainText(ANSWER_END);
  expect(mock.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.headers.authorization)).toEqual([
    'Bearer sk-proj-goodKEY0123456789abcdefghijkl',
  ]);

  // Nothing was deleted or rewritten: both damaged records are on disk exactly as damaged.
  const rows = await vaultRows(optionsPage);
  expect(Object.keys(rows).sort()).toEqual([good.id, cipher.id, schema.id].sort());
  expect(rows[cipher.id]).toEqual(damagedCipher);
  expect(rows[schema.id]).toEqual(damagedSchema);
});

test('a truncated backup file: a clear message through the import form, the keys stay as they were', async ({ optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Kept key', secret: { apiKey: 'sk-proj-keptKEY0123456789abcdefghijkl' }, settings: {} });
  await call(optionsPage, 'keys.add', { provider: 'anthropic', label: 'Second key', secret: { apiKey: 'sk-ant-api03-secondKEY0123456789abcdefgh' }, settings: {} });
  const before = await call(optionsPage, 'keys.list', {});
  const rowsBefore = await vaultRows(optionsPage);
  const { content } = await call(optionsPage, 'vault.export', { passphrase: PASSPHRASE });
  const truncated = content.slice(0, Math.floor(content.length * 0.6));

  await optionsPage.reload();
  await optionsPage.getByRole('tab', { name: 'Backup' }).click();
  const form = optionsPage.getByRole('form', { name: 'Import' });
  await form.locator('input[name="backup-file"]').setInputFiles({ name: 'keyward-vault-truncated.json', mimeType: 'application/json', buffer: Buffer.from(truncated) });
  await form.locator('input[name="backup-passphrase"]').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Import backup' }).click();
  await expect(form.getByRole('alert')).toHaveText('This backup cannot be imported: the file is not complete JSON (it may be truncated). Nothing was changed.');

  expect(await call(optionsPage, 'keys.list', {})).toEqual(before);
  expect(await vaultRows(optionsPage)).toEqual(rowsBefore);
  expect(await call(optionsPage, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
});

test('history rows that fail their schema: skipped with a notice, kept on disk, list and search still work', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  const base = Date.UTC(2026, 0, 1);
  const conversation = (index: number, title: string, words: string[]) => ({
    id: `conv-${index}`,
    title,
    createdAt: base + index * 60_000,
    updatedAt: base + index * 60_000,
    messageCount: words.length,
    preview: words[0],
    messages: words.map((text, position) => ({ id: `msg-${index}-${position}`, conversationId: `conv-${index}`, role: 'user', text, startedAt: base + index * 60_000 + position })),
  });
  const file = JSON.stringify({
    format: 'keyward-history',
    version: 1,
    exportedAt: base,
    conversations: [
      conversation(1, 'Apricot planning', ['apricot harvest dates', 'shared lychee note']),
      conversation(2, 'Broken title chat', ['quince only here', 'shared lychee note']),
      conversation(3, 'Damaged message chat', ['damson first question', 'damson second question', 'shared lychee note']),
    ],
  });

  const popup = await openExtensionPage(ext, 'popup');
  await popup.getByRole('button', { name: 'History' }).click();
  let history = popup.getByRole('region', { name: 'History' });
  const [chooser] = await Promise.all([popup.waitForEvent('filechooser'), history.getByRole('button', { name: 'Import JSON…' }).click()]);
  await chooser.setFiles({ name: 'history.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await expect(history.getByRole('status')).toHaveText('3 added, 0 already present.');

  // Damage one conversation row and one message row behind the extension's back.
  const conversations = await readRows(popup, 'keyward-chat', 'conversations');
  const brokenDoc = conversations.find(({ value }) => (value as { id: string }).id === 'conv-2')?.key as number;
  const brokenConversation = await rewriteRow(popup, 'keyward-chat', 'conversations', brokenDoc, (row: object) => ({ ...row, title: 42 }));
  const brokenMessage = await rewriteRow(popup, 'keyward-chat', 'messages', 'msg-3-1', (row: object) => ({ ...row, text: { html: '<b>not text</b>' } }));

  await popup.reload();
  await popup.getByRole('button', { name: 'History' }).click();
  history = popup.getByRole('region', { name: 'History' });
  const list = history.getByRole('list', { name: 'Conversations, newest first' });
  // The damaged conversation is skipped with a notice in its place; the others list.
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.getByRole('button', { name: 'Apricot planning', exact: true })).toBeVisible();
  await expect(list.getByRole('button', { name: 'Damaged message chat', exact: true })).toBeVisible();
  await expect(list.getByText('A conversation here could not be read, so it is not shown. It is kept as it is.')).toBeVisible();
  await expect(list.getByText('Broken title chat')).toHaveCount(0);

  // Search still works, and never returns the damaged conversation.
  const search = history.getByRole('searchbox', { name: 'Search conversations' });
  const results = history.getByRole('list', { name: 'Search results' });
  await search.fill('lychee');
  await expect(results.getByRole('listitem')).toHaveCount(2);
  await search.fill('apricot');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await search.fill('quince');
  await expect(history.getByText('No conversation matches.')).toBeVisible();

  // Opening the conversation with a damaged message: the notice, and the readable messages.
  await search.fill('damson');
  await results.getByRole('button', { name: 'Damaged message chat', exact: true }).click();
  await expect(popup.getByText('Some messages of this conversation could not be read and are not shown.')).toBeVisible();
  await expect(popup.getByText('damson first question', { exact: true })).toBeVisible();
  await expect(popup.getByText('shared lychee note', { exact: true })).toBeVisible();

  // Both damaged rows are still on disk, untouched.
  const conversationsAfter = await readRows(popup, 'keyward-chat', 'conversations');
  expect(conversationsAfter).toHaveLength(3);
  expect(conversationsAfter.find(({ key }) => key === brokenDoc)?.value).toEqual(brokenConversation);
  const messagesAfter = await readRows(popup, 'keyward-chat', 'messages');
  expect(messagesAfter).toHaveLength(7);
  expect(messagesAfter.find(({ key }) => key === 'msg-3-1')?.value).toEqual(brokenMessage);
});
