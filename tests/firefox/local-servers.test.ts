import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, chatOverPort } from './fixtures/messaging';
import { EXTENSION_ORIGIN } from './fixtures/paths';
import { startOllamaStandIn, type OllamaStandIn } from '../mock-provider/local-servers';

/**
 * Issue 17, item 1 in Firefox: a local server that refuses `moz-extension://` origins, as Ollama
 * does by default, answers the background (its blocking header listener drops the Origin), while the
 * same request from one of our pages in a tab still carries it and is refused.
 */

let ff: LaunchedFirefox;
let ollama: OllamaStandIn;
let options: Page;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  ff = await launchFirefox();
  options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: 'firefox local servers passphrase 17' });
});

afterAll(async () => {
  await ff?.removeProfile();
  await ollama?.close();
});

describe('Firefox: local servers without set-up', () => {
  test('a chat with Ollama works through a server that refuses extension origins; a page in a tab is still refused', async () => {
    const key = await call(options, 'keys.add', { provider: 'ollama', label: 'Ollama', secret: {}, settings: { baseUrl: ollama.url } });
    // The premise, from our own page in a tab (no rule covers tabs): refused like any extension.
    const status = await options.evaluate(async (url: string) => (await fetch(`${url}/api/chat`, { method: 'POST', body: '{}' }).catch(() => undefined))?.status ?? 0, ollama.url);
    expect(status === 403 || status === 0, `status ${status}`).toBe(true);
    expect(ollama.requests.at(-1)).toMatchObject({ path: '/api/chat', origin: EXTENSION_ORIGIN, status: 403 });

    const { received } = await chatOverPort(options, key.id, 'Hello', { model: 'llama3.2' });
    expect(received.at(-1)?.type, JSON.stringify(received.at(-1))).toBe('done');
    expect(received.at(-1)?.answer?.text).toContain('Bonjour');
    const chat = ollama.requests.filter((request) => request.path === '/api/chat').at(-1);
    expect(chat).toMatchObject({ status: 200 });
    expect(chat?.origin).toBeUndefined();
  });
});
