// First: the extension's English texts for anything that loads wxt/browser in this test process (see the fixture).
import '../fixtures/english-i18n';
import type { Page } from '@playwright/test';
import { test as base, expect, openExtensionPage } from '../e2e/fixtures/test';
import { call, sendMessage } from '../e2e/fixtures/messaging';
import { keyCanary, passphraseCanary, type Canary } from '../e2e/fixtures/canary';
import { writeStorage } from '../e2e/fixtures/storage';
import { startMockProvider, type MockProvider, type RecordedRequest } from '../mock-provider/server';
import type { KeyView } from '@/src/vault/schemas';
import type { ProviderSettings } from '@/src/providers/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import { ConsoleRecorder } from './egress-console';

/**
 * Item 6 of issue 7: against local mock servers, one per provider family, each key goes only to its
 * own server, and only in the header its provider's protocol uses (never in a URL or a body). On
 * the error paths (a 401 whose body echoes the key, a 429, a refused connection, keys the HTTP
 * layer cannot send), no key appears in console output of the worker or any page (captured over
 * CDP), in replies or chat-port messages, in the text the options page and popup show, or in the
 * usage and audit database.
 */

interface Family {
  provider: ProviderId;
  model: string;
  settings: (url: string) => ProviderSettings;
  /** The one header the provider's protocol carries the key in, and its exact value. */
  keyHeader: string;
  headerValue: (key: string) => string;
}

const bearer = (key: string) => `Bearer ${key}`;
const FAMILIES: Family[] = [
  { provider: 'openai', model: 'gpt-4.1-nano', settings: (url) => ({ baseUrl: `${url}/v1` }), keyHeader: 'authorization', headerValue: bearer },
  { provider: 'anthropic', model: 'claude-haiku-4-5', settings: (url) => ({ baseUrl: url }), keyHeader: 'x-api-key', headerValue: (key) => key },
  // The Gemini adapter sends the key in x-goog-api-key, never as ?key= (URLs end up in logs).
  { provider: 'gemini', model: 'gemini-2.5-flash', settings: (url) => ({ baseUrl: `${url}/v1beta` }), keyHeader: 'x-goog-api-key', headerValue: (key) => key },
  { provider: 'mistral', model: 'mistral-small-latest', settings: (url) => ({ baseUrl: `${url}/v1` }), keyHeader: 'authorization', headerValue: bearer },
  { provider: 'cohere', model: 'command-a-03-2025', settings: (url) => ({ baseUrl: url }), keyHeader: 'authorization', headerValue: bearer },
  { provider: 'azure-openai', model: 'gpt-4.1-nano', settings: (url) => ({ baseUrl: url }), keyHeader: 'api-key', headerValue: (key) => key },
  { provider: 'groq', model: 'llama-3.1-8b-instant', settings: (url) => ({ baseUrl: `${url}/openai/v1` }), keyHeader: 'authorization', headerValue: bearer },
];

const passphrase = passphraseCanary();

interface PortMessage {
  type: string;
  error?: { message?: string };
  answer?: { status?: string; error?: { message?: string } };
}

/** One chat over the real chat port from an extension page, until `done` or `error`. */
function chatOverPort(page: Page, keyId: string, model: string, requestId: string): Promise<PortMessage[]> {
  return page.evaluate(
    ([id, targetModel, request]) =>
      new Promise<PortMessage[]>((resolve) => {
        type ChromePort = {
          postMessage(message: unknown): void;
          disconnect(): void;
          onMessage: { addListener(listener: (message: PortMessage) => void): void };
          onDisconnect: { addListener(listener: () => void): void };
        };
        const runtime = (globalThis as unknown as { chrome: { runtime: { connect(info: { name: string }): ChromePort } } }).chrome.runtime;
        const port = runtime.connect({ name: 'keyward.chat' });
        const messages: PortMessage[] = [];
        const finish = () => {
          port.disconnect();
          resolve(messages);
        };
        port.onMessage.addListener((message) => {
          messages.push(message);
          if (message.type === 'done' || message.type === 'error') finish();
        });
        port.onDisconnect.addListener(() => resolve(messages));
        port.postMessage({ type: 'start', requestId: request, targets: [{ keyId: id, model: targetModel }], messages: [{ role: 'user', content: 'Say hello' }] });
      }),
    [keyId, model, requestId] as const,
  );
}

/** Every row of every store of the usage database (calls, daily totals, audit log), read from an extension page. */
function usageDatabaseDump(page: Page): Promise<{ stores: Record<string, unknown[]> }> {
  return page.evaluate(
    () =>
      new Promise<{ stores: Record<string, unknown[]> }>((resolve, reject) => {
        const open = indexedDB.open('keyward-usage');
        open.onerror = () => reject(new Error('cannot open keyward-usage'));
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          const transaction = db.transaction(names, 'readonly');
          const stores: Record<string, unknown[]> = {};
          for (const name of names) {
            const request = transaction.objectStore(name).getAll();
            request.onsuccess = () => {
              stores[name] = request.result as unknown[];
            };
          }
          transaction.oncomplete = () => {
            db.close();
            resolve({ stores });
          };
          transaction.onerror = () => reject(new Error('cannot read keyward-usage'));
        };
      }),
  );
}

function requestText(request: RecordedRequest): string {
  return `${request.method} ${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
}

/** Fails with the text around the first key found (not the whole, possibly huge, text). */
function expectNoCanary(text: string, canaries: Canary[], where: string): void {
  for (const canary of canaries) {
    const at = text.indexOf(canary.core);
    expect(at === -1 ? '' : `…${text.slice(Math.max(0, at - 300), at + canary.core.length + 100)}…`, `${where} holds a key`).toBe('');
  }
}

interface Fixtures {
  recorder: ConsoleRecorder;
  options: Page;
}

const test = base.extend<Fixtures>({
  recorder: async ({ ext }, use) => {
    const recorder = await ConsoleRecorder.start(ext.debuggingPort);
    try {
      await use(recorder);
    } finally {
      await recorder.stop();
    }
  },
  options: async ({ ext, recorder }, use) => {
    expect(recorder).toBeTruthy();
    const options = await openExtensionPage(ext, 'options');
    await call(options, 'vault.create', { passphrase: passphrase.value });
    await use(options);
  },
});

test('each key reaches only its own provider server, only in its protocol header', async ({ options, recorder }) => {
  const servers = await Promise.all(FAMILIES.map(() => startMockProvider()));
  try {
    const keys = FAMILIES.map((family, index) => keyCanary(`EGRESS${index}`));
    const added: KeyView[] = [];
    for (const [index, family] of FAMILIES.entries()) {
      const server = servers[index] as MockProvider;
      added.push(await call(options, 'keys.add', { provider: family.provider, label: family.provider, secret: { apiKey: keys[index]?.value }, settings: family.settings(server.url) }));
    }
    for (const [index, family] of FAMILIES.entries()) {
      const server = servers[index] as MockProvider;
      const key = keys[index] as Canary;
      const id = (added[index] as KeyView).id;
      const messages = await chatOverPort(options, id, family.model, `egress-chat-${index}-0001`);
      expect(messages.at(-1)?.type, `${family.provider} chat: ${JSON.stringify(messages.at(-1))}`).toBe('done');
      expect(await call(options, 'keys.test', { id }), `${family.provider} test connection`).toMatchObject({ result: 'works' });
      expect(await call(options, 'keys.test', { draft: { provider: family.provider, secret: { apiKey: key.value }, settings: family.settings(server.url) } })).toMatchObject({ result: 'works' });
      expectNoCanary(JSON.stringify(messages), keys, `${family.provider} chat port messages`);
    }

    for (const [index, family] of FAMILIES.entries()) {
      const server = servers[index] as MockProvider;
      const own = keys[index] as Canary;
      const calls = server.requests.filter((request) => request.method !== 'OPTIONS');
      // Positive control: the chat and both connection tests arrived, each with the key.
      expect(calls.length, `${family.provider} requests`).toBeGreaterThanOrEqual(3);
      expect(calls.some((request) => request.method === 'POST'), `${family.provider} chat request`).toBe(true);
      for (const request of server.requests) {
        const where = `${family.provider} server: ${request.method} ${request.path}`;
        expectNoCanary(requestText(request), keys.filter((key) => key !== own), where);
        expect(request.url, `${where}: the key is not in the URL`).not.toContain(own.core);
        expect(request.body, `${where}: the key is not in the body`).not.toContain(own.core);
        for (const [name, value] of Object.entries(request.headers)) {
          if (name === family.keyHeader && request.method !== 'OPTIONS') expect(value, where).toBe(family.headerValue(own.value));
          else expect(value, `${where}: header ${name}`).not.toContain(own.core);
        }
      }
      for (const request of calls) expect(request.headers[family.keyHeader], `${family.provider}: every call carries its key`).toBe(family.headerValue(own.value));
    }
    expectNoCanary(await recorder.text(), keys, 'console output');
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
});

interface ErrorCase {
  name: string;
  provider: ProviderId;
  model: string;
  key: Canary;
  /** The key as typed: a canary, possibly with characters no HTTP header can carry. */
  typed: string;
  baseUrl: string;
}

test('error paths (401 echoing the key, 429, refused, unsendable keys) leak no key to console, replies, UI or the audit log', async ({ ext, options, recorder }) => {
  const unauthorized = await startMockProvider();
  unauthorized.setScenario('unauthorized');
  const limited = await startMockProvider();
  limited.setScenario('rate-limited', { retryAfter: '1' });
  const quota = await startMockProvider();
  quota.setScenario('quota');
  const normal = await startMockProvider();
  const closed = await startMockProvider();
  const refusedUrl = closed.url;
  await closed.close();
  try {
    const canary = (tag: string) => keyCanary(tag);
    const raw: (Omit<ErrorCase, 'typed'> & { inserted?: string })[] = [
      { name: 'OpenAI 401', provider: 'openai', model: 'gpt-4.1-nano', baseUrl: `${unauthorized.url}/v1`, key: canary('E401O') },
      { name: 'Anthropic 401', provider: 'anthropic', model: 'claude-haiku-4-5', baseUrl: unauthorized.url, key: canary('E401A') },
      { name: 'Gemini 400 bad key', provider: 'gemini', model: 'gemini-2.5-flash', baseUrl: `${unauthorized.url}/v1beta`, key: canary('E401G') },
      { name: 'Cohere 401', provider: 'cohere', model: 'command-a-03-2025', baseUrl: unauthorized.url, key: canary('E401C') },
      { name: 'OpenAI 429', provider: 'openai', model: 'gpt-4.1-nano', baseUrl: `${limited.url}/v1`, key: canary('E429') },
      { name: 'OpenAI quota', provider: 'openai', model: 'gpt-4.1-nano', baseUrl: `${quota.url}/v1`, key: canary('EQUOTA') },
      { name: 'connection refused', provider: 'openai', model: 'gpt-4.1-nano', baseUrl: `${refusedUrl}/v1`, key: canary('EREFUSED') },
      { name: 'key with a non-Latin-1 character', provider: 'openai', model: 'gpt-4.1-nano', baseUrl: `${normal.url}/v1`, key: canary('EUNICODE'), inserted: 'ключ' },
      { name: 'key with a line break inside', provider: 'anthropic', model: 'claude-haiku-4-5', baseUrl: normal.url, key: canary('ENEWLINE'), inserted: '\r\nX-Injected: 1' },
    ];
    const cases: ErrorCase[] = raw.map(({ inserted, ...entry }) => ({
      ...entry,
      typed: inserted === undefined ? entry.key.value : `${entry.key.value.slice(0, 20)}${inserted}${entry.key.value.slice(20)}`,
    }));
    const canaries = cases.map((entry) => entry.key);
    // The split keys must still be found by their halves' random part.
    const fragments = cases.flatMap((entry) => (entry.typed === entry.key.value ? [] : [{ value: entry.key.core.slice(14), core: entry.key.core.slice(14) }]));
    const everything = [...canaries, ...fragments];

    const seen: string[] = [];
    const ids: string[] = [];
    for (const entry of cases) {
      const view = await call(options, 'keys.add', { provider: entry.provider, label: entry.name, secret: { apiKey: entry.typed }, settings: { baseUrl: entry.baseUrl } });
      ids.push(view.id);
      seen.push(JSON.stringify(view));
    }

    await test.step('replies and chat-port messages', async () => {
      for (const [index, entry] of cases.entries()) {
        const id = ids[index] as string;
        const messages = await chatOverPort(options, id, entry.model, `egress-error-${index}-0001`);
        expect(messages.at(-1)?.type, `${entry.name}: ${JSON.stringify(messages.at(-1))}`).toBe('error');
        const tested = await sendMessage(options, 'keys.test', { id });
        expect(tested.ok && tested.data.result, `${entry.name}: ${JSON.stringify(tested)}`).not.toBe('works');
        const drafted = await sendMessage(options, 'keys.test', { draft: { provider: entry.provider, secret: { apiKey: entry.typed }, settings: { baseUrl: entry.baseUrl } } });
        const models = await sendMessage(options, 'models.list', { keyId: id });
        expect(models.ok, `${entry.name} models.list`).toBe(false);
        const answer = await sendMessage(options, 'chat.answer', { id: `egress-error-${index}-0001` });
        seen.push(JSON.stringify({ messages, tested, drafted, models, answer }));
      }
      // Positive control: the 401 server got the key and echoed it in its error bodies.
      expect(unauthorized.requests.some((request) => request.headers['authorization'] === `Bearer ${cases[0]?.key.value}`)).toBe(true);
      expectNoCanary(seen.join('\n'), everything, 'a reply or a chat-port message');
    });

    await test.step('what the options page and the popup show', async () => {
      const page = await openExtensionPage(ext, 'options');
      await page.getByRole('tab', { name: 'Keys' }).click();
      const buttons = page.getByRole('button', { name: 'Test connection' });
      await expect(buttons).toHaveCount(cases.length);
      // One at a time: each ends in a verdict (status) or, when no request could be made, an alert.
      for (let index = 0; index < cases.length; index += 1) {
        const row = page.locator('.key-row').nth(index);
        await row.getByRole('button', { name: 'Test connection' }).click();
        const outcome = row.locator('[role="status"], [role="alert"]');
        await expect.poll(async () => (await outcome.allInnerTexts()).join('').trim(), { timeout: 20_000 }).not.toBe('');
      }
      const shown = await page.locator('body').innerText();
      expect(shown).toContain('Key rejected');
      expectNoCanary(shown, everything, 'the options page');
      expectNoCanary(await page.content(), everything, 'the options page DOM');

      await writeStorage(options, 'local', 'lastTargets', [{ keyId: ids[0], model: cases[0]?.model }]);
      const popup = await openExtensionPage(ext, 'popup');
      await popup.getByRole('textbox', { name: 'Message' }).fill('Say hello');
      await popup.getByRole('button', { name: 'Send' }).click();
      await expect(popup.getByRole('article', { name: 'Assistant' })).toHaveAttribute('data-status', 'failed');
      const popupText = await popup.locator('body').innerText();
      expect(popupText, 'the popup shows the provider error').toContain('rejected the API key');
      expectNoCanary(popupText, everything, 'the popup');
      expectNoCanary(await popup.content(), everything, 'the popup DOM');
    });

    await test.step('the usage and audit database', async () => {
      const dump = await usageDatabaseDump(options);
      // Positive control: the failures and key events were recorded.
      expect(dump.stores['audit']?.length ?? 0).toBeGreaterThan(cases.length);
      expect(dump.stores['calls']?.length ?? 0).toBeGreaterThan(cases.length);
      expectNoCanary(JSON.stringify(dump), everything, 'the usage/audit database');
    });

    await test.step('console output of the worker and every page (CDP)', async () => {
      // Positive control: the recorder hears the worker and a page.
      const marker = `egress-console-probe-${Date.now()}`;
      const worker = ext.context.serviceWorkers().find((candidate) => candidate.url() === `chrome-extension://${ext.extensionId}/background.js`);
      await worker?.evaluate((text) => console.warn(text, new Error(`${text}-error`)), marker);
      await options.evaluate((text) => console.log({ nested: { deeper: `${text}-page` } }), marker);
      await expect.poll(async () => {
        const text = await recorder.text();
        return text.includes(`${marker}-error`) && text.includes(`${marker}-page`);
      }).toBe(true);
      const text = await recorder.text();
      expect(text).toContain('service_worker');
      console.log(`egress: ${recorder.entries.length} console/log entries captured`);
      expectNoCanary(text, everything, 'console output');
    });
  } finally {
    await Promise.all([unauthorized.close(), limited.close(), quota.close(), normal.close()]);
  }
});
