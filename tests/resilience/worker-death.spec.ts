// First: the English messages for `strings` in the test runner (see the file).
import '../fixtures/english-i18n';
import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { readStorage, SESSION_RECORD_KEY } from '../e2e/fixtures/storage';
import { expectEveryKeyWorks, plantKeys, theOneThatOpens } from '../e2e/fixtures/vault-proof';
import { installProbe, waitForProbe, WorkerStopper } from '../e2e/fixtures/worker-probe';
import { CONTINUE_INSTRUCTION } from '@/src/chat/continuation';
import { strings } from '@/src/ui/strings';
import { pickModel } from '../e2e/fixtures/ui-steps';
import { sharedMockProvider } from '../e2e/fixtures/shared-mock';
import { optionsStrings } from '@/src/ui/options/options-strings';

/**
 * Chrome stops the background worker whenever it likes. Here it is stopped at the worst moments
 * (mid-answer, mid-unlock, mid-passphrase-change) and the pages must say what happened, lose
 * nothing, and let the user carry on.
 */

const OLD = 'violet tundra marimba quokka';
const NEW = 'granite velvet oboe pelican';

const mock = sharedMockProvider(test);

async function openSecurityTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Security' })).toBeVisible();
}

async function fillChange(page: Page, current: string, next: string): Promise<void> {
  await page.getByLabel(optionsStrings.passphrase.current, { exact: true }).fill(current);
  await page.getByLabel(optionsStrings.passphrase.newPassphrase, { exact: true }).fill(next);
  await page.getByLabel(optionsStrings.passphrase.confirmNew, { exact: true }).fill(next);
  await expect(page.getByText(/Strength: (Strong|Very strong)/)).toBeVisible();
}

test('mid-stream: the popup says the answer was cut off, keeps what arrived, and Continue finishes it', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: OLD });
  await plantKeys(optionsPage, mock, 'stream', 1);
  mock.setScenario('slow-drip', { chunkDelayMs: 60 });

  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  await popup.getByRole('textbox', { name: strings.chat.messageLabel }).fill('Invent a holiday');
  await popup.getByRole('textbox', { name: strings.chat.messageLabel }).press('Enter');
  const answer = popup.getByRole('article', { name: strings.chat.assistant }).first();
  await expect(answer).toContainText('Holiday Name:');
  await expect(answer).toHaveAttribute('data-status', 'streaming');
  await popup.waitForTimeout(700); // past a few save intervals

  const stopper = await WorkerStopper.open(ext.context, popup, ext.extensionId);
  await stopper.stop();
  await stopper.close();

  // The page tells what happened, keeps the text, and offers to go on.
  await expect(answer).toHaveAttribute('data-status', 'interrupted');
  await expect(answer.getByText(strings.chat.status.interrupted, { exact: true })).toBeVisible();
  await expect(answer.getByRole('alert')).toContainText(/cut off because the (extension restarted|connection to the extension was lost)/);
  await expect(answer).toContainText('Holiday Name:');
  const partial = (await answer.locator('.answer-body').innerText()).trim();

  // Saved: a reopened popup shows the same interrupted answer from history.
  await popup.close();
  const reopened = await openExtensionPage(ext, 'popup');
  const saved = reopened.getByRole('article', { name: strings.chat.assistant }).first();
  await expect(saved).toHaveAttribute('data-status', 'interrupted');
  await expect(saved).toContainText('Holiday Name:');
  expect((await saved.locator('.answer-body').innerText()).trim().length).toBeGreaterThanOrEqual(partial.length);

  // Continue: the model gets the partial answer and is asked to go on; the rest arrives below it.
  mock.setScenario('normal');
  const requestsBefore = mock.requests.length;
  await saved.getByRole('button', { name: strings.chat.continueAnswer }).click();
  const continuation = reopened.getByRole('article', { name: strings.chat.continuedLabel });
  await expect(continuation).toHaveAttribute('data-status', 'complete');
  await expect(continuation).toContainText('mutual respect.');
  const sent = mock.requests.slice(requestsBefore).find((request) => request.path === '/v1/chat/completions');
  const messages = (sent?.json as { messages: { role: string; content: string }[] } | undefined)?.messages ?? [];
  expect(messages.at(-1)).toEqual({ role: 'user', content: CONTINUE_INSTRUCTION });
  expect(messages.at(-2)?.role).toBe('assistant');
  expect(messages.at(-2)?.content).toContain('Holiday Name:');
});

test('mid-unlock: a stop during the key derivation says so and leaves the vault locked; a stop after it lands still opens the page', async ({ ext, optionsPage: page }) => {
  await call(page, 'vault.create', { passphrase: OLD });
  const keys = await plantKeys(page, mock, 'unlock', 3);
  await call(page, 'vault.lock', {});
  await page.reload();
  const stopper = await WorkerStopper.open(ext.context, page, ext.extensionId);
  try {
    const passphrase = page.getByLabel(strings.unlock.passphrase, { exact: true });
    const unlock = page.getByRole('button', { name: strings.unlock.unlock, exact: true });

    // 1. Stopped while the key is being derived: a clear message, nothing half done.
    await expect(unlock).toBeVisible();
    const worker = await installProbe(ext.context, page, 'none', 1);
    await passphrase.fill(OLD);
    await unlock.click();
    await waitForProbe(worker, (state) => state.deriving > 0, 'the key derivation of the unlock');
    await stopper.stop();
    await expect(page.getByRole('alert')).toHaveText(strings.unlock.restarted);
    await expect(unlock).toBeEnabled();
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'locked' });
    expect(await readStorage(page, 'session', SESSION_RECORD_KEY)).toBeUndefined();

    // 2. Stopped after the session was written but before the reply: the page opens anyway.
    await installProbe(ext.context, page, 'after-session-write').then(async (probed) => {
      await unlock.click(); // the passphrase is still typed in: trying again is one click
      await waitForProbe(probed, (state) => state.heldSessionWrites > 0, 'the session write of the unlock');
    });
    await stopper.stop();
    await expect(page.getByRole('tab', { name: 'Keys' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    for (const key of keys) await expect(page.getByRole('listitem', { name: key.label })).toContainText(key.masked);
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'unlocked' });

    // The vault is intact: the same passphrase, every key decrypts.
    expect(await theOneThatOpens(page, OLD, NEW)).toBe(OLD);
    await expectEveryKeyWorks(page, mock, keys);
  } finally {
    await stopper.close();
  }
});

test('mid-passphrase-change: before the write nothing changes, after it the new one is in force, and the page says which', async ({ ext, optionsPage: page }) => {
  await call(page, 'vault.create', { passphrase: OLD });
  const keys = await plantKeys(page, mock, 'change', 3);
  await page.reload();
  await openSecurityTab(page);
  const stopper = await WorkerStopper.open(ext.context, page, ext.extensionId);
  try {
    const change = page.getByRole('button', { name: optionsStrings.security.change, exact: true });
    await fillChange(page, OLD, NEW);

    // Stopped during the first derivation (checking the current passphrase), then during the
    // second (wrapping the new data key): nothing was written, the page says so and keeps the
    // form filled, so the next click simply tries again.
    for (const derivation of [1, 2]) {
      const worker = await installProbe(ext.context, page, 'none', derivation);
      await change.click();
      await waitForProbe(worker, (state) => state.derives >= derivation && state.deriving > 0, `key derivation ${derivation} of the change`);
      await stopper.stop();
      await expect(page.getByRole('alert')).toHaveText(optionsStrings.security.restartedUnchanged);
      await expect(change).toBeEnabled();
      await expect(page.getByLabel(optionsStrings.passphrase.current, { exact: true })).toHaveValue(OLD);
      expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
    }
    expect(await theOneThatOpens(page, OLD, NEW)).toBe(OLD);
    await expectEveryKeyWorks(page, mock, keys);

    // Stopped after the re-sealed vault was committed, before the new session was written: the
    // change stands, the vault locked, and the page says to unlock with the new passphrase.
    const worker = await installProbe(ext.context, page, 'before-session-write');
    await change.click();
    await waitForProbe(worker, (state) => state.heldSessionWrites > 0, 'the session write after the change');
    await stopper.stop();
    await expect(page.getByRole('status').filter({ hasText: optionsStrings.security.restartedChangedLocked })).toBeVisible();
    await expect(page.getByRole('button', { name: strings.unlock.unlock, exact: true })).toBeVisible();
    await page.getByLabel(strings.unlock.passphrase, { exact: true }).fill(NEW);
    await page.getByRole('button', { name: strings.unlock.unlock, exact: true }).click();
    await expect(page.getByRole('tab', { name: 'Keys' })).toBeVisible();

    expect(await theOneThatOpens(page, OLD, NEW)).toBe(NEW);
    await expectEveryKeyWorks(page, mock, keys);
  } finally {
    await stopper.close();
  }
});
