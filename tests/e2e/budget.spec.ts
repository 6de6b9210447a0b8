import type { Page } from '@playwright/test';
import { test, expect } from './fixtures/test';
import { call } from './fixtures/messaging';
import { renderEnglish } from '../fixtures/messages';
import { keyCanary, passphraseCanary } from './fixtures/canary';
import { startMockProvider, type MockProvider } from '../mock-provider/server';

/**
 * Budgets end to end, in the built extension: chats stream from an extension page over the real
 * chat port to the mock provider on 127.0.0.1, their cost is recorded by the worker, and once the
 * monthly budget is used up the next chat is blocked with a message naming the budget and when it
 * resets; a deliberate override lets exactly one more through. The audit log in IndexedDB never
 * holds the key, the passphrase or the prompt.
 */

interface PortMessage {
  type: string;
  level?: string;
  notices?: { capId: string; level: string; phrase: unknown }[];
  /** The worker sends a phrase; the page renders its words (renderEnglish here, as the page does). */
  error?: { kind: string; phrase?: unknown; message?: string };
  estimate?: { costUsd: number | null; level: string; notices: { capId: string; level: string }[] };
}

/**
 * One chat over the chat port, from the page; resolves with every message up to `done` or `error`.
 * With `decision`, the page offers the cost confirmation and answers the worker's `confirm` with it.
 */
function chat(page: Page, keyId: string, prompt: string, decision?: 'confirm' | 'cancel'): Promise<PortMessage[]> {
  return page.evaluate(
    ([key, content, answer]) =>
      new Promise<PortMessage[]>((resolve) => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { connect(info: { name: string }): ChatPort } } }).chrome.runtime;
        interface ChatPort {
          postMessage(message: unknown): void;
          disconnect(): void;
          onMessage: { addListener(listener: (message: PortMessage) => void): void };
        }
        const port = runtime.connect({ name: 'keyward.chat' });
        const received: PortMessage[] = [];
        port.onMessage.addListener((message) => {
          received.push(message);
          if (message.type === 'confirm' && answer) port.postMessage({ type: answer });
          if (message.type === 'done' || message.type === 'error') {
            port.disconnect();
            resolve(received);
          }
        });
        const start = { type: 'start', requestId: crypto.randomUUID(), targets: [{ keyId: key, model: 'gpt-4.1-nano' }], messages: [{ role: 'user', content }] };
        port.postMessage(answer ? { ...start, confirmCost: true } : start);
      }),
    [keyId, prompt, decision] as const,
  );
}

/** Every row of every store of the usage database, read from the page as JSON text. */
function dumpUsageDatabase(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const request = indexedDB.open('keyward-usage');
        request.onerror = () => reject(new Error('cannot open keyward-usage'));
        request.onsuccess = () => {
          const db = request.result;
          const names = [...db.objectStoreNames];
          const transaction = db.transaction(names, 'readonly');
          const dump: Record<string, unknown[]> = {};
          for (const name of names) {
            const all = transaction.objectStore(name).getAll();
            all.onsuccess = () => (dump[name] = all.result as unknown[]);
          }
          transaction.oncomplete = () => {
            db.close();
            resolve(JSON.stringify(dump));
          };
        };
      }),
  );
}

function badgeText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(details: object): Promise<string> } } }).chrome.action.getBadgeText({}));
}

let mock: MockProvider;
test.beforeAll(async () => {
  mock = await startMockProvider({ host: '127.0.0.1' });
});
test.afterAll(async () => {
  await mock.close();
});

test('a chat that crosses the monthly budget blocks the next one, naming the budget; one override lets one through', async ({ optionsPage: page }) => {
  mock.reset();
  const passphrase = passphraseCanary();
  const key = keyCanary('B');
  const prompt = `CANARYPROMPT${key.core.slice(-12)} what is the weather like`;

  await call(page, 'vault.create', { passphrase: passphrase.value });
  const { id: keyId } = await call(page, 'keys.add', { provider: 'openai', label: 'Budget key', secret: { apiKey: key.value }, settings: { baseUrl: `${mock.url}/v1` } });
  // The mock reports 16 prompt and 300 answer tokens: at $100 per 1M each, $0.0316 a chat, past a $0.02 budget.
  await call(page, 'spendSettings.update', {
    caps: [{ id: 'cap-monthly', scope: 'global', period: 'month', limitUsd: 0.02 }],
    priceOverrides: [{ provider: 'openai', model: 'gpt-4.1-nano', input: 100, output: 100 }],
  });

  await test.step('the chat port asks first, with an estimate that says the request would go past the budget; cancelled, nothing is sent', async () => {
    const messages = await chat(page, keyId, prompt, 'cancel');
    const asked = messages.find((message) => message.type === 'confirm');
    expect(asked?.estimate?.costUsd).toBeGreaterThan(0.02);
    expect(asked?.estimate?.level).toBe('warn');
    expect(asked?.estimate?.notices).toMatchObject([{ capId: 'cap-monthly', level: 'warn' }]);
    expect(messages.at(-1)?.error?.kind).toBe('cancelled');
    expect(mock.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(0);
  });

  await test.step('the first chat is answered, after a budget warning', async () => {
    const messages = await chat(page, keyId, prompt);
    expect(messages.at(-1)?.type).toBe('done');
    const warning = messages.findIndex((message) => message.type === 'budget');
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(warning).toBeLessThan(messages.findIndex((message) => message.type === 'target'));
    expect(mock.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
  });

  await test.step('the budget is used up: the next chat is blocked before it reaches the provider', async () => {
    await expect.poll(async () => (await call(page, 'budget.status', {})).caps[0]?.level).toBe('block');
    const messages = await chat(page, keyId, prompt);
    expect(messages.find((message) => message.type === 'budget')).toMatchObject({ level: 'block', notices: [{ capId: 'cap-monthly', level: 'block' }] });
    const last = messages.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.error?.kind).toBe('budget-exceeded');
    expect(last?.error?.message).toBeUndefined();
    expect(renderEnglish(last?.error?.phrase)).toMatch(/^Used up: the monthly budget for all providers \(\$[\d.]+ of \$[\d.]+\)\. It resets .+\.$/);
    expect(mock.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
    expect(await badgeText(page)).toBe('MAX');
  });

  await test.step('an override lets exactly the next chat through', async () => {
    expect(await call(page, 'budget.override', { capId: 'cap-monthly' })).toEqual({ capId: 'cap-monthly' });
    expect((await chat(page, keyId, prompt)).at(-1)?.type).toBe('done');
    expect((await chat(page, keyId, prompt)).at(-1)?.error?.kind).toBe('budget-exceeded');
    expect(mock.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(2);
  });

  await test.step('usage and the audit log hold labels and counts, never the key, passphrase or prompt', async () => {
    await call(page, 'vault.lock', {});
    const dump = await dumpUsageDatabase(page);
    expect(dump).toContain('Budget key');
    expect(dump).toContain('budget.override');
    for (const secret of [key.core, passphrase.core, 'CANARYPROMPT', 'weather']) expect(dump).not.toContain(secret);
  });
});
