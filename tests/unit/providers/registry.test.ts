import { renderEnglish } from '../../fixtures/messages';
import { createServer } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { PROVIDER_IDS } from '@/src/providers/definitions';
import { anthropicAdapter } from '@/src/providers/anthropic';
import { bedrockAdapter } from '@/src/providers/bedrock';
import { builtInModelAvailability, chromeBuiltInAdapter, isBuiltInModelAvailable } from '@/src/providers/chrome-built-in';
import { openAICompatibleAdapter } from '@/src/providers/openai-chat';
import { adapterFor, testConnection } from '@/src/providers/registry';
import { CHROME_BUILT_IN, type Connection } from '@/src/providers/types';
import { startMockProvider, type MockProvider } from '@/tests/mock-provider/server';
import { callOptions, collect, connection, drain, failureOf, HELLO, textOf, usageOf } from './helpers';

describe('adapterFor', () => {
  test('every provider id has an adapter', () => {
    for (const id of PROVIDER_IDS) {
      const adapter = adapterFor(id);
      expect(typeof adapter.streamChat).toBe('function');
      expect(typeof adapter.listModels).toBe('function');
    }
  });

  test('protocols are shared where the wire is the same', () => {
    for (const id of ['openai', 'mistral', 'groq', 'openrouter', 'lmstudio', 'vllm', 'llamacpp', 'tgi', 'tensorrt-llm', 'mlx', 'transformers', 'huggingface', 'custom'] as const) {
      expect(adapterFor(id)).toBe(openAICompatibleAdapter);
    }
    expect(adapterFor('anthropic')).toBe(anthropicAdapter);
    expect(adapterFor('bedrock')).toBe(bedrockAdapter);
    expect(adapterFor(CHROME_BUILT_IN)).toBe(chromeBuiltInAdapter);
    expect(openAICompatibleAdapter.embed).toBeTypeOf('function');
  });
});

describe('testConnection', () => {
  let mock: MockProvider;
  beforeAll(async () => {
    mock = await startMockProvider();
  });
  afterAll(async () => {
    await mock.close();
  });
  beforeEach(() => {
    mock.reset();
  });

  const openai = (): Connection => connection('openai', `${mock.url}/v1`, { apiKey: 'sk-test-0123456789abcdefghij' });

  test('works', async () => {
    const verdict = await testConnection(openai(), callOptions());
    expect(verdict).toEqual({ result: 'works', phrase: { key: 'connection_works_other', params: ['3', 'OpenAI'] }, models: 3 });
    expect(renderEnglish(verdict.phrase)).toBe('Connected to OpenAI: 3 models available.');
  });

  test('one model is singular', async () => {
    expect(renderEnglish((await testConnection(connection('ollama', mock.url, {}), callOptions())).phrase)).toBe('Connected to Ollama: 1 model available.');
  });

  test.each([
    ['unauthorized', 'key-rejected'],
    ['forbidden', 'no-permission'],
    ['server-error', 'unknown'],
    ['html-200', 'unknown'],
  ] as const)('%s → %s', async (scenario, result) => {
    mock.setScenario(scenario);
    const verdict = await testConnection(openai(), callOptions());
    expect(verdict.result).toBe(result);
    expect(verdict.models).toBeUndefined();
    expect(renderEnglish(verdict.phrase).length).toBeGreaterThan(20);
  });

  test('Gemini 400 API_KEY_INVALID is key-rejected', async () => {
    mock.setScenario('unauthorized');
    expect((await testConnection(connection('gemini', `${mock.url}/v1beta`, { apiKey: 'AIzaBad' }), callOptions())).result).toBe('key-rejected');
  });

  test('Ollama refusing the extension origin', async () => {
    mock.setScenario('forbidden-empty');
    const verdict = await testConnection(connection('ollama', mock.url, {}), callOptions({ extensionOrigin: 'chrome-extension://kwextensionid' }));
    expect(verdict.result).toBe('origin-refused');
    expect(renderEnglish(verdict.phrase)).toContain('OLLAMA_ORIGINS=chrome-extension://kwextensionid');
  });

  test('an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await testConnection(connection('lmstudio', `http://127.0.0.1:${port}/v1`, {}), callOptions())).result).toBe('not-reachable');
  });

  test('a server that never answers is not-reachable within the test limit', async () => {
    mock.setScenario('slow-headers', { delayMs: 2000 });
    const verdict = await testConnection(openai(), callOptions({ firstByteTimeoutMs: 200 }));
    expect(verdict.result).toBe('not-reachable');
  });
});

describe('Chrome built-in model (Prompt API)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('absent: hidden, no error at import or listing', async () => {
    expect(await isBuiltInModelAvailable()).toBe(false);
    expect(await builtInModelAvailability()).toBe('unavailable');
    expect(await chromeBuiltInAdapter.listModels(connection(CHROME_BUILT_IN, undefined, {}), callOptions())).toEqual([]);
    const error = await failureOf(chromeBuiltInAdapter.streamChat(connection(CHROME_BUILT_IN, undefined, {}), { model: 'gemini-nano', messages: HELLO }, callOptions()));
    expect(error.kind).toBe('model-not-found');
  });

  function fakeLanguageModel(state: string, pieces: string[]) {
    const created: { initialPrompts?: unknown }[] = [];
    const prompts: string[] = [];
    let destroyed = 0;
    const api = {
      availability: async () => state,
      create: async (options: { initialPrompts?: unknown }) => {
        created.push(options);
        return {
          promptStreaming: (input: string) => {
            prompts.push(input);
            return new ReadableStream<string>({
              start(controller) {
                for (const piece of pieces) controller.enqueue(piece);
                controller.close();
              },
            });
          },
          destroy: () => {
            destroyed += 1;
          },
        };
      },
    };
    vi.stubGlobal('LanguageModel', api);
    return { created, prompts, destroyed: () => destroyed };
  }

  test('streams deltas with estimated usage, history as initial prompts', async () => {
    const fake = fakeLanguageModel('available', ['Bonjour', ' 👋', ' !']);
    expect(await isBuiltInModelAvailable()).toBe(true);
    expect(await chromeBuiltInAdapter.listModels(connection(CHROME_BUILT_IN, undefined, {}), callOptions())).toEqual([{ id: 'gemini-nano', displayName: 'Gemini Nano (on this device)' }]);
    const messages = [
      { role: 'system' as const, content: 'Answer in French.' },
      { role: 'user' as const, content: 'Hi' },
      { role: 'assistant' as const, content: 'Salut' },
      { role: 'user' as const, content: 'Say hello' },
    ];
    const events = await collect(chromeBuiltInAdapter.streamChat(connection(CHROME_BUILT_IN, undefined, {}), { model: 'gemini-nano', messages }, callOptions()));
    expect(textOf(events)).toBe('Bonjour 👋 !');
    expect(usageOf(events)).toEqual({ inputTokens: 9, outputTokens: 3, cachedInputTokens: 0, reasoningTokens: 0, estimated: true });
    expect(fake.prompts).toEqual(['Say hello']);
    expect(fake.created[0]?.initialPrompts).toEqual([
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Salut' },
    ]);
    expect(fake.destroyed()).toBe(1);
  });

  test('a model still downloading is reported, not crashed on', async () => {
    fakeLanguageModel('downloading', []);
    const { error } = await drain(chromeBuiltInAdapter.streamChat(connection(CHROME_BUILT_IN, undefined, {}), { model: 'gemini-nano', messages: HELLO }, callOptions()));
    expect(error?.kind).toBe('model-not-found');
    expect(error?.message).toContain('not downloaded yet');
  });
});
