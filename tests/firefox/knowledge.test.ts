// First: the English texts, before anything loads wxt/browser (tests/fixtures/english-i18n.ts).
import '../fixtures/english-i18n';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { mockEmbedding, mockSimilarity } from '../fixtures/mock-embeddings';
import { keyCanary, passphraseCanary } from '../e2e/fixtures/canary';
import { launchFirefox, type LaunchedFirefox } from './fixtures/launch';
import { call, sendMessage } from './fixtures/messaging';

/**
 * Embeddings in Firefox (issue 19): the background page (MV2) answers `knowledge.embed` from the
 * options page with the mock's vectors, records the call as an embedding, and a used-up budget
 * refuses the next one before it reaches the provider.
 */

const key = keyCanary('KN');
let mock: MockProvider;
let ff: LaunchedFirefox;
let options: Page;
let keyId: string;

beforeAll(async () => {
  mock = await startMockProvider();
  ff = await launchFirefox();
  options = await ff.openPage('options');
  await call(options, 'vault.create', { passphrase: passphraseCanary().value });
  keyId = (await call(options, 'keys.add', { provider: 'openai', label: 'Mock', secret: { apiKey: key.value }, settings: { baseUrl: `${mock.url}/v1` } })).id;
});

afterAll(async () => {
  await ff?.removeProfile();
  await mock?.close();
});

function decode(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('Firefox: knowledge.embed', () => {
  test('answers the mock’s vectors for the texts, with tokens and cost', async () => {
    mock.reset();
    const texts = ['the lighthouse keeper counts ships', 'sourdough bread with rye flour'];
    const reply = await call(options, 'knowledge.embed', { target: { keyId, model: 'text-embedding-3-small' }, texts, purpose: 'collection' });
    expect(reply.dims).toBe(384);
    reply.vectors.forEach((vector, index) => expect(mockSimilarity(decode(vector), mockEmbedding(texts[index] ?? ''))).toBeCloseTo(1, 5));
    expect(reply.inputTokens).toBe(10);
    expect(reply.costUsd).toBeGreaterThan(0);
    expect(mock.requests.map((request) => request.path)).toEqual(['/v1/embeddings']);
    expect(mock.requests[0]?.headers['authorization']).toBe(`Bearer ${key.value}`);
  });

  test('a used-up budget refuses the next embedding with BUDGET_EXCEEDED, nothing sent', async () => {
    await call(options, 'spendSettings.update', { caps: [{ id: 'cap-tiny', scope: 'global', period: 'month', limitUsd: 0.0001 }], priceOverrides: [{ provider: 'openai', model: 'text-embedding-3-small', input: 1000 }] });
    await call(options, 'knowledge.embed', { target: { keyId, model: 'text-embedding-3-small' }, texts: ['enough words to spend the whole tiny budget at once'], purpose: 'query' });
    mock.reset();
    await expect.poll(async () => (await call(options, 'budget.status', {})).caps[0]?.level, { timeout: 5_000 }).toBe('block');
    const refused = await sendMessage(options, 'knowledge.embed', { target: { keyId, model: 'text-embedding-3-small' }, texts: ['one more'], purpose: 'query' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BUDGET_EXCEEDED' } });
    expect(mock.requests).toHaveLength(0);
  });
});
