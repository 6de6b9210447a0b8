import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from './fixtures/test';
import { call } from './fixtures/messaging';
import { sharedMockProvider } from './fixtures/shared-mock';
import { modelButton, pickModel } from './fixtures/ui-steps';

const PASSPHRASE = 'e2e popup passphrase 42';
/** The mock's OpenAI chat fixture: its first and last words, as the rendered Markdown shows them. */
const ANSWER_START = 'Holiday Name:';
const ANSWER_END = 'mutual respect.';

const mock = sharedMockProvider(test);

const chatRequests = () => mock.requests.filter((request) => request.method === 'POST' && request.path === '/v1/chat/completions');

async function sendMessage(popup: Page, text: string): Promise<void> {
  const box = popup.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeEditable();
  await box.fill(text);
  await expect(popup.getByRole('button', { name: 'Send' })).toBeEnabled();
  await box.press('Enter');
}

test('chat from the popup; closing it mid-stream keeps the answer coming, and reopening shows it', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2ePOPUPkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });

  let popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  await sendMessage(popup, 'Invent a holiday');
  const firstAnswer = popup.getByRole('article', { name: 'Assistant' }).last();
  await expect(firstAnswer).toContainText(ANSWER_START);
  await expect(firstAnswer).toContainText(ANSWER_END);
  await expect(firstAnswer).toHaveAttribute('data-status', 'complete');
  expect(chatRequests()).toHaveLength(1);

  // A slow answer: close the popup while it streams.
  mock.setScenario('slow-drip', { chunkDelayMs: 40 });
  await sendMessage(popup, 'Another one, slowly');
  const answers = popup.getByRole('article', { name: 'Assistant' });
  await expect(answers).toHaveCount(2);
  await expect(answers.nth(1)).toContainText(ANSWER_START);
  await expect(answers.nth(1)).toHaveAttribute('data-status', 'streaming');
  await popup.close();
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  // Reopened: the same conversation, with the answer that kept arriving in the background.
  popup = await openExtensionPage(ext, 'popup');
  const reopened = popup.getByRole('article', { name: 'Assistant' });
  await expect(reopened).toHaveCount(2);
  // About 300 events 40 ms apart: still arriving when the popup reopens.
  await expect(reopened.nth(1)).toHaveAttribute('data-status', 'streaming');
  await expect(reopened.nth(0)).toContainText(ANSWER_END);
  await expect(reopened.nth(1)).toContainText(ANSWER_START);
  await expect(reopened.nth(1)).toContainText(ANSWER_END, { timeout: 30_000 });
  await expect(reopened.nth(1)).toHaveAttribute('data-status', 'complete');
  await expect(popup.getByText('Another one, slowly')).toBeVisible();
  expect(chatRequests()).toHaveLength(2);
});

test('locked: the popup keeps the conversation, shows the unlock form in view above the message box and the lock state in its header, and locks from there', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Mock OpenAI', secret: { apiKey: 'sk-proj-e2ePOPUPkey0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  let popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  for (const [index, question] of ['Invent a holiday', 'And another one'].entries()) {
    await sendMessage(popup, question);
    await expect(popup.getByRole('article', { name: 'Assistant' })).toHaveCount(index + 1);
    await expect(popup.getByRole('article', { name: 'Assistant' }).last()).toHaveAttribute('data-status', 'complete');
  }
  await popup.close();
  await call(optionsPage, 'vault.lock', {});

  // Reopened after a lock: the last conversation, scrolled to its end, and the way to unlock in view.
  popup = await openExtensionPage(ext, 'popup');
  await expect(popup.getByRole('article', { name: 'Assistant' })).toHaveCount(2);
  const form = popup.getByRole('form', { name: 'Unlock the vault' });
  await expect(form.getByLabel('Passphrase')).toBeInViewport();
  await expect(form.getByRole('button', { name: 'Unlock' })).toBeInViewport();
  await expect(modelButton(popup)).toContainText('Locked: unlock to choose a model');
  const state = popup.locator('header').getByRole('group', { name: 'Vault' });
  await expect(state).toContainText('Locked');
  await form.getByLabel('Passphrase').fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Unlock' }).click();
  await expect(state).toContainText('Unlocked');
  await expect(modelButton(popup)).toContainText('gpt-4.1-nano');

  // Lock from the header: the same form comes back in view.
  await state.getByRole('button', { name: 'Lock the vault now' }).click();
  await expect(state).toContainText('Locked');
  await expect(form.getByLabel('Passphrase')).toBeInViewport();
});
