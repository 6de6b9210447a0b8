import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { createCatalogLookup, createPriceIndex, loadPriceIndex } from '@/src/catalog/catalog';
import { priceBook } from '@/src/usage/price-book';
import { pricesWith } from '@/src/usage/prices';
import { catalogFile } from './helpers';

const lookup = createCatalogLookup(catalogFile).findModel;
const at = Date.UTC(2026, 10, 23);
const tokens = (inputTokens: number, outputTokens: number, cachedInputTokens = 0, reasoningTokens = 0) => ({ inputTokens, outputTokens, cachedInputTokens, reasoningTokens });

describe('the cost of a call, from the catalog the worker loads', () => {
  test('public/catalog.json is the bundled catalog, byte for byte', () => {
    const bundled = readFileSync(new URL('../../../src/catalog/catalog.generated.json', import.meta.url), 'utf8');
    const packaged = readFileSync(new URL('../../../public/catalog.json', import.meta.url), 'utf8');
    expect(packaged).toBe(bundled);
  });

  test('input and output per 1M tokens, looked up under the id the provider used', () => {
    // gpt-4o-mini: $0.15 in, $0.60 out.
    expect(pricesWith(lookup, {}).cost('openai', 'gpt-4o-mini', tokens(1_000_000, 1_000_000), at)).toBeCloseTo(0.75, 12);
    expect(pricesWith(lookup, {}).cost('openai', 'gpt-4o-mini-2024-07-18', tokens(10_000, 1_000), at)).toBeCloseTo(0.0015 + 0.0006, 12);
  });

  test('tiered prices: the whole call at the tier its prompt reaches', () => {
    // claude-sonnet-4-5: $3 / $15, above 200k input tokens $6 / $22.50.
    expect(pricesWith(lookup, {}).cost('anthropic', 'claude-sonnet-4-5', tokens(200_000, 1_000), at)).toBeCloseTo(0.6 + 0.015, 12);
    expect(pricesWith(lookup, {}).cost('anthropic', 'claude-sonnet-4-5', tokens(200_001, 1_000), at)).toBeCloseTo((200_001 * 6 + 1_000 * 22.5) / 1e6, 12);
    // gpt-5.4: above 272k input, $5 / $22.50 and cached input $0.50.
    expect(pricesWith(lookup, {}).cost('openai', 'gpt-5.4', tokens(300_000, 2_000, 100_000), at)).toBeCloseTo((200_000 * 5 + 100_000 * 0.5 + 2_000 * 22.5) / 1e6, 12);
  });

  test('cached input tokens at the cache-read price', () => {
    // gpt-4o-mini: 6k uncached × 0.15 + 4k cached × 0.075 + 500 × 0.60, per 1M.
    expect(pricesWith(lookup, {}).cost('openai', 'gpt-4o-mini', tokens(10_000, 500, 4_000), at)).toBeCloseTo(0.0015, 12);
    // claude-sonnet-4-5 below the tier: cache reads at $0.30.
    expect(pricesWith(lookup, {}).cost('anthropic', 'claude-sonnet-4-5', tokens(10_000, 0, 10_000), at)).toBeCloseTo(0.003, 12);
  });

  test('Gemini thoughts tokens are billed on top of the output; OpenAI reasoning is inside it', () => {
    const usage = tokens(1_000, 2_000, 0, 1_000);
    expect(pricesWith(lookup, {}).cost('gemini', 'gemini-2.5-pro', usage, at)).toBeCloseTo((1_000 * 1.25 + 3_000 * 10) / 1e6, 12);
    expect(pricesWith(lookup, {}).cost('openai', 'gpt-4o-mini', usage, at)).toBeCloseTo((1_000 * 0.15 + 2_000 * 0.6) / 1e6, 12);
  });

  test('user price overrides win, field by field, and can price an unknown model', () => {
    const overrides = { 'openai:gpt-4o-mini': { output: 1 }, 'openai:my-fine-tune': { input: 2, output: 4 } };
    expect(pricesWith(lookup, overrides).cost('openai', 'gpt-4o-mini', tokens(1_000_000, 1_000_000), at)).toBeCloseTo(1.15, 12);
    expect(pricesWith(lookup, overrides).cost('openai', 'my-fine-tune', tokens(1_000_000, 500_000), at)).toBeCloseTo(4, 12);
  });

  test('unknown prices are null; local servers and Chrome built-in are free; without the catalog only overrides price a call', () => {
    expect(pricesWith(lookup, {}).cost('openai', 'no-such-model', tokens(1, 1), at)).toBeNull();
    expect(pricesWith(lookup, {}).cost('ollama', 'llama3.2:3b', tokens(10_000, 10_000), at)).toBe(0);
    expect(pricesWith(lookup, {}).cost('chrome-built-in', 'gemini-nano', tokens(10_000, 10_000), at)).toBe(0);
    expect(pricesWith(lookup, {}).cost('not-a-provider', 'x', tokens(1, 1), at)).toBeNull();
    expect(pricesWith(undefined, {}).cost('openai', 'gpt-4o-mini', tokens(1, 1), at)).toBeNull();
    expect(pricesWith(undefined, { 'openai:gpt-4o-mini': { input: 1, output: 1 } }).cost('openai', 'gpt-4o-mini', tokens(1_000_000, 0), at)).toBe(1);
  });
});

describe('the worker’s catalog loader', () => {
  test('the worker’s price index finds what the pages’ catalog finds, at the same prices', () => {
    const index = createPriceIndex(catalogFile);
    for (const [provider, id] of [['openai', 'gpt-4o-mini-2024-07-18'], ['bedrock', 'us.anthropic.claude-sonnet-4-6'], ['gemini', 'models/gemini-2.5-pro']] as const) {
      expect(index(provider, id)?.id).toBe(lookup(provider, id)?.id);
      expect(index(provider, id)?.price).toEqual(lookup(provider, id)?.price);
    }
  });

  test('loads once and keeps it; a failed load is tried again next time; peek never waits', async () => {
    let release: (file: unknown) => void = () => undefined;
    const load = vi
      .fn<() => Promise<unknown>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockImplementation(() => new Promise((resolve) => (release = resolve)));
    await expect(loadPriceIndex(load)).rejects.toThrow('offline');
    const book = priceBook(load);
    expect(book.peek()).toBeUndefined();
    expect(pricesWith(book.peek(), {}).cost('openai', 'gpt-4o-mini', tokens(1_000, 0), at)).toBeNull();
    release(catalogFile);
    const index = await book.ready();
    expect(pricesWith(index, {}).cost('openai', 'gpt-4o-mini', tokens(1_000_000, 0), at)).toBeCloseTo(0.15, 12);
    expect(book.peek()).toBe(index);
    expect(await loadPriceIndex(load)).toBe(index);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
