import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { send } from '@/src/messaging/client';
import { protocol } from '@/src/messaging/protocol';
import { embeddingModelKey, embedTexts, estimateEmbeddingCost, listEmbeddingModels } from '@/src/knowledge/embed-client';
import { mockEmbedding, mockSimilarity, mockTokenCount } from '@/tests/fixtures/mock-embeddings';
import { startMockProvider, type MockProvider } from '@/tests/mock-provider/server';
import { unlockedHarness, type SpendHarness } from '../usage/helpers';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

let server: MockProvider;
beforeAll(async () => {
  server = await startMockProvider();
});
afterAll(() => server.close());

const page = { sender: 'extension-page' } as const;
let h: SpendHarness;
let keyId: string;

/** `send` as the router runs it: the request validated by its schema, then the worker's handler, then the response schema. */
function routeToWorker(): void {
  vi.mocked(send).mockImplementation((async (type: 'knowledge.embed' | 'knowledge.models', payload: unknown) => {
    const request = protocol[type].request.parse(payload);
    const handler = h.handlers[type] as (payload: unknown, context: typeof page) => Promise<unknown>;
    return protocol[type].response.parse(await handler(request, page));
  }) as unknown as typeof send);
}

beforeEach(async () => {
  server.reset();
  vi.mocked(send).mockReset();
  h = await unlockedHarness();
  keyId = await h.keyFor(server.url);
  routeToWorker();
});

describe('embedTexts, the one way pages embed', () => {
  test('300 texts go in batches of 128, 128 and 44, and come back in order as unit Float32Arrays with tokens and cost summed', async () => {
    const texts = Array.from({ length: 300 }, (_, index) => `note ${String(index)} about topic${String(index % 7)}`);
    const result = await embedTexts({ keyId, model: 'text-embedding-3-small' }, texts, 'history');
    expect(server.requests.map((request) => (request.json as { input: string[] }).input.length)).toEqual([128, 128, 44]);
    expect(result.vectors).toHaveLength(300);
    expect(result.dims).toBe(384);
    result.vectors.forEach((vector, index) => {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(mockSimilarity(vector, mockEmbedding(texts[index] ?? ''))).toBeCloseTo(1, 5);
    });
    const tokens = texts.reduce((sum, text) => sum + mockTokenCount(text), 0);
    expect(result.inputTokens).toBe(tokens);
    expect(result.costUsd).toBeCloseTo((tokens * 0.02) / 1e6, 12);
  });

  test('a question ranks the chunk holding its words first (what search and collections rely on)', async () => {
    const chunks = ['The lighthouse keeper counts ships at dawn', 'Sourdough bread needs rye flour and patience', 'Tax forms are due in April'];
    const { vectors } = await embedTexts({ keyId, model: 'text-embedding-3-small' }, chunks, 'collection');
    const {
      vectors: [question],
    } = await embedTexts({ keyId, model: 'text-embedding-3-small' }, ['how much rye flour for sourdough'], 'query');
    if (!question) throw new Error('no query vector');
    const ranked = vectors.map((vector, index) => ({ index, score: mockSimilarity(vector, question) })).sort((a, b) => b.score - a.score);
    expect(ranked[0]?.index).toBe(1);
    expect(ranked[0]?.score).toBeGreaterThan(0.4);
  });

  test('an aborted signal stops before the next batch, with the signal’s reason', async () => {
    const controller = new AbortController();
    vi.mocked(send).mockImplementationOnce((async (type: 'knowledge.embed', payload: unknown) => {
      controller.abort();
      return h.handlers[type](protocol[type].request.parse(payload), page);
    }) as unknown as typeof send);
    const texts = Array.from({ length: 200 }, (_, index) => `text ${String(index)}`);
    await expect(embedTexts({ keyId, model: 'text-embedding-3-small' }, texts, 'history', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(1);
  });

  test('a worker that stopped mid-request is asked once more; other failures pass through as AppErrors with their code', async () => {
    vi.mocked(send).mockRejectedValueOnce(new AppError('BACKGROUND_RESTARTED', phrase('error_backgroundRestarted')));
    const result = await embedTexts({ keyId, model: 'text-embedding-3-small' }, ['one text'], 'query');
    expect(result.vectors).toHaveLength(1);
    server.setScenario('unauthorized');
    await expect(embedTexts({ keyId, model: 'text-embedding-3-small' }, ['one text'], 'query')).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
    await expect(embedTexts({ keyId, model: 'text-embedding-3-small' }, ['', 'x'], 'query')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  test('texts longer than a message allows are cut to 32,000 characters, not refused', async () => {
    await embedTexts({ keyId, model: 'text-embedding-3-small' }, ['word '.repeat(10_000)], 'collection');
    expect((server.requests[0]?.json as { input: string[] }).input[0]).toHaveLength(32_000);
  });
});

describe('models and estimates', () => {
  test('embeddingModelKey is stable per key and model, and `local` for the in-browser model', () => {
    expect(embeddingModelKey({ keyId: 'k1', model: 'text-embedding-3-small' })).toBe('k1/text-embedding-3-small');
    expect(embeddingModelKey({ keyId: null, model: 'keyward-test/tiny-embed' })).toBe('local/keyward-test/tiny-embed');
  });

  test('the estimate is four characters a token at the model’s input price; local models are free; unknown prices unknown', async () => {
    const [option] = (await listEmbeddingModels()).filter((model) => model.target.model === 'text-embedding-3-small');
    if (!option) throw new Error('no option');
    expect(estimateEmbeddingCost(option, 4_000_000)).toEqual({ tokens: 1_000_000, usd: 0.02 });
    expect(estimateEmbeddingCost({ ...option, pricePer1MInputUsd: null }, 10)).toEqual({ tokens: 3, usd: null });
    expect(estimateEmbeddingCost({ ...option, local: true, pricePer1MInputUsd: null }, 10)).toEqual({ tokens: 3, usd: 0 });
  });
});
