import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { adapterFor } from '@/src/providers/registry';
import { VERTEX_KNOWN_MODELS } from '@/src/providers/vertex';
import type { ProviderId } from '@/src/providers/definitions';
import { startMockProvider, type MockProvider, type RecordedRequest } from '@/tests/mock-provider/server';
import { fixtureLines } from '@/tests/mock-provider/framing';
import { callOptions, collect, connection, finishOf, HELLO, textOf, usageOf } from './helpers';

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

function onlyRequest(): RecordedRequest {
  expect(mock.requests).toHaveLength(1);
  const request = mock.requests[0];
  if (request === undefined) throw new Error('no request recorded');
  return request;
}

const OPENAI_TEXT = fixtureLines('openai-chat-text.chunks.txt')
  .map((line) => JSON.parse(line) as { choices: { delta?: { content?: string | null } }[] })
  .map((chunk) => chunk.choices[0]?.delta?.content ?? '')
  .join('');

const CONVERSATION = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'Héllo 👋' },
  { role: 'assistant' as const, content: 'Hi!' },
  { role: 'user' as const, content: 'Say <b>"OK"</b> & stop' },
];

describe('OpenAI Chat Completions', () => {
  test('streams the recorded answer with the usage from the final choices: [] chunk', async () => {
    const conn = connection('openai', `${mock.url}/v1`, { apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz' });
    const events = await collect(adapterFor('openai').streamChat(conn, { model: 'gpt-4.1-nano', messages: CONVERSATION, maxTokens: 500, temperature: 0.3 }, callOptions()));
    expect(OPENAI_TEXT).toHaveLength(1724);
    expect(textOf(events)).toBe(OPENAI_TEXT);
    expect(usageOf(events)).toEqual({ inputTokens: 16, outputTokens: 300, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
    expect(finishOf(events)).toBe('stop');
    expect(events.slice(-2).map((event) => event.type)).toEqual(['usage', 'finish']);

    const request = onlyRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers['authorization']).toBe('Bearer sk-proj-abcdefghijklmnopqrstuvwxyz');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toEqual({
      model: 'gpt-4.1-nano',
      messages: CONVERSATION,
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 500,
      temperature: 0.3,
    });
  });

  test('Mistral: usage from the finish chunk, no stream_options, max_tokens, padding field ignored', async () => {
    const conn = connection('mistral', `${mock.url}/v1`, { apiKey: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345' });
    const events = await collect(adapterFor('mistral').streamChat(conn, { model: 'mistral-small-latest', messages: HELLO, maxTokens: 64 }, callOptions()));
    expect(textOf(events)).toBe('OK');
    expect(usageOf(events)).toEqual({ inputTokens: 19, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
    expect(finishOf(events)).toBe('stop');
    const body = onlyRequest().json as Record<string, unknown>;
    expect(body['stream_options']).toBeUndefined();
    expect(body['max_tokens']).toBe(64);
    expect(body['max_completion_tokens']).toBeUndefined();
  });

  test.each(['groq', 'openrouter', 'lmstudio', 'vllm', 'llamacpp', 'tgi', 'tensorrt-llm', 'mlx', 'transformers', 'huggingface', 'custom'] as const)('%s speaks Chat Completions with include_usage', async (provider: ProviderId) => {
    const conn = connection(provider, `${mock.url}/v1`, { apiKey: 'key-for-test-0123456789' });
    const events = await collect(adapterFor(provider).streamChat(conn, { model: 'some-model', messages: HELLO, maxTokens: 10 }, callOptions()));
    expect(textOf(events)).toBe(OPENAI_TEXT);
    expect(usageOf(events)?.outputTokens).toBe(300);
    const request = onlyRequest();
    expect(request.headers['authorization']).toBe('Bearer key-for-test-0123456789');
    expect((request.json as Record<string, unknown>)['stream_options']).toEqual({ include_usage: true });
    expect((request.json as Record<string, unknown>)['max_tokens']).toBe(10);
  });

  test('a keyless local server gets no Authorization header', async () => {
    const conn = connection('custom', `${mock.url}/v1/`, {});
    await collect(adapterFor('custom').streamChat(conn, { model: 'local', messages: HELLO }, callOptions()));
    const request = onlyRequest();
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers['authorization']).toBeUndefined();
  });

  test('listModels reads GET /models', async () => {
    const models = await adapterFor('openai').listModels(connection('openai', `${mock.url}/v1`), callOptions());
    expect(models.map((model) => model.id)).toEqual(['gpt-4.1-nano', 'gpt-4o-mini', 'text-embedding-3-small']);
    expect(onlyRequest()).toMatchObject({ method: 'GET', path: '/v1/models' });
  });

  test('embeddings return vectors in input order with reported usage', async () => {
    const adapter = adapterFor('openai');
    if (adapter.embed === undefined) throw new Error('openai adapter must embed');
    // The recorded OpenAI answer (the mock's default is its deterministic vectors, tests/fixtures/mock-embeddings.ts).
    mock.setScenario('normal', { fixture: 'openai-embedding.json' });
    const result = await adapter.embed(connection('openai', `${mock.url}/v1`), { model: 'text-embedding-3-small', texts: ['sunny day at the beach', 'rainy day in the city'] }, callOptions());
    expect(result.vectors).toEqual([
      [0.0057293195, -0.012727811, 0.020042092, -0.013437585, 0.022833068],
      [-0.037104916, -0.05178114, -0.008340587, 0.001164541, -0.0035253682],
    ]);
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
    expect(onlyRequest().json).toEqual({ model: 'text-embedding-3-small', input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'float' });
  });
});

describe('Azure OpenAI', () => {
  test('deployment URL with api-version and api-key; the prompt_filter_results chunk is skipped', async () => {
    const conn = connection('azure-openai', mock.url, { apiKey: 'a'.repeat(32) }, { azureDeployment: 'my-gpt5', azureApiVersion: '2025-04-01-preview' });
    const events = await collect(adapterFor('azure-openai').streamChat(conn, { model: 'gpt-5-nano', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe('Capital of Denmark.');
    expect(usageOf(events)).toEqual({ inputTokens: 15, outputTokens: 78, cachedInputTokens: 0, reasoningTokens: 64, estimated: false });
    expect(finishOf(events)).toBe('stop');
    const request = onlyRequest();
    expect(request.url).toBe('/openai/deployments/my-gpt5/chat/completions?api-version=2025-04-01-preview');
    expect(request.headers['api-key']).toBe('a'.repeat(32));
    expect(request.headers['authorization']).toBeUndefined();
    expect((request.json as Record<string, unknown>)['model']).toBeUndefined();
    expect((request.json as Record<string, unknown>)['stream_options']).toEqual({ include_usage: true });
  });

  test('v1 URL carries the model in the body', async () => {
    const conn = connection('azure-openai', `${mock.url}/openai/v1/`, { apiKey: 'b'.repeat(84) });
    const events = await collect(adapterFor('azure-openai').streamChat(conn, { model: 'gpt-5-nano', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe('Capital of Denmark.');
    const request = onlyRequest();
    expect(request.url).toBe('/openai/v1/chat/completions');
    expect((request.json as Record<string, unknown>)['model']).toBe('gpt-5-nano');
  });

  test('finish_reason content_filter ends the answer as content-filter', async () => {
    mock.setScenario('content-filter');
    const conn = connection('azure-openai', mock.url, { apiKey: 'a'.repeat(32) }, { azureDeployment: 'd' });
    const events = await collect(adapterFor('azure-openai').streamChat(conn, { model: 'm', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe('Capital');
    expect(finishOf(events)).toBe('content-filter');
    expect(usageOf(events)?.estimated).toBe(true);
  });

  test('listModels: a deployment connection returns its deployment', async () => {
    const conn = connection('azure-openai', mock.url, { apiKey: 'a'.repeat(32) }, { azureDeployment: 'my-gpt5' });
    expect(await adapterFor('azure-openai').listModels(conn, callOptions())).toEqual([{ id: 'my-gpt5' }]);
    expect(onlyRequest().url).toBe('/openai/models?api-version=2024-10-21');
  });
});

describe('Anthropic', () => {
  test('system prompt in `system`, browser header, usage from message_start + message_delta', async () => {
    const conn = connection('anthropic', mock.url, { apiKey: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz' });
    const events = await collect(adapterFor('anthropic').streamChat(conn, { model: 'claude-sonnet-4-5', messages: CONVERSATION, temperature: 0.5 }, callOptions()));
    expect(textOf(events)).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(usageOf(events)).toEqual({ inputTokens: 12, outputTokens: 30, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
    expect(finishOf(events)).toBe('stop');
    const request = onlyRequest();
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant-api03-abcdefghijklmnopqrstuvwxyz');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(request.headers['authorization']).toBeUndefined();
    expect(request.json).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Héllo 👋' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi!' }] },
        { role: 'user', content: [{ type: 'text', text: 'Say <b>"OK"</b> & stop' }] },
      ],
      stream: true,
      temperature: 0.5,
    });
  });

  test('listModels', async () => {
    const models = await adapterFor('anthropic').listModels(connection('anthropic', mock.url, { apiKey: 'sk-ant-x' }), callOptions());
    expect(models).toEqual([
      { id: 'claude-sonnet-4-5-20250929', displayName: 'Claude Sonnet 4.5' },
      { id: 'claude-3-5-haiku-20241022', displayName: 'Claude Haiku 3.5' },
    ]);
    expect(onlyRequest().url).toBe('/v1/models?limit=1000');
  });
});

describe('Google Gemini and Vertex AI', () => {
  const GEMINI_TEXT = 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y';
  const GEMINI_USAGE = { inputTokens: 9, outputTokens: 208, cachedInputTokens: 0, reasoningTokens: 185, estimated: false };

  test('Gemini: roles user/model, systemInstruction, key header, last cumulative usage', async () => {
    const conn = connection('gemini', `${mock.url}/v1beta`, { apiKey: 'AIzaSyA-test-key-0123456789abcdefghijk' });
    const events = await collect(adapterFor('gemini').streamChat(conn, { model: 'gemini-3-pro-preview', messages: CONVERSATION, maxTokens: 256 }, callOptions()));
    expect(textOf(events)).toBe(GEMINI_TEXT);
    expect(usageOf(events)).toEqual(GEMINI_USAGE);
    expect(finishOf(events)).toBe('stop');
    const request = onlyRequest();
    expect(request.url).toBe('/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse');
    expect(request.headers['x-goog-api-key']).toBe('AIzaSyA-test-key-0123456789abcdefghijk');
    expect(request.url).not.toContain('key=');
    expect(request.json).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Héllo 👋' }] },
        { role: 'model', parts: [{ text: 'Hi!' }] },
        { role: 'user', parts: [{ text: 'Say <b>"OK"</b> & stop' }] },
      ],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { maxOutputTokens: 256 },
    });
  });

  test('Gemini listModels keeps generateContent models and drops the prefix', async () => {
    const models = await adapterFor('gemini').listModels(connection('gemini', `${mock.url}/v1beta`), callOptions());
    expect(models.map((model) => model.id)).toEqual(['gemini-2.5-flash', 'gemini-3-pro-preview']);
    expect(models[0]).toEqual({ id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', contextWindow: 1048576 });
  });

  test('Vertex express mode', async () => {
    const conn = connection('vertex', mock.url, { apiKey: 'vertex-express-key-0123456789abcdefghij' });
    const events = await collect(adapterFor('vertex').streamChat(conn, { model: 'gemini-2.5-flash', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe(GEMINI_TEXT);
    expect(usageOf(events)).toEqual(GEMINI_USAGE);
    const request = onlyRequest();
    expect(request.url).toBe('/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(request.headers['x-goog-api-key']).toBe('vertex-express-key-0123456789abcdefghij');
  });

  test('Vertex with project and location', async () => {
    const conn = connection('vertex', mock.url, { apiKey: 'vertex-key' }, { vertexProject: 'my-project', vertexLocation: 'europe-west4' });
    const events = await collect(adapterFor('vertex').streamChat(conn, { model: 'gemini-2.5-flash', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe(GEMINI_TEXT);
    expect(onlyRequest().url).toBe('/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  test('Vertex listModels proves the key with countTokens', async () => {
    const models = await adapterFor('vertex').listModels(connection('vertex', mock.url, { apiKey: 'vertex-key' }), callOptions());
    expect(models).toEqual(VERTEX_KNOWN_MODELS);
    expect(onlyRequest().url).toBe('/v1/publishers/google/models/gemini-2.5-flash:countTokens');
  });
});

describe('Cohere', () => {
  test('v2 chat with billed usage', async () => {
    const conn = connection('cohere', mock.url, { apiKey: 'c'.repeat(40) });
    const events = await collect(adapterFor('cohere').streamChat(conn, { model: 'command-a-03-2025', messages: CONVERSATION }, callOptions()));
    expect(textOf(events)).toBe('The capital of France is Paris.');
    expect(usageOf(events)).toEqual({ inputTokens: 12, outputTokens: 7, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
    expect(finishOf(events)).toBe('stop');
    const request = onlyRequest();
    expect(request.path).toBe('/v2/chat');
    expect(request.headers['authorization']).toBe(`Bearer ${'c'.repeat(40)}`);
    expect(request.json).toEqual({ model: 'command-a-03-2025', messages: CONVERSATION, stream: true });
  });

  test('listModels', async () => {
    const models = await adapterFor('cohere').listModels(connection('cohere', mock.url, { apiKey: 'c'.repeat(40) }), callOptions());
    expect(models).toEqual([
      { id: 'command-a-03-2025', contextWindow: 256000 },
      { id: 'command-r7b-12-2024', contextWindow: 128000 },
    ]);
  });
});

describe('AWS Bedrock', () => {
  const BEDROCK_TEXT = 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."';
  const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

  test('SigV4-signed ConverseStream decoded from binary frames', async () => {
    const conn = connection(
      'bedrock',
      mock.url,
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-value' },
      { region: 'us-east-1' },
    );
    const events = await collect(adapterFor('bedrock').streamChat(conn, { model: MODEL, messages: CONVERSATION, maxTokens: 100 }, callOptions()));
    expect(textOf(events)).toBe(BEDROCK_TEXT);
    expect(usageOf(events)).toEqual({ inputTokens: 22, outputTokens: 55, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
    expect(finishOf(events)).toBe('stop');
    const request = onlyRequest();
    expect(request.path).toBe(`/model/${encodeURIComponent(MODEL)}/converse-stream`);
    expect(request.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
    expect(request.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request.headers['x-amz-security-token']).toBe('session-token-value');
    expect(request.json).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'Héllo 👋' }] },
        { role: 'assistant', content: [{ text: 'Hi!' }] },
        { role: 'user', content: [{ text: 'Say <b>"OK"</b> & stop' }] },
      ],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 100 },
    });
  });

  test('a Bedrock API key goes as a bearer token', async () => {
    const conn = connection('bedrock', mock.url, { apiKey: 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl' }, { region: 'eu-west-3', bedrockAuth: 'api-key' });
    const events = await collect(adapterFor('bedrock').streamChat(conn, { model: MODEL, messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe(BEDROCK_TEXT);
    expect(onlyRequest().headers['authorization']).toBe('Bearer ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl');
  });

  test('listModels keeps streaming models', async () => {
    const conn = connection('bedrock', mock.url, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' }, { region: 'us-east-1' });
    expect(await adapterFor('bedrock').listModels(conn, callOptions())).toEqual([{ id: MODEL, displayName: 'Claude 3 Haiku' }]);
  });
});

describe('Ollama', () => {
  test('native /api/chat NDJSON with eval counts', async () => {
    const conn = connection('ollama', mock.url, {});
    const events = await collect(adapterFor('ollama').streamChat(conn, { model: 'llama3.2', messages: HELLO, maxTokens: 50, temperature: 0.2 }, callOptions()));
    expect(textOf(events)).toBe('Bonjour 👋! In Chinese that is 你好.');
    expect(usageOf(events)).toEqual({ inputTokens: 26, outputTokens: 9, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
    expect(finishOf(events)).toBe('stop');
    const request = onlyRequest();
    expect(request.path).toBe('/api/chat');
    expect(request.headers['authorization']).toBeUndefined();
    expect(request.json).toEqual({ model: 'llama3.2', messages: HELLO, stream: true, options: { num_predict: 50, temperature: 0.2 } });
  });

  test('a base URL ending in /v1 uses the OpenAI-compatible endpoint', async () => {
    const events = await collect(adapterFor('ollama').streamChat(connection('ollama', `${mock.url}/v1`, {}), { model: 'llama3.2', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe(OPENAI_TEXT);
    expect(onlyRequest().path).toBe('/v1/chat/completions');
  });

  test('listModels reads /api/tags', async () => {
    expect(await adapterFor('ollama').listModels(connection('ollama', mock.url, {}), callOptions())).toEqual([{ id: 'llama3.2:latest' }]);
  });
});

describe('real network behaviour', () => {
  test('a slow drip (each event cut in two) still assembles the exact text', async () => {
    mock.setScenario('slow-drip', { chunkDelayMs: 0 });
    const events = await collect(adapterFor('anthropic').streamChat(connection('anthropic', mock.url, { apiKey: 'sk-ant-x' }), { model: 'm', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(usageOf(events)?.outputTokens).toBe(30);
  });

  test('a configurable delay between events', async () => {
    mock.setScenario('normal', { chunkDelayMs: 30 });
    const started = Date.now();
    const events = await collect(adapterFor('cohere').streamChat(connection('cohere', mock.url), { model: 'm', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe('The capital of France is Paris.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  test('answers the CORS preflight the browser sends', async () => {
    const response = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });
});
