import '../fixtures/english-i18n';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, chatOverPort } from './fixtures/messaging';
import { backgroundMark, killExtensionProcess, markBackground } from './fixtures/background';
import { loadedExtensionDir } from './fixtures/paths';

/**
 * The Firefox build's background is a Manifest V2 background page, persistent (the manifest does
 * not say `persistent: false`): Firefox does not stop it when idle, unlike Chrome's MV3 worker. It
 * still goes away when the extension process dies (a crash, the system ending it); Firefox then
 * starts it again. Either way an unlocked vault must stay usable without asking again, because the
 * unlocked session lives in storage.session (kept by Firefox's main process), not in the page.
 */

const key = keyCanary('BG');
const passphrase = passphraseCanary();
/** Firefox's idle timeout for event pages, shortened: a persistent page must ignore it. */
const IDLE_TIMEOUT_MS = 1_000;

let mock: MockProvider;
let ff: LaunchedFirefox;
let options: Page;
let keyId: string;

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });
  options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: passphrase.value });
  keyId = (await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: key.value }, settings: { baseUrl: `${mock.url}/v1` } })).id;
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
});

describe('Firefox: the background page', () => {
  test('is persistent: idle well past the event-page timeout, it is the same page and still unlocked', async () => {
    const manifest = JSON.parse(await readFile(path.join(loadedExtensionDir(), 'manifest.json'), 'utf8')) as { background?: { persistent?: boolean } };
    expect(manifest.background?.persistent).not.toBe(false);
    await markBackground(options, 'before idle');
    await new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT_MS * 3));
    expect(await backgroundMark(options)).toBe('before idle');
    expect(await call(options, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
  });

  test('restarted after its process died while unlocked, it stays unlocked and chats with the key', async () => {
    await markBackground(options, 'before the crash');
    await killExtensionProcess(ff.browser);

    const page = await ff.openPage('options');
    // A new background page: the old one's globals are gone.
    expect(await backgroundMark(page)).toBeNull();
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'unlocked' });
    mock.reset();
    const chat = await chatOverPort(page, keyId, 'Still there?');
    expect(chat.received.at(-1)).toMatchObject({ type: 'done', answer: { status: 'complete' } });
    const sent = mock.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(sent.map((request) => request.headers['authorization'])).toEqual([`Bearer ${key.value}`]);
    // And the lock still works on the new page.
    await call(page, 'vault.lock', {});
    expect(await call(page, 'vault.status', {})).toMatchObject({ state: 'locked' });
    await call(page, 'vault.unlock', { passphrase: passphrase.value });
    expect((await call(page, 'keys.list', {})).keys.map((view) => view.id)).toEqual([keyId]);
  });
});
