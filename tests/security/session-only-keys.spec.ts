import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage, collectDiagnostics, reportDiagnostics } from '../e2e/fixtures/test';
import { launchExtension, waitForExtensionWorker, type LaunchedExtension } from '../e2e/fixtures/launch';
import { call } from '../e2e/fixtures/messaging';
import { keyCanary } from '../e2e/fixtures/canary';
import { extensionPageTarget, heapSnapshotText, serviceWorkerTarget, snapshotContains } from '../e2e/fixtures/heap';
import { readAlarm, readStorage } from '../e2e/fixtures/storage';
import { chatOverPort } from '../e2e/fixtures/chat-port';
import { addSessionKeyInUi, modelButton, pickModel, sendInUi } from '../e2e/fixtures/ui-steps';
import { startMockProvider, type MockProvider } from '../mock-provider/server';

/**
 * Issue 18, session-only keys without a vault: a new user pastes a key in the welcome page
 * ("Use a key for this session only"), chats in the popup, and after the one-minute auto-lock
 * without deliberate use the key is gone: the status has no session-only key, storage.session
 * holds nothing of it, a chat with it fails as locked and reaches no provider, the popup's model
 * button says the session key expired, and no heap (worker, options page, popup), after garbage
 * collection, holds the key. Positive control: a value each context was made to keep.
 */

const SNAPSHOT_TIMEOUT_MS = 180_000;
const SESSION_KEYS_ITEM = 'session-keys';
const SESSION_KEYS_ALARM = 'keyward.session-keys';

let mock: MockProvider;
let ext: LaunchedExtension;
let report: () => string[];

test.beforeAll(async () => {
  mock = await startMockProvider();
});
test.afterAll(async () => {
  await mock.close();
});
test.beforeEach(async () => {
  ext = await launchExtension();
  report = collectDiagnostics(ext.context);
});
test.afterEach(async () => {
  await reportDiagnostics(test.info(), report());
  await ext.removeProfile();
});

async function holdControl(page: Page, value: string): Promise<void> {
  await page.evaluate((held) => {
    (globalThis as { e2eControl?: string }).e2eControl = held;
  }, value);
}

test('no vault: a session-only key is added, chats, and is gone after the 1-minute auto-lock, from storage and from every heap', async () => {
  test.setTimeout(300_000);
  const key = keyCanary('S');
  const options = await openExtensionPage(ext, 'options');
  // The shortest auto-lock: a tighter one needs no passphrase, and there is no vault anyway.
  await call(options, 'settings.update', { autoLock: 1 });
  await options.reload();
  await addSessionKeyInUi(options, key.value, `${mock.url}/v1`, 'Trial key');
  await expect(options.getByTestId('session-only-badge')).toHaveText('Session only · expires in 1 min');

  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  // The last deliberate action: a chat (it pushes the session-only keys' end to one minute from its start).
  const started = Date.now();
  await sendInUi(popup, 'hello from a session-only key');
  const status = await call(options, 'vault.status', {});
  expect(status.state).toBe('absent');
  const expiresAt = status.sessionKeys?.expiresAt ?? 0;
  expect(expiresAt).toBeGreaterThanOrEqual(started + 60_000);
  expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
  const { keys } = await call(options, 'keys.list', {});
  expect(keys.map((view) => view.sessionOnly)).toEqual([true]);
  const keyId = keys[0]?.id ?? '';
  expect(mock.requests.some((request) => request.headers['authorization'] === `Bearer ${key.value}`), 'the key was used').toBe(true);

  // The alarm ends the keys at the deadline. The options page is closed first (it would read the
  // status at the deadline, which also ends them): only the alarm can, and storage is read directly.
  expect((await readAlarm(popup, SESSION_KEYS_ALARM))?.scheduledTime).toBe(expiresAt);
  await options.close();
  await popup.waitForTimeout(Math.max(0, expiresAt - Date.now()));
  await expect.poll(async () => readStorage(popup, 'session', SESSION_KEYS_ITEM), { message: 'the alarm should remove the session-only keys', timeout: 30_000 }).toBeUndefined();
  expect(await readAlarm(popup, SESSION_KEYS_ALARM)).toBeNull();
  const again = await openExtensionPage(ext, 'options');
  expect((await call(again, 'vault.status', {})).sessionKeys).toBeUndefined();
  // The welcome offers a session-only key again.
  await expect(again.getByRole('heading', { name: 'Try it now, without a vault' })).toBeVisible({ timeout: 15_000 });
  await expect(again.getByTestId('session-only-badge')).toHaveCount(0);

  // A chat with the gone key: refused as locked, and no request carries the key after the deadline.
  const chat = await chatOverPort(again, keyId, 'after the deadline');
  expect(chat.at(-1)).toMatchObject({ type: 'error', error: { kind: 'VAULT_LOCKED' } });
  const late = mock.requests.filter((request) => request.receivedAt > expiresAt && JSON.stringify(request.headers).includes(key.core));
  expect(late.map((request) => `${request.method} ${request.path}`), 'requests with the key after the deadline').toEqual([]);

  // The picker says so: the model chosen last used a key that is gone.
  await popup.reload();
  await expect(modelButton(popup)).toHaveAttribute('data-state', 'session-gone');
  await expect(modelButton(popup)).toHaveAccessibleName(/Session key expired: add a key/);

  const control = keyCanary('C');
  for (const page of [again, popup]) await holdControl(page, control.value);
  await (await waitForExtensionWorker(ext.context)).evaluate((held) => {
    (globalThis as { e2eControl?: string }).e2eControl = held;
  }, control.value);
  for (const [where, filter] of [
    ['service worker', serviceWorkerTarget(ext.extensionId)],
    ['options page', extensionPageTarget(ext.extensionId, 'options')],
    ['popup', extensionPageTarget(ext.extensionId, 'popup')],
  ] as const) {
    const snapshot = await heapSnapshotText(ext.debuggingPort, filter, SNAPSHOT_TIMEOUT_MS);
    expect(snapshotContains(snapshot, control.core), `positive control: the value the ${where} holds`).toBe(true);
    expect(snapshotContains(snapshot, key.core), `the session-only key in the heap of the ${where} after auto-lock`).toBe(false);
  }
});

test('no vault: Lock ends a session-only key at once', async () => {
  const key = keyCanary('L');
  const options = await openExtensionPage(ext, 'options');
  await addSessionKeyInUi(options, key.value, `${mock.url}/v1`, 'Locked away');
  const keyId = (await call(options, 'keys.list', {})).keys[0]?.id ?? '';
  expect((await chatOverPort(options, keyId, 'before the lock')).at(-1)).toMatchObject({ type: 'done' });
  await call(options, 'vault.lock', {});
  expect(await readStorage(options, 'session', SESSION_KEYS_ITEM)).toBeUndefined();
  expect((await chatOverPort(options, keyId, 'after the lock')).at(-1)).toMatchObject({ type: 'error', error: { kind: 'VAULT_LOCKED' } });
});
