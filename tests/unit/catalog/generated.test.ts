import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFromDirectory, CATALOG_FILE } from '@/src/catalog/build/files';
import { getCatalog } from '@/src/catalog/catalog';
import { CATALOG_PROVIDERS } from '@/src/catalog/types';
import { ROOT } from './raw-lists';

describe('catalog.generated.json', () => {
  const onDisk = readFileSync(`${ROOT}${CATALOG_FILE}`, 'utf8');

  it('is what scripts/build-catalog.ts builds from data/prices (run `npm run catalog` after changing either)', () => {
    expect(buildFromDirectory(ROOT).bytes === onDisk).toBe(true);
  });

  it('rebuilds to the same bytes', () => {
    expect(buildFromDirectory(ROOT).bytes).toBe(buildFromDirectory(ROOT).bytes);
  });

  it('is compact and well under 150 KB', () => {
    expect(onDisk).not.toMatch(/\n./);
    expect(Buffer.byteLength(onDisk)).toBeLessThan(140_000);
  });

  it('records the two lists and how often they disagree', () => {
    const { meta } = getCatalog();
    expect(meta.sources).toEqual({
      'genai-prices': { date: '2026-08-21', file: 'genai-prices-2026-08-21.json' },
      litellm: { date: '2026-07-24', file: 'litellm-model-prices-2026-07-24.json' },
    });
    const { conflicts } = buildFromDirectory(ROOT);
    expect(meta.conflicts).toBe(conflicts.length);
    expect(conflicts).toContain('mistral/mistral-large-latest');
    expect(meta.models).toBe(getCatalog().models.length);
  });

  it('gives every model a price, its source list and that list’s date', () => {
    const dates = { 'genai-prices': '2026-08-21', litellm: '2026-07-24' };
    for (const model of [...getCatalog().models, ...getCatalog().embeddings]) {
      expect(dates[model.priceSource.list], `${model.provider}/${model.id}`).toBe(model.priceSource.date);
    }
    for (const model of getCatalog().models) {
      expect(Number.isFinite(model.price.input) && Number.isFinite(model.price.output), model.id).toBe(true);
    }
    const lists = new Set(getCatalog().models.map((model) => model.priceSource.list));
    expect([...lists].sort()).toEqual(['genai-prices', 'litellm']);
  });

  it('has models for every hosted provider, sorted, without duplicate ids', () => {
    for (const provider of CATALOG_PROVIDERS) {
      const ids = getCatalog()
        .models.filter((model) => model.provider === provider)
        .map((model) => model.id);
      expect(ids.length, provider).toBeGreaterThan(0);
      expect(new Set(ids).size, provider).toBe(ids.length);
      expect(ids, provider).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  it('keeps chat models only, and each provider’s embedding models apart, with their input price and dimensions', () => {
    const ids = getCatalog().models.map((model) => model.id);
    expect(ids.filter((id) => /embed|tts|whisper|dall-e|moderation|realtime|transcribe|^ft:/.test(id))).toEqual([]);
    expect(getCatalog().embeddings.map((model) => [model.provider, model.id, model.input, model.dims])).toEqual([
      ['azure-openai', 'text-embedding-3-large', 0.13, 3072],
      ['azure-openai', 'text-embedding-3-small', 0.02, 1536],
      ['bedrock', 'amazon.titan-embed-text-v2:0', 0.02, 1024],
      ['bedrock', 'cohere.embed-english-v3', 0.1, 1024],
      ['bedrock', 'cohere.embed-multilingual-v3', 0.1, 1024],
      ['bedrock', 'cohere.embed-v4:0', 0.12, 1536],
      ['cohere', 'embed-english-light-v3.0', 0.1, 384],
      ['cohere', 'embed-english-v3.0', 0.1, 1024],
      ['cohere', 'embed-multilingual-v3.0', 0.1, 1024],
      ['cohere', 'embed-v4.0', 0.12, 1536],
      ['gemini', 'gemini-embedding-001', 0.15, 3072],
      ['mistral', 'codestral-embed', 0.15, 1536],
      ['mistral', 'mistral-embed', 0.1, 1024],
      ['openai', 'text-embedding-3-large', 0.13, 3072],
      ['openai', 'text-embedding-3-small', 0.02, 1536],
      ['vertex', 'gemini-embedding-001', 0.15, 3072],
      ['vertex', 'text-embedding-005', 0.1, 768],
      ['vertex', 'text-multilingual-embedding-002', 0.1, 768],
    ]);
  });

  it('folds regional duplicates: no Bedrock geography profiles or Azure regional deployments', () => {
    const ids = getCatalog().models.filter((m) => m.provider === 'bedrock' || m.provider === 'azure-openai').map((m) => m.id);
    expect(ids.filter((id) => /^(us|eu|apac|au|jp|us-gov)\.|\//.test(id))).toEqual([]);
  });
});
