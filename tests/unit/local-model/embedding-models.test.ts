import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { downloadedModelKinds, isEmbeddingModel } from '@/src/local-model/embedding';
import { fileKey, sha256Hex, writeManifest } from '@/src/local-model/store';

/** Cache Storage as the pages have it, in memory: what the model store reads and writes. */
function fakeCaches() {
  const entries = new Map<string, Response>();
  const cache = {
    async match(key: string | Request) {
      const found = entries.get(typeof key === 'string' ? key : key.url);
      return found?.clone();
    },
    async put(key: string, response: Response) {
      entries.set(key, new Response(await response.arrayBuffer(), { headers: response.headers }));
    },
    async keys() {
      return [...entries.keys()].map((url) => new Request(url));
    },
    async delete(key: string | Request) {
      return entries.delete(typeof key === 'string' ? key : key.url);
    },
  } as unknown as Cache;
  return { cache, entries, storage: { open: async () => cache } };
}

let fake: ReturnType<typeof fakeCaches>;
beforeEach(() => {
  fake = fakeCaches();
  vi.stubGlobal('caches', fake.storage);
});
afterEach(() => vi.unstubAllGlobals());

/** A downloaded model with the given config.json (complete: its manifest lists the file's size and hash). */
async function download(id: string, config: unknown, options: { complete?: boolean; damage?: boolean } = {}): Promise<void> {
  const bytes = new TextEncoder().encode(JSON.stringify(config));
  const stored = options.damage ? new TextEncoder().encode(JSON.stringify({ architectures: ['BertModel'], x: 1 })) : bytes;
  await fake.cache.put(fileKey(id, 'config.json'), new Response(stored));
  if (options.complete === false) return;
  await writeManifest(fake.cache, { id, dtype: 'q4', files: [{ path: 'config.json', size: bytes.byteLength, sha256: await sha256Hex(bytes.buffer) }], downloadedAt: 1 });
}

describe('which in-browser models embed', () => {
  test('the listed ones by the catalog’s word, without reading anything', async () => {
    expect(await isEmbeddingModel('Xenova/all-MiniLM-L6-v2')).toBe(true);
    expect(await isEmbeddingModel('HuggingFaceTB/SmolLM2-135M-Instruct')).toBe(false);
    expect(fake.entries.size).toBe(0);
  });

  test('a model added by name: an encoder embeds, a model that generates text does not; an unreadable or damaged config says no', async () => {
    await download('keyward-test/tiny-embed', { architectures: ['BertModel'], model_type: 'bert' });
    await download('keyward-test/tiny-chat', { architectures: ['LlamaForCausalLM'] });
    await download('someone/t5', { architectures: ['T5ForConditionalGeneration'] });
    await download('someone/gpt2', { architectures: ['GPT2LMHeadModel'] });
    await download('someone/no-architectures', { model_type: 'bert' });
    await download('someone/damaged', { architectures: ['BertModel'] }, { damage: true });
    await download('someone/unfinished', { architectures: ['BertModel'] }, { complete: false });
    expect(await isEmbeddingModel('keyward-test/tiny-embed')).toBe(true);
    for (const id of ['keyward-test/tiny-chat', 'someone/t5', 'someone/gpt2', 'someone/no-architectures', 'someone/damaged', 'someone/unfinished']) expect(await isEmbeddingModel(id), id).toBe(false);
  });

  test('downloadedModelKinds: the complete downloads only, each marked, which the chat’s picker and the embedding choices split by', async () => {
    await download('keyward-test/tiny-embed', { architectures: ['BertModel'] });
    await download('keyward-test/tiny-chat', { architectures: ['LlamaForCausalLM'] });
    await download('someone/unfinished', { architectures: ['BertModel'] }, { complete: false });
    expect((await downloadedModelKinds()).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'keyward-test/tiny-chat', embedding: false },
      { id: 'keyward-test/tiny-embed', embedding: true },
    ]);
  });

  test('the chat’s model picker offers the downloaded chat models only, not embedding models', async () => {
    const { downloadedLocalModels } = await import('@/src/ui/chat/catalog-loader');
    await download('keyward-test/tiny-embed', { architectures: ['BertModel'] });
    await download('keyward-test/tiny-chat', { architectures: ['LlamaForCausalLM'] });
    expect(await downloadedLocalModels()).toEqual([{ id: 'keyward-test/tiny-chat', name: 'tiny-chat' }]);
  });
});
