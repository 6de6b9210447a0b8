import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { adapterFor } from '@/src/providers/registry';
import type { AdapterProvider, Connection, EmbedInput, EmbedResult } from '@/src/providers/types';
import { PROVIDER_IDS } from '@/src/providers/definitions';
import { mockEmbedding, mockTokenCount } from '@/tests/fixtures/mock-embeddings';
import { startMockProvider, type MockProvider, type RecordedRequest } from '@/tests/mock-provider/server';
import { callOptions, connection, failureOf } from './helpers';

/**
 * Embeddings in every wire format (issue 19), against the mock provider: the request each adapter
 * sends (URL, auth header, body), the vectors it reads back (the mock's deterministic ones, in the
 * texts' order) and the usage it reports.
 */

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

const TEXTS = ['The lighthouse keeper counts ships', 'Sourdough needs rye flour', 'Tax forms are due in April'];
const WORDS = TEXTS.reduce((sum, text) => sum + mockTokenCount(text), 0);
const CHARS = TEXTS.reduce((sum, text) => sum + text.length, 0);

async function embed(conn: Connection, input: Partial<EmbedInput> & { model: string }): Promise<EmbedResult> {
  const adapter = adapterFor(conn.provider);
  if (adapter.embed === undefined) throw new Error(`${conn.provider} must embed`);
  return adapter.embed(conn, { texts: TEXTS, ...input }, callOptions());
}

/** The vectors are the mock's for each text, in order (the mock answers them unnormalised only where a provider does). */
function expectMockVectors(result: EmbedResult, texts: readonly string[] = TEXTS, dims = 384): void {
  expect(result.vectors).toHaveLength(texts.length);
  result.vectors.forEach((vector, index) => {
    expect(vector).toHaveLength(dims);
    const expected = mockEmbedding(texts[index] ?? '', dims);
    vector.forEach((value, dim) => expect(value).toBeCloseTo(expected[dim] ?? NaN, 6));
  });
}

const reported = (inputTokens: number) => ({ inputTokens, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
const estimated = (chars: number) => ({ inputTokens: Math.ceil(chars / 4), outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: true });
const json = (request: RecordedRequest | undefined) => request?.json as Record<string, unknown>;

describe('OpenAI and the servers of its protocol', () => {
  test('OpenAI: POST /v1/embeddings, bearer key, every text in `input`, floats asked for; prompt_tokens is the usage', async () => {
    const result = await embed(connection('openai', `${mock.url}/v1`, { apiKey: 'sk-proj-embedkey0123456789abcdef' }), { model: 'text-embedding-3-small', purpose: 'query' });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/v1/embeddings' });
    expect(mock.requests[0]?.headers['authorization']).toBe('Bearer sk-proj-embedkey0123456789abcdef');
    expect(json(mock.requests[0])).toEqual({ model: 'text-embedding-3-small', input: TEXTS, encoding_format: 'float' });
  });

  test('answers out of order are put back in the order of the texts (by `index`)', async () => {
    const { embeddingReply } = await import('@/tests/mock-provider/embeddings');
    const body = embeddingReply('openai', { model: 'm', input: TEXTS }) as { data: { index: number }[] };
    const { vectorsFromEmbeddingResponse } = await import('@/src/providers/openai-chat');
    const result = vectorsFromEmbeddingResponse({ ...body, data: [...body.data].reverse() }, { provider: 'openai', secrets: [], destination: { origins: [], insecureHttp: false } }, TEXTS);
    expectMockVectors(result);
  });

  test('Mistral: the same endpoint and body without `encoding_format`', async () => {
    const result = await embed(connection('mistral', `${mock.url}/v1`, { apiKey: 'a'.repeat(32) }), { model: 'mistral-embed' });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests[0]?.headers['authorization']).toBe(`Bearer ${'a'.repeat(32)}`);
    expect(json(mock.requests[0])).toEqual({ model: 'mistral-embed', input: TEXTS });
  });

  test.each(['lmstudio', 'vllm', 'llamacpp', 'mlx', 'custom', 'openrouter'] as const)('%s: {base}/embeddings, keyless when no key is set', async (provider) => {
    const result = await embed(connection(provider, `${mock.url}/v1`, {}), { model: 'nomic-embed-text-v1.5' });
    expectMockVectors(result);
    expect(mock.requests[0]?.path).toBe('/v1/embeddings');
    expect(mock.requests[0]?.headers['authorization']).toBeUndefined();
  });

  test('an answer without usage is estimated at four characters a token', async () => {
    const { embeddingReply } = await import('@/tests/mock-provider/embeddings');
    const { vectorsFromEmbeddingResponse } = await import('@/src/providers/openai-chat');
    const { usage: _dropped, ...body } = embeddingReply('openai', { model: 'm', input: TEXTS }) as { usage: unknown };
    expect(vectorsFromEmbeddingResponse(body, { provider: 'vllm', secrets: [], destination: { origins: [], insecureHttp: false } }, TEXTS).usage).toEqual(estimated(CHARS));
  });
});

describe('Azure OpenAI', () => {
  test('with deployment URLs: the target model is the embedding deployment, with the key’s api-version and `api-key`', async () => {
    const conn = connection('azure-openai', mock.url, { apiKey: 'b'.repeat(32) }, { azureDeployment: 'my-chat', azureApiVersion: '2025-04-01-preview' });
    const result = await embed(conn, { model: 'my-embeddings' });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests[0]?.url).toBe('/openai/deployments/my-embeddings/embeddings?api-version=2025-04-01-preview');
    expect(mock.requests[0]?.headers['api-key']).toBe('b'.repeat(32));
    expect(mock.requests[0]?.headers['authorization']).toBeUndefined();
    expect(json(mock.requests[0])).toEqual({ input: TEXTS, encoding_format: 'float' });
  });

  test('on the v1 URL the deployment name goes in the body', async () => {
    const result = await embed(connection('azure-openai', `${mock.url}/openai/v1`, { apiKey: 'b'.repeat(32) }), { model: 'text-embedding-3-large' });
    expectMockVectors(result);
    expect(mock.requests[0]?.url).toBe('/openai/v1/embeddings');
    expect(json(mock.requests[0])).toEqual({ model: 'text-embedding-3-large', input: TEXTS, encoding_format: 'float' });
  });
});

describe('Google', () => {
  test('Gemini: models/{model}:batchEmbedContents with x-goog-api-key, one request per text with its task type; usage estimated', async () => {
    const result = await embed(connection('gemini', `${mock.url}/v1beta`, { apiKey: 'AIza-gemini-key' }), { model: 'models/gemini-embedding-001', purpose: 'query' });
    expectMockVectors(result);
    expect(result.usage).toEqual(estimated(CHARS));
    expect(mock.requests[0]?.url).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(mock.requests[0]?.headers['x-goog-api-key']).toBe('AIza-gemini-key');
    expect(json(mock.requests[0])).toEqual({
      requests: TEXTS.map((text) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text }] }, taskType: 'RETRIEVAL_QUERY' })),
    });
  });

  test('Gemini: documents are embedded as RETRIEVAL_DOCUMENT', async () => {
    await embed(connection('gemini', `${mock.url}/v1beta`, { apiKey: 'k' }), { model: 'gemini-embedding-001', purpose: 'document' });
    expect((json(mock.requests[0])['requests'] as { taskType: string }[]).map((request) => request.taskType)).toEqual(['RETRIEVAL_DOCUMENT', 'RETRIEVAL_DOCUMENT', 'RETRIEVAL_DOCUMENT']);
  });

  test('Vertex: {model}:predict on the project’s URL, all texts as instances, token counts from the statistics', async () => {
    const conn = connection('vertex', mock.url, { apiKey: 'vertex-key' }, { vertexProject: 'my-project', vertexLocation: 'europe-west4' });
    const result = await embed(conn, { model: 'text-embedding-005' });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.url).toBe('/v1/projects/my-project/locations/europe-west4/publishers/google/models/text-embedding-005:predict');
    expect(mock.requests[0]?.headers['x-goog-api-key']).toBe('vertex-key');
    expect(json(mock.requests[0])).toEqual({ instances: TEXTS.map((content) => ({ content, task_type: 'RETRIEVAL_DOCUMENT' })) });
  });

  test('Vertex: a Gemini embedding model takes one text a request; the answers are joined in order', async () => {
    const result = await embed(connection('vertex', mock.url, { apiKey: 'vertex-key' }), { model: 'gemini-embedding-001', purpose: 'query' });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests.map((request) => request.url)).toEqual(TEXTS.map(() => '/v1/publishers/google/models/gemini-embedding-001:predict'));
    expect(mock.requests.map((request) => (json(request)['instances'] as { content: string }[])[0]?.content).sort()).toEqual([...TEXTS].sort());
  });
});

describe('Cohere', () => {
  test('/v2/embed with a bearer key, input_type and float embeddings; billed input tokens are the usage', async () => {
    const result = await embed(connection('cohere', mock.url, { apiKey: 'c'.repeat(40) }), { model: 'embed-v4.0', purpose: 'query' });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests[0]?.path).toBe('/v2/embed');
    expect(mock.requests[0]?.headers['authorization']).toBe(`Bearer ${'c'.repeat(40)}`);
    expect(json(mock.requests[0])).toEqual({ model: 'embed-v4.0', texts: TEXTS, input_type: 'search_query', embedding_types: ['float'] });
  });

  test('more than 96 texts go in several requests, answered in order', async () => {
    const texts = Array.from({ length: 128 }, (_, index) => `document number ${String(index)}`);
    const adapter = adapterFor('cohere');
    const result = await adapter.embed?.(connection('cohere', mock.url, { apiKey: 'k' }), { model: 'embed-english-v3.0', texts }, callOptions());
    if (!result) throw new Error('cohere must embed');
    expectMockVectors(result, texts);
    expect(mock.requests.map((request) => (json(request)['texts'] as string[]).length).sort()).toEqual([32, 96]);
    expect(mock.requests.every((request) => json(request)['input_type'] === 'search_document')).toBe(true);
  });
});

describe('AWS Bedrock', () => {
  const SIGV4 = /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;
  const keys = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

  test('Titan Text Embeddings v2: SigV4-signed InvokeModel, one text a request, normalised, token counts added up', async () => {
    const model = 'amazon.titan-embed-text-v2:0';
    const result = await embed(connection('bedrock', mock.url, keys, { region: 'us-east-1' }), { model });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests).toHaveLength(3);
    for (const request of mock.requests) {
      expect(request.path).toBe(`/model/${encodeURIComponent(model)}/invoke`);
      expect(request.headers['authorization']).toMatch(SIGV4);
    }
    expect(mock.requests.map((request) => json(request)).sort((a, b) => String(a['inputText']).localeCompare(String(b['inputText'])))).toEqual(
      [...TEXTS].sort().map((inputText) => ({ inputText, normalize: true })),
    );
  });

  test('Cohere Embed on Bedrock: all texts in one request with input_type; a Bedrock API key as bearer; usage estimated', async () => {
    const model = 'cohere.embed-multilingual-v3';
    const result = await embed(connection('bedrock', mock.url, { apiKey: 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl' }, { region: 'eu-west-3', bedrockAuth: 'api-key' }), { model, purpose: 'query' });
    expectMockVectors(result);
    expect(result.usage).toEqual(estimated(CHARS));
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]?.path).toBe(`/model/${encodeURIComponent(model)}/invoke`);
    expect(mock.requests[0]?.headers['authorization']).toBe('Bearer ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl');
    expect(json(mock.requests[0])).toEqual({ texts: TEXTS, input_type: 'search_query' });
  });
});

describe('Ollama', () => {
  test('/api/embed with every text in `input`; prompt_eval_count is the usage', async () => {
    const result = await embed(connection('ollama', mock.url, {}), { model: 'nomic-embed-text' });
    expectMockVectors(result);
    expect(result.usage).toEqual(reported(WORDS));
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/api/embed' });
    expect(json(mock.requests[0])).toEqual({ model: 'nomic-embed-text', input: TEXTS });
  });

  test('a base URL ending in /v1 is Ollama’s OpenAI-compatible endpoint', async () => {
    await embed(connection('ollama', `${mock.url}/v1`, {}), { model: 'nomic-embed-text' });
    expect(mock.requests[0]?.path).toBe('/v1/embeddings');
  });
});

describe('every adapter', () => {
  test('the providers with embeddings have `embed`; Anthropic and Chrome’s built-in model do not', () => {
    const withEmbed = ([...PROVIDER_IDS, 'chrome-built-in', 'in-browser'] as AdapterProvider[]).filter((provider) => adapterFor(provider).embed !== undefined);
    for (const provider of ['openai', 'azure-openai', 'gemini', 'vertex', 'mistral', 'cohere', 'bedrock', 'ollama', 'lmstudio', 'vllm', 'llamacpp', 'custom', 'in-browser'] as const) expect(withEmbed).toContain(provider);
    expect(withEmbed).not.toContain('anthropic');
    expect(withEmbed).not.toContain('chrome-built-in');
  });

  test('an answer with a vector that is not all numbers is a bad response', async () => {
    const answer = (body: unknown) => async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    const conn = connection('ollama', mock.url, {});
    for (const body of [{ embeddings: [[0.1, 'x']] }, { embeddings: [[]] }, { embeddings: [[0.1, null]] }]) {
      const error = await failureOf(adapterFor('ollama').embed?.(conn, { model: 'm', texts: ['a'] }, callOptions({ fetch: answer(body) })) ?? Promise.resolve());
      expect(error.kind).toBe('bad-response');
    }
  });

  test('HTTP errors are the provider’s error kinds, as in chats', async () => {
    mock.setScenario('unauthorized');
    expect((await failureOf(embed(connection('cohere', mock.url, { apiKey: 'k' }), { model: 'embed-v4.0' }))).kind).toBe('key-rejected');
    mock.setScenario('rate-limited');
    const limited = await failureOf(embed(connection('gemini', `${mock.url}/v1beta`, { apiKey: 'k' }), { model: 'gemini-embedding-001' }));
    expect(limited.kind).toBe('rate-limited');
    expect(limited.retryable).toBe(true);
  });
});
