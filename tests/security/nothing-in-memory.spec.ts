import type { Page, Worker } from '@playwright/test';
import { test, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call } from '../e2e/fixtures/messaging';
import { keyCanary, passphraseCanary, randomCore } from '../e2e/fixtures/canary';
import { extensionPageTarget, heapSnapshotText, serviceWorkerTarget, snapshotContains, type TargetFilter } from '../e2e/fixtures/heap';
import { waitForExtensionWorker } from '../e2e/fixtures/launch';
import { addOpenAiKeyInUi, createVaultInUi, fieldValues, pickModel, sendInUi, unlockInUi } from '../e2e/fixtures/ui-steps';
import { startMockProvider } from '../mock-provider/server';

interface Held {
  e2eHeld?: unknown;
}

const isPage = (target: Page | Worker): target is Page => 'goto' in target;

/** Deliberately keeps a value alive in a page's or the worker's globals (positive control), or drops it. */
async function hold(target: Page | Worker, value: unknown): Promise<void> {
  const keep = (held: unknown) => {
    (globalThis as Held).e2eHeld = held;
  };
  if (isPage(target)) await target.evaluate(keep, value);
  else await target.evaluate(keep, value);
}

async function drop(target: Page | Worker): Promise<void> {
  const forget = () => {
    delete (globalThis as Held).e2eHeld;
  };
  if (isPage(target)) await target.evaluate(forget);
  else await target.evaluate(forget);
}

/**
 * After the vault is locked, neither the background's heap nor the options page's heap (both
 * garbage collected first) holds the API key or the passphrase. Heap snapshots list live objects
 * only; typed-array contents are not in them (a limitation of the method).
 */
test('no key and no passphrase in the worker or options page heap once locked', async ({ ext, optionsPage: page }) => {
  const passphrase = passphraseCanary();
  const key = keyCanary();
  const label = `Label-VISIBLE-${randomCore(16)}`;
  const secretsToFind: [string, string][] = [
    ['the API key', key.value],
    ['the random part of the API key', key.core],
    ['the passphrase', passphrase.value],
    ['the random part of the passphrase', passphrase.core],
  ];
  const workerSnapshot = () => heapSnapshotText(ext.debuggingPort, serviceWorkerTarget(ext.extensionId));
  const pageSnapshot = () => heapSnapshotText(ext.debuggingPort, extensionPageTarget(ext.extensionId, 'options'));

  await call(page, 'vault.create', { passphrase: passphrase.value });
  const added = await call(page, 'keys.add', { provider: 'openai', label, secret: { apiKey: key.value }, settings: {} });
  const masked = `sk-…${key.value.slice(-4)}`;
  expect(added.masked).toBe(masked);

  await test.step('positive control: what is held IS found, in both heaps', async () => {
    // The page keeps the key list reply, as a UI would; and, deliberately, the key itself.
    await page.evaluate(async () => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome.runtime;
      (globalThis as { e2eKeyList?: unknown }).e2eKeyList = await runtime.sendMessage({ channel: 'keyward', type: 'keys.list', payload: {} });
    });
    await hold(page, { apiKey: key.value });
    const worker = await waitForExtensionWorker(ext.context);
    await hold(worker, { apiKey: key.value, passphrase: passphrase.value });

    const pageHeap = await pageSnapshot();
    expect(snapshotContains(pageHeap, label), 'the label of the list held by the page').toBe(true);
    expect(snapshotContains(pageHeap, masked), 'the masked key held by the page').toBe(true);
    expect(snapshotContains(pageHeap, key.value), 'the key deliberately held by the page').toBe(true);
    const workerHeap = await workerSnapshot();
    expect(snapshotContains(workerHeap, key.value), 'the key deliberately held by the worker').toBe(true);
    expect(snapshotContains(workerHeap, passphrase.value), 'the passphrase deliberately held by the worker').toBe(true);

    await drop(page);
    await drop(worker);
    await page.evaluate(() => {
      delete (globalThis as { e2eKeyList?: unknown }).e2eKeyList;
    });
  });

  await test.step('use the keys some more, then lock', async () => {
    expect((await call(page, 'keys.list', {})).keys).toHaveLength(1);
    await call(page, 'vault.lock', {});
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'locked' });
  });

  await test.step('locked: the worker heap holds neither the key nor the passphrase', async () => {
    const workerHeap = await workerSnapshot();
    expect(workerHeap.length).toBeGreaterThan(100_000);
    for (const [what, needle] of secretsToFind) {
      expect(snapshotContains(workerHeap, needle), `${what} found in the service worker heap`).toBe(false);
    }
  });

  await test.step('locked: the options page heap holds neither the key nor the passphrase', async () => {
    const pageHeap = await pageSnapshot();
    expect(pageHeap.length).toBeGreaterThan(100_000);
    for (const [what, needle] of secretsToFind) {
      expect(snapshotContains(pageHeap, needle), `${what} found in the options page heap`).toBe(false);
    }
  });
});

/**
 * The same after use through the real UI of every page that stays open: the passphrase typed
 * into the options page (create, unlock) and the popup (unlock), the key typed into the add form,
 * a Test connection, and a chat from the popup and from the side panel with that key. After a
 * manual lock ("Lock now"), the GC'd heaps of the worker, the options page, the popup and the
 * side panel hold neither, and no text field still holds them. Positive control in each of
 * those snapshots: a key-like value each context deliberately holds is found.
 * (The auto-lock half of this is in tests/resilience/expiry.spec.ts, to wait for the minute once.)
 */
test('no key and no passphrase in the worker, options, popup or side panel heap after a manual lock', async ({ ext, optionsPage: options }) => {
  // About 30 s on an idle machine; a GC'd snapshot of a page with the passphrase meter's dictionaries loaded is ~50 MB.
  test.setTimeout(300_000);
  const mock = await startMockProvider();
  try {
    const passphrase = passphraseCanary();
    const key = keyCanary('U');
    const secrets: [string, string][] = [
      ['the API key', key.core],
      ['the passphrase', passphrase.core],
    ];
    const targets: [string, TargetFilter][] = [
      ['service worker', serviceWorkerTarget(ext.extensionId)],
      ['options page', extensionPageTarget(ext.extensionId, 'options')],
      ['popup', extensionPageTarget(ext.extensionId, 'popup')],
      ['side panel', extensionPageTarget(ext.extensionId, 'sidepanel')],
    ];

    await createVaultInUi(options, passphrase.value);
    await addOpenAiKeyInUi(options, key.value, `${mock.url}/v1`, 'Memory key');
    await options.getByRole('tab', { name: 'Security' }).click();
    await options.getByRole('button', { name: 'Lock now' }).click();

    const popup = await openExtensionPage(ext, 'popup');
    await unlockInUi(popup, passphrase.value);
    await pickModel(popup);
    await sendInUi(popup, 'hello from the popup');
    const panel = await openExtensionPage(ext, 'sidepanel');
    await pickModel(panel);
    await sendInUi(panel, 'hello from the side panel');

    await unlockInUi(options, passphrase.value);
    await options.getByRole('tab', { name: 'Keys' }).click();
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect(options.getByRole('status', { name: 'Connection test result' })).toContainText('Works');
    const used = mock.requests.filter((request) => request.headers['authorization'] === `Bearer ${key.value}`).map((request) => request.path);
    expect(used.filter((path) => path === '/v1/chat/completions'), 'two chats with the key').toHaveLength(2);
    expect(used, 'model lists and the connection test with the key').toContain('/v1/models');

    await options.bringToFront();
    await options.getByRole('tab', { name: 'Security' }).click();
    await options.getByRole('button', { name: 'Lock now' }).click();
    await expect(options.getByRole('form', { name: 'Unlock the vault' })).toBeVisible();
    expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'locked' });

    for (const page of [options, popup, panel]) {
      const values = await fieldValues(page);
      expect(values.filter((value) => secrets.some(([, needle]) => value.includes(needle))), 'a secret left in a text field').toEqual([]);
    }
    // Positive control inside the very snapshots that must be clean: each context deliberately
    // holds a control value made like the key, which must be found.
    const control = keyCanary('C');
    for (const page of [options, popup, panel]) await hold(page, control.value);
    await hold(await waitForExtensionWorker(ext.context), control.value);
    for (const [where, filter] of targets) {
      await test.step(`locked: the ${where} heap holds neither`, async () => {
        const heap = await heapSnapshotText(ext.debuggingPort, filter, 180_000);
        expect(snapshotContains(heap, control.core), `positive control: the value the ${where} holds`).toBe(true);
        for (const [what, needle] of secrets) expect(snapshotContains(heap, needle), `${what} found in the ${where} heap`).toBe(false);
      });
    }
  } finally {
    await mock.close();
  }
});
