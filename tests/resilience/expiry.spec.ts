import type { Page } from '@playwright/test';
import { test, expect, openExtensionPage, collectDiagnostics, reportDiagnostics } from '../e2e/fixtures/test';
import { launchExtension, waitForExtensionWorker, type LaunchedExtension } from '../e2e/fixtures/launch';
import { call, errorCode, sendMessage } from '../e2e/fixtures/messaging';
import { keyCanary, passphraseCanary, type Canary } from '../e2e/fixtures/canary';
import { extensionPageTarget, heapSnapshotText, serviceWorkerTarget, snapshotContains, type TargetFilter } from '../e2e/fixtures/heap';
import { killWorker } from '../e2e/fixtures/worker';
import { readStorage, SESSION_RECORD_KEY } from '../e2e/fixtures/storage';
import { chatOverPort, startPortPings, stopPortPings } from '../e2e/fixtures/chat-port';
import { addOpenAiKeyInUi, createVaultInUi, fieldValues, pickModel, sendInUi } from '../e2e/fixtures/ui-steps';
import { startMockProvider, type MockProvider } from '../mock-provider/server';

/**
 * Issue 7, item 3 (expiry) and the auto-lock half of item 2 (memory). With the one-minute
 * auto-lock, a key is unusable 90 seconds after the last deliberate action, checked in two
 * browsers side by side so the minute is waited for once:
 *
 * - Browser A: the worker is killed twice in between, and the auto-lock alarm is removed (as if
 *   it never fired: a suspended laptop), so only the deadline check at every use can lock.
 * - Browser B: the worker is kept busy by a chat port that pings every 5 s from the side panel,
 *   and by a slow answer streaming into the popup (one event a second, for minutes) that started
 *   with the last deliberate action. The alarm locks at the deadline; locking stops the answer
 *   in flight (the stream may not outlive the session that holds its key), and afterwards the
 *   GC'd heaps of the worker, the options page, the popup and the side panel hold neither the
 *   key nor the passphrase. Positive control: while the answer streams, the worker's heap does
 *   hold the key.
 *
 * In both, ~90 s after the last action: vault.status says locked, a new chat fails with
 * VAULT_LOCKED, Test connection fails with VAULT_LOCKED, and the mock provider received no
 * request carrying the key after the deadline.
 */

const CHECK_AT_MS = 90_000;
const AUTO_LOCK_ALARM = 'keyward.auto-lock';
/** A page with the passphrase meter's dictionaries loaded makes a ~50 MB snapshot: slow on a busy machine. */
const SNAPSHOT_TIMEOUT_MS = 180_000;

interface Browser {
  ext: LaunchedExtension;
  mock: MockProvider;
  report: () => string[];
}

async function startBrowser(): Promise<Browser> {
  const [ext, mock] = await Promise.all([launchExtension(), startMockProvider()]);
  return { ext, mock, report: collectDiagnostics(ext.context) };
}

async function stopBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await reportDiagnostics(test.info(), browser.report());
  await browser.ext.removeProfile();
  await browser.mock.close();
}

const sleepUntil = (page: Page, at: number) => page.waitForTimeout(Math.max(0, at - Date.now()));

/** The checks at T+90 s, the same for every variant. */
async function expectUnusable(page: Page, browser: Browser, keyId: string, key: Canary, deadline: number, label: string): Promise<void> {
  // A chat first: starting one is a deliberate action, and must not revive an expired session.
  const chat = await chatOverPort(page, keyId, 'after the deadline');
  expect(chat.at(-1), `${label}: a new chat`).toMatchObject({ type: 'error', error: { kind: 'VAULT_LOCKED' } });
  expect(errorCode(await sendMessage(page, 'keys.test', { id: keyId })), `${label}: Test connection`).toBe('VAULT_LOCKED');
  expect(errorCode(await sendMessage(page, 'models.list', { keyId })), `${label}: listing models`).toBe('VAULT_LOCKED');
  expect((await call(page, 'vault.status', {})).state, `${label}: vault.status`).toBe('locked');
  expect(await readStorage(page, 'session', SESSION_RECORD_KEY), `${label}: the session record is gone`).toBeUndefined();
  const late = browser.mock.requests.filter((request) => request.receivedAt > deadline && JSON.stringify(request.headers).includes(key.core));
  expect(late.map((request) => `${request.method} ${request.path} at deadline+${request.receivedAt - deadline} ms`), `${label}: requests with the key after the deadline`).toEqual([]);
  expect(browser.mock.requests.some((request) => JSON.stringify(request.headers).includes(key.core)), `${label}: the key was used before`).toBe(true);
}

async function workerKilledVariant(browser: Browser): Promise<void> {
  const { ext, mock } = browser;
  const key = keyCanary('K');
  const page = await openExtensionPage(ext, 'options');
  await call(page, 'vault.create', { passphrase: passphraseCanary().value });
  await call(page, 'settings.update', { autoLock: 1 });
  const { id } = await call(page, 'keys.add', { provider: 'openai', label: 'Expiring', secret: { apiKey: key.value }, settings: { baseUrl: `${mock.url}/v1` } });
  // The last deliberate action: a chat (it pushes the deadline to one minute from its start).
  const started = Date.now();
  expect((await chatOverPort(page, id, 'hello')).at(-1)).toMatchObject({ type: 'done' });
  const { locksAt } = await call(page, 'vault.status', {});
  const deadline = locksAt ?? 0;
  expect(deadline).toBeGreaterThanOrEqual(started + 60_000);
  expect(deadline).toBeLessThanOrEqual(Date.now() + 60_000);

  // No alarm from here on: only the check at use can lock.
  await page.evaluate((name) => (globalThis as unknown as { chrome: { alarms: { clear(name: string): Promise<boolean> } } }).chrome.alarms.clear(name), AUTO_LOCK_ALARM);
  await killWorker(ext.context, page);
  await sleepUntil(page, started + 30_000);
  expect(await call(page, 'vault.status', {}), 'still unlocked halfway (reading the status is not activity)').toMatchObject({ state: 'unlocked', locksAt: deadline });
  await killWorker(ext.context, page);
  await sleepUntil(page, started + CHECK_AT_MS);
  // The session record outlived the deadline (nothing woke the worker): the first use must refuse it.
  expect(await readStorage(page, 'session', SESSION_RECORD_KEY), 'the session record is still in storage.session').toBeDefined();
  await expectUnusable(page, browser, id, key, deadline, 'worker killed, no alarm');
}

/** Makes a page keep a value alive in a global, for the positive control of its heap snapshot. */
async function holdControl(page: Page, value: string): Promise<void> {
  await page.evaluate((held) => {
    (globalThis as { e2eControl?: string }).e2eControl = held;
  }, value);
}

interface Heaps {
  debuggingPort: number;
  targets: [string, TargetFilter][];
}

/** Each snapshot must hold `control` (a value every context was made to keep: the positive control) and none of the secrets. */
async function expectHeapsClean(heaps: Heaps, control: Canary, secrets: [string, Canary][]): Promise<void> {
  for (const [where, filter] of heaps.targets) {
    const snapshot = await heapSnapshotText(heaps.debuggingPort, filter, SNAPSHOT_TIMEOUT_MS);
    expect(snapshotContains(snapshot, control.core), `positive control: the value the ${where} holds`).toBe(true);
    for (const [what, secret] of secrets) {
      expect(snapshotContains(snapshot, secret.core), `${what} found in the heap of the ${where} after auto-lock`).toBe(false);
    }
  }
}

async function busyWorkerVariant(browser: Browser): Promise<void> {
  const { ext, mock } = browser;
  const key = keyCanary('B');
  const passphrase = passphraseCanary();
  const options = await openExtensionPage(ext, 'options');
  await createVaultInUi(options, passphrase.value);
  await call(options, 'settings.update', { autoLock: 1 });
  await addOpenAiKeyInUi(options, key.value, `${mock.url}/v1`, 'Busy worker key');
  const id = (await call(options, 'keys.list', {})).keys[0]?.id ?? '';

  const popup = await openExtensionPage(ext, 'popup');
  await pickModel(popup);
  await sendInUi(popup, 'a short one from the popup');
  const panel = await openExtensionPage(ext, 'sidepanel');
  await pickModel(panel);
  await sendInUi(panel, 'a short one from the side panel');

  // The last deliberate action: a long answer, one event a second (about five minutes).
  mock.setScenario('slow-drip', { chunkDelayMs: 1_000 });
  const started = Date.now();
  await sendInUi(popup, 'a very long one', 'streaming');
  const { locksAt } = await call(options, 'vault.status', {});
  const deadline = locksAt ?? 0;
  expect(deadline).toBeGreaterThanOrEqual(started + 60_000);
  await startPortPings(panel);

  const worker = serviceWorkerTarget(ext.extensionId);
  const heaps: Heaps = {
    debuggingPort: ext.debuggingPort,
    targets: [
      ['service worker', worker],
      ['options page', extensionPageTarget(ext.extensionId, 'options')],
      ['popup', extensionPageTarget(ext.extensionId, 'popup')],
      ['side panel', extensionPageTarget(ext.extensionId, 'sidepanel')],
    ],
  };
  // Positive control: the answer in flight holds the decrypted key in the worker, and the search finds it.
  const streaming = await heapSnapshotText(ext.debuggingPort, worker, SNAPSHOT_TIMEOUT_MS);
  expect(snapshotContains(streaming, key.core), 'positive control: the worker holds the key while its answer streams').toBe(true);

  await sleepUntil(popup, deadline);
  await expect.poll(async () => (await call(options, 'vault.status', {})).state, { message: 'the alarm should lock at the deadline', timeout: 20_000 }).toBe('locked');
  // Locking ended the answer that was streaming with the key, as failed with VAULT_LOCKED (what arrived is kept).
  await expect(popup.getByRole('article', { name: 'Assistant' }).last()).toHaveAttribute('data-status', 'failed', { timeout: 10_000 });
  for (const page of [options, popup, panel]) {
    const values = await fieldValues(page);
    expect(values.filter((value) => value.includes(key.core) || value.includes(passphrase.core)), 'a secret left in a text field').toEqual([]);
  }

  await sleepUntil(popup, started + CHECK_AT_MS);
  await expectUnusable(popup, browser, id, key, deadline, 'busy worker');
  await stopPortPings(panel);
  // After the checks, not before: four GC'd snapshots take a while, and the T+90 s checks must not wait for them.
  const control = keyCanary('C');
  for (const page of [options, popup, panel]) await holdControl(page, control.value);
  await (await waitForExtensionWorker(ext.context)).evaluate((held) => {
    (globalThis as { e2eControl?: string }).e2eControl = held;
  }, control.value);
  await expectHeapsClean(heaps, control, [
    ['the API key', key],
    ['the passphrase', passphrase],
  ]);
}

test('a key is unusable 90 s after the last action with a 1-minute auto-lock: worker killed, or kept busy by a port and a stream', async () => {
  test.setTimeout(300_000);
  let a: Browser | undefined;
  let b: Browser | undefined;
  try {
    const launched = await Promise.allSettled([startBrowser(), startBrowser()]);
    [a, b] = launched.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
    const failed = launched.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [first, second] = [a as Browser, b as Browser];
    await Promise.all([
      test.step('A: worker killed in between, alarm lost', () => workerKilledVariant(first)),
      test.step('B: worker busy with a pinging port and a long stream; heaps after auto-lock', () => busyWorkerVariant(second)),
    ]);
  } finally {
    await Promise.all([stopBrowser(a), stopBrowser(b)]);
  }
});
