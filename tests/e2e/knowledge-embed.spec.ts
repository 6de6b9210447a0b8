import type { Page } from '@playwright/test';
import { test, expect } from './fixtures/test';
import { call } from './fixtures/messaging';
import { keyCanary, passphraseCanary } from './fixtures/canary';
import { startMockProvider, type MockProvider } from '../mock-provider/server';
import { mockEmbedding, mockSimilarity } from '../fixtures/mock-embeddings';

/**
 * Embeddings end to end (issue 19), in the built extension: an extension page sends
 * `knowledge.embed`, the worker calls the mock provider's OpenAI embeddings endpoint with the key,
 * and answers the mock's deterministic vectors as base64 Float32; the call is in the usage database
 * as an embedding with its cost, and neither the texts nor the key are stored there.
 */

let mock: MockProvider;
test.beforeAll(async () => {
  mock = await startMockProvider({ host: '127.0.0.1' });
});
test.afterAll(async () => {
  await mock.close();
});

/** Every row of the usage database's stores, as JSON text, read from the page. */
function usageDump(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('keyward-usage');
        open.onerror = () => reject(new Error('cannot open keyward-usage'));
        open.onsuccess = () => {
          const db = open.result;
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

function decode(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

test('knowledge.embed answers the mock’s vectors through the worker, recorded as an embedding call without the texts', async ({ optionsPage: page }) => {
  mock.reset();
  const key = keyCanary('E');
  await call(page, 'vault.create', { passphrase: passphraseCanary().value });
  const { id: keyId } = await call(page, 'keys.add', { provider: 'openai', label: 'Embed key', secret: { apiKey: key.value }, settings: { baseUrl: `${mock.url}/v1` } });
  const texts = ['CANARYTEXT the lighthouse keeper counts ships', 'sourdough bread with rye flour'];

  const reply = await call(page, 'knowledge.embed', { target: { keyId, model: 'text-embedding-3-small' }, texts, purpose: 'collection' });
  expect(reply.dims).toBe(384);
  expect(reply.vectors.map((vector, index) => mockSimilarity(decode(vector), mockEmbedding(texts[index] ?? '')))).toEqual([expect.closeTo(1, 5), expect.closeTo(1, 5)]);
  expect(reply.costUsd).toBeGreaterThan(0);
  const [request] = mock.requests;
  expect(request?.path).toBe('/v1/embeddings');
  expect(request?.headers['authorization']).toBe(`Bearer ${key.value}`);

  const { models } = await call(page, 'knowledge.models', {});
  expect(models.map((model) => model.target)).toEqual(expect.arrayContaining([{ keyId, model: 'text-embedding-3-small' }]));

  // Recording runs beside the answer: wait for the audit entry, then read what was stored.
  await expect.poll(() => usageDump(page)).toContain('call.embedding');
  const dump = await usageDump(page);
  expect(dump).toContain('"kind":"embedding"');
  expect(dump).not.toContain('CANARYTEXT');
  expect(dump).not.toContain(key.core);
});
