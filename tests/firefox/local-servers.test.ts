import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, chatOverPort } from './fixtures/messaging';
import { EXTENSION_ORIGIN } from './fixtures/paths';
import { startFakeLocalServer, startOllamaStandIn, type FakeLocalServer, type OllamaStandIn } from '../mock-provider/local-servers';
import { byRole, clickByRole } from './fixtures/ui-steps';
import { createServer } from 'node:net';

/**
 * Issue 17, item 1 in Firefox: a local server that refuses `moz-extension://` origins, as Ollama
 * does by default, answers the background (its blocking header listener drops the Origin), while the
 * same request from one of our pages in a tab still carries it and is refused. Item 2: "Find local
 * servers" on the Keys tab finds stand-ins on the real ports it probes, and nothing where nothing listens.
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

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The servers the Keys tab's local servers section shows (each an article named by its heading), with their models. */
function foundServers(page: Page): Promise<{ name: string; models: string[] }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('article[aria-labelledby]')]
      .map((article) => ({ article, name: document.getElementById(article.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() ?? '' }))
      .filter(({ name }) => / at http:\/\/127\.0\.0\.1:\d+$/.test(name))
      .map(({ article, name }) => ({ name, models: [...article.querySelectorAll('[aria-label="Models"] li')].map((item) => (item as HTMLElement).innerText.trim()) })),
  );
}

describe('Firefox: Find local servers', () => {
  /** The ports the product probes (src/local-servers/discovery.ts); the last five must be free here. */
  const PROBED = [11434, 1234, 8080, 8000, 3000, 1337, 5001, 5000];
  let onPort: OllamaStandIn | undefined;
  let lmstudio: FakeLocalServer | undefined;
  let llamacpp: FakeLocalServer | undefined;

  afterAll(async () => {
    await Promise.all([onPort?.close(), lmstudio?.close(), llamacpp?.close()]);
  });

  test('finds the stand-ins on the usual ports with their models, and nothing where nothing listens', async (context) => {
    try {
      onPort = await startOllamaStandIn({ port: 11434 });
      lmstudio = await startFakeLocalServer({ kind: 'openai', port: 1234, models: ['phi-4', 'gemma-3-4b'] });
      llamacpp = await startFakeLocalServer({ kind: 'openai', port: 8080, models: ['qwen2.5-7b-instruct-q4_k_m.gguf'], ownedBy: 'llamacpp' });
      for (const port of PROBED.slice(3)) if (!(await portIsFree(port))) throw new Error(`port ${port} is in use`);
    } catch (error) {
      // Another run (the Chromium suite's own test) may hold the real ports on this machine.
      context.skip(`a probed port is taken on this machine: ${String(error)}`);
      return;
    }
    // A page opened after the vault was made (the first one still shows the set-up form).
    const settings = await ff.openPage('options');
    await clickByRole(settings, 'tab', 'Keys');
    await clickByRole(settings, 'button', 'Find local servers');
    await byRole(settings, 'article', 'Ollama at http://127.0.0.1:11434');
    // The probes answer together: the three cards are there, or the comparison below says what is.
    await settings.waitForFunction(() => document.querySelectorAll('article[aria-labelledby]').length >= 3, { timeout: 10_000, polling: 100 }).catch(() => undefined);
    const found = await foundServers(settings);
    expect(found.map((server) => server.name).sort()).toEqual(['LM Studio at http://127.0.0.1:1234', 'Ollama at http://127.0.0.1:11434', 'llama.cpp at http://127.0.0.1:8080']);
    expect(found.find((server) => server.name.startsWith('Ollama'))?.models).toEqual(['llama3.2:latest (2 GB)', 'qwen2.5:0.5b (398 MB)']);
    expect(found.find((server) => server.name.startsWith('LM Studio'))?.models).toEqual(['phi-4', 'gemma-3-4b']);
    // The probes reached the stand-in from the background without the extension's Origin.
    expect(onPort.requests.length).toBeGreaterThan(0);
    expect(onPort.requests.every((request) => request.origin === undefined)).toBe(true);
  });
});
