import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AppError } from '@/src/shared/errors';
import { decodeVector } from '@/src/knowledge/embed-client';
import { encodeVector } from '@/src/knowledge/embed-service';
import { protocol } from '@/src/messaging/protocol';
import { writeSpendSettings } from '@/src/settings/settings-store';
import { mockEmbedding, mockTokenCount } from '@/tests/fixtures/mock-embeddings';
import { startMockProvider, type MockProvider } from '@/tests/mock-provider/server';
import { CANARY_KEY } from '../helpers/harness';
import { unlockedHarness, type SpendHarness } from '../usage/helpers';

let server: MockProvider;
beforeAll(async () => {
  server = await startMockProvider();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const page = { sender: 'extension-page' } as const;
const NOW = Date.UTC(2026, 10, 23, 9);
const TEXTS = ['The lighthouse keeper counts ships at dawn', 'A recipe for sourdough bread with rye flour'];
const SMALL = 'text-embedding-3-small';

async function failure(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('knowledge.embed in the worker (OpenAI wire format, against the mock)', () => {
  let h: SpendHarness;
  let keyId: string;
  beforeEach(async () => {
    h = await unlockedHarness({ clock: { now: NOW } });
    keyId = await h.keyFor(server.url, 'Work key');
  });

  test('sends POST /v1/embeddings with the bearer key and answers normalised little-endian Float32 vectors, tokens and cost', async () => {
    const reply = await h.handlers['knowledge.embed']({ target: { keyId, model: SMALL }, texts: TEXTS, purpose: 'collection' }, page);
    expect(protocol['knowledge.embed'].response.parse(reply)).toEqual(reply);
    expect(reply.dims).toBe(384);
    expect(reply.vectors).toHaveLength(2);
    TEXTS.forEach((text, index) => {
      const vector = decodeVector(reply.vectors[index] ?? '');
      const expected = mockEmbedding(text);
      expect(vector).toHaveLength(384);
      for (let dim = 0; dim < 384; dim += 1) expect(vector[dim]).toBeCloseTo(expected[dim] ?? NaN, 6);
    });
    const tokens = TEXTS.reduce((sum, text) => sum + mockTokenCount(text), 0);
    expect(reply.inputTokens).toBe(tokens);
    // text-embedding-3-small: $0.02 per 1M input tokens (public/catalog.json).
    expect(reply.costUsd).toBeCloseTo((tokens * 0.02) / 1e6, 15);

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/embeddings' });
    expect(request?.headers['authorization']).toBe(`Bearer ${CANARY_KEY}`);
    expect(request?.json).toEqual({ model: SMALL, input: TEXTS, encoding_format: 'float' });
  });

  test('recorded like a chat call: kind embedding, tokens, cost, daily row marked embedding, audited; no text anywhere', async () => {
    await h.handlers['knowledge.embed']({ target: { keyId, model: SMALL }, texts: TEXTS, purpose: 'history' }, page);
    await h.spend.recorder.idle();
    const calls = await h.spend.db.calls.toArray();
    const tokens = TEXTS.reduce((sum, text) => sum + mockTokenCount(text), 0);
    expect(calls).toMatchObject([{ kind: 'embedding', provider: 'openai', model: SMALL, keyId, keyLabel: 'Work key', inputTokens: tokens, outputTokens: 0, estimated: false, outcome: 'ok' }]);
    expect(calls[0]?.cost).toBeCloseTo((tokens * 0.02) / 1e6, 15);
    expect(await h.spend.db.daily.toArray()).toMatchObject([{ kind: 'embedding', model: SMALL, calls: 1, inputTokens: tokens }]);
    const audit = await h.spend.db.audit.toArray();
    expect(audit.map((entry) => entry.action)).toContain('call.embedding');
    const stored = JSON.stringify([calls, await h.spend.db.daily.toArray(), audit]);
    for (const word of ['lighthouse', 'sourdough', CANARY_KEY]) expect(stored).not.toContain(word);
  });

  test('a used-up budget blocks the call before anything is sent (BUDGET_EXCEEDED), and the block names the cap', async () => {
    await writeSpendSettings({ caps: [{ id: 'cap-global', scope: 'global', period: 'month', limitUsd: 0.0001 }], warnAt: 0.8, priceOverrides: [{ provider: 'openai', model: 'seed-model', input: 1, output: 1 }] });
    await h.spend.recorder.record({ kind: 'chat', provider: 'openai', model: 'seed-model', keyId, startedAt: NOW, endedAt: NOW, usage: { inputTokens: 200, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false }, outcome: 'ok' });
    const error = await failure(h.handlers['knowledge.embed']({ target: { keyId, model: SMALL }, texts: TEXTS, purpose: 'query' }, page));
    expect(error.code).toBe('BUDGET_EXCEEDED');
    expect(JSON.stringify(error.phrase)).toContain('budget');
    expect(server.requests).toHaveLength(0);
  });

  test('a provider failure is PROVIDER_ERROR with the provider’s words, never the texts; the failed attempt is recorded', async () => {
    server.setScenario('unauthorized');
    const error = await failure(h.handlers['knowledge.embed']({ target: { keyId, model: SMALL }, texts: TEXTS, purpose: 'query' }, page));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(JSON.stringify(error.toShape()) + error.message).not.toMatch(/lighthouse|sourdough|CANARY/);
    await h.spend.recorder.idle();
    expect(await h.spend.db.calls.toArray()).toMatchObject([{ kind: 'embedding', outcome: 'error', errorKind: 'key-rejected', inputTokens: 0 }]);
  });

  test('retryable failures are retried with the retry policy, each attempt recorded', async () => {
    const r = await unlockedHarness({ clock: { now: NOW }, retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 60_000 } });
    const key = await r.keyFor(server.url);
    server.setScenario('overloaded');
    const error = await failure(r.handlers['knowledge.embed']({ target: { keyId: key, model: SMALL }, texts: TEXTS, purpose: 'query' }, page));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(server.requests).toHaveLength(3);
    await r.spend.recorder.idle();
    expect((await r.spend.db.calls.toArray()).map((call) => call.outcome)).toEqual(['error', 'error', 'error']);
  });

  test('vectors a provider sends unnormalised reach the page at unit length (the recorded OpenAI answer is cut to 5 dimensions)', async () => {
    server.setScenario('normal', { fixture: 'openai-embedding.json' });
    const reply = await h.handlers['knowledge.embed']({ target: { keyId, model: SMALL }, texts: TEXTS, purpose: 'query' }, page);
    expect(reply.dims).toBe(5);
    for (const encoded of reply.vectors) {
      const vector = decodeVector(encoded);
      expect(vector.reduce((sum, value) => sum + value * value, 0)).toBeCloseTo(1, 6);
    }
    const first = decodeVector(reply.vectors[0] ?? '');
    const raw = [0.0057293195, -0.012727811, 0.020042092, -0.013437585, 0.022833068];
    const norm = Math.hypot(...raw);
    raw.forEach((value, index) => expect(first[index]).toBeCloseTo(value / norm, 6));
  });

  test('an answer with a vector missing or not numbers is a bad response, not a wrong vector', async () => {
    server.setScenario('normal', { fixture: 'openai-embedding.json' });
    // The recorded answer has two vectors: asking for three texts gets two back.
    const error = await failure(h.handlers['knowledge.embed']({ target: { keyId, model: SMALL }, texts: [...TEXTS, 'third'], purpose: 'query' }, page));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect(encodeVector([1, Number.NaN])).toBeUndefined();
    expect(encodeVector([0, 0])).toBeUndefined();
  });

  test('the request is validated: 1 to 128 texts of 1 to 32,000 characters, a known purpose', () => {
    const request = (texts: string[], purpose = 'query') => protocol['knowledge.embed'].request.safeParse({ target: { keyId: 'k', model: SMALL }, texts, purpose }).success;
    expect(request(['a'])).toBe(true);
    expect(request([])).toBe(false);
    expect(request(Array.from({ length: 129 }, () => 'a'))).toBe(false);
    expect(request([''])).toBe(false);
    expect(request(['a'.repeat(32_001)])).toBe(false);
    expect(request(['a'], 'chat')).toBe(false);
    // Our pages, and the hidden page that indexes with no page open (issue 19, wip-bgindex); nothing else.
    expect(protocol['knowledge.embed'].allowedFrom).toEqual(['extension-page', 'hidden-page']);
    expect(protocol['knowledge.models'].allowedFrom).toEqual(['extension-page']);
  });

  test('knowledge.models lists each key whose provider embeds with the catalog’s embedding models and prices', async () => {
    const { models } = await h.handlers['knowledge.models']({}, page);
    expect(models).toEqual(
      expect.arrayContaining([
        { target: { keyId, model: SMALL }, label: `${SMALL} · Work key`, provider: 'openai', dims: 1536, pricePer1MInputUsd: 0.02, local: false },
        expect.objectContaining({ target: { keyId, model: 'text-embedding-3-large' }, pricePer1MInputUsd: 0.13 }),
      ]),
    );
  });

  test('knowledge.models: a local server offers the embedding models of its own list, free; a provider without embeddings offers none', async () => {
    const local = (await h.keys.add({ provider: 'lmstudio', label: 'LM Studio', secret: {}, settings: { baseUrl: `${server.url}/v1` } })).id;
    await h.keys.add({ provider: 'anthropic', label: 'Claude', secret: { apiKey: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz' }, settings: { baseUrl: server.url } });
    const { models } = await h.handlers['knowledge.models']({}, page);
    expect(models.filter((model) => model.target.keyId === local)).toEqual([
      { target: { keyId: local, model: 'text-embedding-3-small' }, label: 'text-embedding-3-small · LM Studio', provider: 'lmstudio', dims: null, pricePer1MInputUsd: 0, local: true },
    ]);
    expect(models.some((model) => model.provider === 'anthropic')).toBe(false);
  });

  test('knowledge.models with the vault locked lists no key’s models, and does not fail', async () => {
    await h.vault.lock();
    expect(await h.handlers['knowledge.models']({}, page)).toEqual({ models: [] });
  });

  test('the purpose reaches the provider: a query is embedded as a search query, history and collections as documents', async () => {
    const cohere = (await h.keys.add({ provider: 'cohere', label: 'Cohere', secret: { apiKey: 'c'.repeat(40) }, settings: { baseUrl: server.url } })).id;
    await h.handlers['knowledge.embed']({ target: { keyId: cohere, model: 'embed-v4.0' }, texts: ['what is rye'], purpose: 'query' }, page);
    await h.handlers['knowledge.embed']({ target: { keyId: cohere, model: 'embed-v4.0' }, texts: ['rye is a grain'], purpose: 'collection' }, page);
    await h.handlers['knowledge.embed']({ target: { keyId: cohere, model: 'embed-v4.0' }, texts: ['an old chat'], purpose: 'history' }, page);
    expect(server.requests.map((request) => (request.json as { input_type: string }).input_type)).toEqual(['search_query', 'search_document', 'search_document']);
    await h.spend.recorder.idle();
    // embed-v4.0 on Cohere: $0.12 per 1M input tokens, billed units from the answer.
    const calls = await h.spend.db.calls.toArray();
    expect(calls.map((call) => [call.provider, call.model, call.estimated])).toEqual([
      ['cohere', 'embed-v4.0', false],
      ['cohere', 'embed-v4.0', false],
      ['cohere', 'embed-v4.0', false],
    ]);
    const tokens = calls.reduce((sum, call) => sum + call.inputTokens, 0);
    expect(tokens).toBe(3 + 4 + 3);
    expect(calls.reduce((sum, call) => sum + (call.cost ?? NaN), 0)).toBeCloseTo((tokens * 0.12) / 1e6, 15);
  });

  test('the in-browser model where its page cannot run (no browser here) is a provider error about it, recorded at no cost', async () => {
    const error = await failure(h.handlers['knowledge.embed']({ target: { keyId: null, model: 'keyward-test/tiny-embed' }, texts: ['hello'], purpose: 'query' }, page));
    expect(error.code).toBe('PROVIDER_ERROR');
    expect((error.phrase as { key: string }).key).toMatch(/^provider_inBrowser(Unsupported|Failed)$/);
    await h.spend.recorder.idle();
    expect(await h.spend.db.calls.toArray()).toMatchObject([{ kind: 'embedding', provider: 'in-browser', keyId: null, keyLabel: 'In-browser model', outcome: 'error', cost: 0 }]);
  });
});
