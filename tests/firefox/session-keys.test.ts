// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { keyCanary } from '../e2e/fixtures/canary';
import { searchProfileForMany } from '../e2e/fixtures/profile-search';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, chatOverPort } from './fixtures/messaging';
import { addSessionKeyInUi, fieldValues, pickModel, sendInUi } from './fixtures/ui-steps';

/**
 * Issue 18 in Firefox: with no vault, a key for this session only is added through the welcome
 * page, answers in the popup, and Lock ends it: storage.session holds nothing of it, a chat with it
 * is refused, and the closed profile holds it nowhere (Firefox's storage.session is memory only too).
 */

const key = keyCanary('FS');
let mock: MockProvider;
let ff: LaunchedFirefox;

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
});

function sessionKeysStored(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const storage = (globalThis as unknown as { browser: { storage: { session: { get(key: string): Promise<Record<string, unknown>> } } } }).browser.storage;
    return (await storage.session.get('session-keys'))['session-keys'] !== undefined;
  });
}

test('Firefox: a session-only key without a vault: add, chat, lock, gone, and on no disk', async () => {
  const options = await ff.openPage('options');
  expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'absent' });
  await addSessionKeyInUi(options, key.value, `${mock.url}/v1`, 'Firefox trial');
  const status = await call(options, 'vault.status', {});
  expect(status).toMatchObject({ state: 'absent', sessionKeys: { count: 1 } });
  const [view] = (await call(options, 'keys.list', {})).keys;
  expect(view).toMatchObject({ label: 'Firefox trial', sessionOnly: true });
  expect((await fieldValues(options)).join('\n')).not.toContain(key.core);
  expect(await sessionKeysStored(options)).toBe(true);

  const popup = await ff.openPage('popup');
  await pickModel(popup);
  const answer = await sendInUi(popup, 'Hello from a session-only key');
  expect(answer.status).toBe('complete');
  expect(mock.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => request.headers['authorization'])).toEqual([`Bearer ${key.value}`]);
  await popup.close();

  await call(options, 'vault.lock', {});
  expect(await sessionKeysStored(options)).toBe(false);
  expect((await call(options, 'vault.status', {})).sessionKeys).toBeUndefined();
  const refused = await chatOverPort(options, view!.id, 'after the lock');
  expect(refused.received.at(-1)).toMatchObject({ type: 'error', error: { kind: 'VAULT_LOCKED' } });

  await ff.close();
  const { hits } = await searchProfileForMany(ff.profileDir, [key.core]);
  expect(hits.get(key.core), 'the session-only key in the Firefox profile').toEqual([]);
}, 120_000);
