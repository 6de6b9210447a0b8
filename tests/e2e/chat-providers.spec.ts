// First: the extension's English texts for anything that loads wxt/browser in this test process (see the fixture).
import '../fixtures/english-i18n';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures/test';
import { call } from './fixtures/messaging';
import { renderEnglish } from '../fixtures/messages';
import { killWorker } from './fixtures/worker';
import { startMockProvider } from '../mock-provider/server';
import { adapterFor } from '@/src/providers/registry';
import type { ProviderSettings, SecretInput } from '@/src/providers/schemas';
import type { ProviderId } from '@/src/providers/definitions';
import { sharedMockProvider } from './fixtures/shared-mock';

const PASSPHRASE = 'e2e chat passphrase 42';

interface Family {
  name: string;
  provider: ProviderId;
  model: string;
  secret: SecretInput;
  settings: (url: string) => ProviderSettings;
}

const FAMILIES: Family[] = [
  { name: 'OpenAI-style', provider: 'openai', model: 'gpt-4.1-nano', secret: { apiKey: 'sk-proj-e2eOPENAIkey0123456789abcd' }, settings: (url) => ({ baseUrl: `${url}/v1` }) },
  { name: 'Anthropic', provider: 'anthropic', model: 'claude-haiku-4-5', secret: { apiKey: 'sk-ant-api03-e2eANTHROPICkey0123456789' }, settings: (url) => ({ baseUrl: url }) },
  { name: 'Gemini', provider: 'gemini', model: 'gemini-2.5-flash', secret: { apiKey: 'AIzaE2EgeminiKey0123456789abcdefghijklm' }, settings: (url) => ({ baseUrl: `${url}/v1beta` }) },
  { name: 'Cohere', provider: 'cohere', model: 'command-a-03-2025', secret: { apiKey: 'E2Ecoherekey0123456789abcdefghijklmnopqr' }, settings: (url) => ({ baseUrl: url }) },
  {
    name: 'Bedrock',
    provider: 'bedrock',
    model: 'anthropic.claude-3-haiku-20240307-v1:0',
    secret: { accessKeyId: 'AKIAE2EBEDROCK000001', secretAccessKey: 'e2eSecretAccessKey0123456789abcdefghij/+' },
    settings: (url) => ({ region: 'us-east-1', bedrockAuth: 'sigv4', baseUrl: url }),
  },
  { name: 'Ollama native', provider: 'ollama', model: 'llama3.2', secret: {}, settings: (url) => ({ baseUrl: url }) },
];

interface StreamResult {
  messages: { type: string; text?: string; kind?: string; answer?: { status: string; text: string; answeredBy?: { model: string; index: number } } }[];
  text: string;
  disconnected: boolean;
}

/** Runs one chat over the real chat port from an extension page, until done, error, or `stopAfterFirstDelta`. */
function streamInPage(page: Page, start: object, options: { stopAfterFirstDelta?: boolean; resolveAfterFirstDelta?: boolean } = {}): Promise<StreamResult> {
  return page.evaluate(
    ([startMessage, opts]) =>
      new Promise<StreamResult>((resolve) => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { connect(info: { name: string }): ChromePort } } }).chrome.runtime;
        interface ChromePort {
          postMessage(message: unknown): void;
          onMessage: { addListener(listener: (message: StreamResult['messages'][number]) => void): void };
          onDisconnect: { addListener(listener: () => void): void };
        }
        const port = runtime.connect({ name: 'keyward.chat' });
        const result: StreamResult = { messages: [], text: '', disconnected: false };
        port.onMessage.addListener((message) => {
          result.messages.push(message);
          if (message.type === 'delta') {
            result.text += message.text ?? '';
            if (opts.stopAfterFirstDelta && result.text) port.postMessage({ type: 'stop' });
            if (opts.resolveAfterFirstDelta && result.text) resolve(result);
          }
          if (message.type === 'done' || message.type === 'error') resolve(result);
        });
        port.onDisconnect.addListener(() => {
          result.disconnected = true;
          resolve(result);
        });
        port.postMessage(startMessage);
      }),
    [start, options] as const,
  );
}

const mock = sharedMockProvider(test);

async function referenceText(family: Family): Promise<string> {
  let text = '';
  const connection = { provider: family.provider, secret: family.secret, settings: family.settings(mock.url) };
  const request = { model: family.model, messages: [{ role: 'user' as const, content: 'Hello' }] };
  // Run here in Node, outside the extension: no browser to ask for host permissions, so grant the mock.
  const opts = { signal: new AbortController().signal, isOriginGranted: () => Promise.resolve(true) };
  for await (const event of adapterFor(family.provider).streamChat(connection, request, opts)) {
    if (event.type === 'text') text += event.text;
  }
  return text;
}

test('a real streamed chat through the background for each protocol family', async ({ optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  for (const family of FAMILIES) {
    const key = await call(optionsPage, 'keys.add', { provider: family.provider, label: family.name, secret: family.secret, settings: family.settings(mock.url) });
    const expected = await referenceText(family);
    expect(expected.length, `${family.name} reference text`).toBeGreaterThan(10);
    mock.reset();
    const result = await streamInPage(optionsPage, {
      type: 'start',
      requestId: `e2e-${family.provider}-${Date.now()}`,
      targets: [{ keyId: key.id, model: family.model }],
      messages: [{ role: 'user', content: 'Hello' }],
    });
    const done = result.messages.at(-1);
    expect(done?.type, `${family.name}: ${JSON.stringify(done)}`).toBe('done');
    expect(result.text, family.name).toBe(expected);
    expect(done?.answer?.text).toBe(expected);
    expect(mock.requests).toHaveLength(1);
    // The page only ever saw text and metadata, never the key.
    expect(JSON.stringify(result)).not.toContain(family.secret.apiKey ?? family.secret.secretAccessKey ?? '\u0000');
  }
});

test('stop mid-stream keeps the partial answer; a fallback takes over; a worker kill mid-stream keeps what arrived', async ({ ext, optionsPage }) => {
  await call(optionsPage, 'vault.create', { passphrase: PASSPHRASE });
  const primary = await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Primary', secret: { apiKey: 'sk-proj-e2ePRIMARY0123456789abcdefgh' }, settings: { baseUrl: `${mock.url}/v1` } });
  const ollama = await call(optionsPage, 'keys.add', { provider: 'ollama', label: 'Local', secret: {}, settings: { baseUrl: mock.url } });

  // Stop: the stream ends at once as "stopped" with the text that arrived.
  mock.setScenario('slow-drip', { chunkDelayMs: 30 });
  const stopped = await streamInPage(
    optionsPage,
    { type: 'start', requestId: 'e2e-stop-0001', targets: [{ keyId: primary.id, model: 'gpt-4.1-nano' }], messages: [{ role: 'user', content: 'Hi' }] },
    { stopAfterFirstDelta: true },
  );
  const stoppedAnswer = stopped.messages.at(-1)?.answer;
  expect(stoppedAnswer?.status).toBe('stopped');
  expect(stoppedAnswer?.text.length).toBeGreaterThan(0);
  expect((await call(optionsPage, 'chat.answer', { id: 'e2e-stop-0001' }))?.status).toBe('stopped');

  // Fallback: the OpenAI endpoint is overloaded (529) before the first token; Ollama answers, and the answer says so.
  mock.setScenario('normal');
  const overloadedOpenAi = await startMockProvider();
  overloadedOpenAi.setScenario('overloaded');
  try {
    const failing = await call(optionsPage, 'keys.add', { provider: 'openai', label: 'Busy', secret: { apiKey: 'sk-proj-e2eBUSY0123456789abcdefghijk' }, settings: { baseUrl: `${overloadedOpenAi.url}/v1` } });
    const fellBack = await streamInPage(optionsPage, {
      type: 'start',
      requestId: 'e2e-fallback-01',
      targets: [{ keyId: failing.id, model: 'gpt-4.1-nano' }, { keyId: ollama.id, model: 'llama3.2' }],
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(fellBack.messages.some((message) => message.type === 'fallback' && message.kind === 'overloaded')).toBe(true);
    expect(fellBack.messages.at(-1)?.answer?.answeredBy).toMatchObject({ index: 1, model: 'llama3.2' });
  } finally {
    await overloadedOpenAi.close();
  }

  // Worker death mid-stream: the partial answer is saved and marked interrupted.
  mock.setScenario('slow-drip', { chunkDelayMs: 60 });
  const partial = await streamInPage(
    optionsPage,
    { type: 'start', requestId: 'e2e-kill-00001', targets: [{ keyId: primary.id, model: 'gpt-4.1-nano' }], messages: [{ role: 'user', content: 'Hi' }] },
    { resolveAfterFirstDelta: true },
  );
  expect(partial.text.length).toBeGreaterThan(0);
  await optionsPage.waitForTimeout(600); // past one save interval
  await killWorker(ext.context, optionsPage);
  await expect
    .poll(async () => (await call(optionsPage, 'chat.answer', { id: 'e2e-kill-00001' }))?.status, { timeout: 15_000 })
    .toBe('interrupted');
  const interrupted = await call(optionsPage, 'chat.answer', { id: 'e2e-kill-00001' });
  expect(interrupted?.text.length).toBeGreaterThanOrEqual(partial.text.length);
  // Saved as a phrase (the page renders it), no English in the record.
  expect(interrupted?.error?.message).toBeUndefined();
  expect(renderEnglish(interrupted?.error?.phrase)).toContain('continue or retry');
});
