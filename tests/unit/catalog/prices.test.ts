import { describe, expect, it } from 'vitest';
import { findModel } from '@/src/catalog/catalog';
import type { CatalogModel } from '@/src/catalog/catalog';
import { genaiModel, litellmNumber } from './raw-lists';

function model(provider: Parameters<typeof findModel>[0], id: string): CatalogModel {
  const found = findModel(provider, id);
  if (!found) throw new Error(`no ${provider}/${id} in the catalog`);
  return found;
}

const perMillion = (perToken: number): number => Number((perToken * 1_000_000).toPrecision(10));

describe('known models carry the lists’ prices and limits', () => {
  it('gpt-4o-mini: genai-prices price, litellm limits and capabilities', () => {
    const gpt = model('openai', 'gpt-4o-mini');
    const raw = genaiModel('openai', 'gpt-4o-mini');
    expect(gpt.price).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    expect(gpt.price).toEqual({ input: raw.input_mtok, output: raw.output_mtok, cachedInput: raw.cache_read_mtok });
    expect(gpt.contextWindow).toBe(litellmNumber('gpt-4o-mini', 'max_input_tokens'));
    expect(gpt.maxOutputTokens).toBe(16384);
    expect(gpt.vision && gpt.tools).toBe(true);
    expect(gpt.priceSource).toEqual({ list: 'genai-prices', date: '2026-08-21' });
  });

  it('pdf: litellm supports_pdf_input where the list says so, false where it is silent (issue 16)', () => {
    for (const [provider, id] of [['openai', 'gpt-4o-mini'], ['anthropic', 'claude-sonnet-4-5'], ['gemini', 'gemini-2.5-flash'], ['bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0']] as const) {
      expect(model(provider, id).pdf, `${provider}/${id}`).toBe(true);
    }
    // Pixtral sees but the list does not say it reads PDFs; Groq's Llama 4 Scout likewise.
    expect(model('mistral', 'pixtral-large-latest')).toMatchObject({ vision: true, pdf: false });
    expect(model('groq', 'meta-llama/llama-4-scout-17b-16e-instruct')).toMatchObject({ vision: true, pdf: false });
  });

  it('claude-sonnet-4-5: base, cache-read and the tier above 200k tokens', () => {
    const sonnet = model('anthropic', 'claude-sonnet-4-5');
    expect(sonnet.name).toBe('Claude Sonnet 4.5');
    expect(sonnet.price).toEqual({
      input: 3,
      output: 15,
      cachedInput: 0.3,
      tiers: [{ above: 200_000, input: 6, output: 22.5, cachedInput: 0.6 }],
    });
    const raw = genaiModel('anthropic', 'claude-sonnet-4-5');
    expect(raw.input_mtok).toEqual({ base: 3, tiers: [{ start: 200_000, price: 6 }] });
    expect(raw.output_mtok).toEqual({ base: 15, tiers: [{ start: 200_000, price: 22.5 }] });
    expect(sonnet.contextWindow).toBe(litellmNumber('claude-sonnet-4-5', 'max_input_tokens'));
  });

  it('claude-sonnet-5: the introductory price, and the price the list announces from 2026-09-01', () => {
    const sonnet = model('anthropic', 'claude-sonnet-5');
    expect(sonnet.price).toEqual({ input: 2, output: 10, cachedInput: 0.2 });
    expect(sonnet.nextPrice).toEqual({ from: '2026-09-01', price: { input: 3, output: 15, cachedInput: 0.3 } });
  });

  it('gemini-2.5-pro: doubled input and cache price, 1.5× output above 200k tokens', () => {
    const pro = model('gemini', 'gemini-2.5-pro');
    expect(pro.price).toEqual({
      input: 1.25,
      output: 10,
      cachedInput: 0.125,
      tiers: [{ above: 200_000, input: 2.5, output: 15, cachedInput: 0.25 }],
    });
    const raw = genaiModel('google', 'gemini-2.5-pro');
    expect(raw.input_mtok).toEqual({ base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] });
    expect(raw.cache_read_mtok).toEqual({ base: 0.125, tiers: [{ start: 200_000, price: 0.25 }] });
    // litellm says the same in its own units.
    expect(perMillion(litellmNumber('gemini/gemini-2.5-pro', 'input_cost_per_token_above_200k_tokens'))).toBe(2.5);
    expect(pro.contextWindow).toBe(1_048_576);
  });

  it('mistral: litellm prices a model genai-prices lacks, converted from $ per token', () => {
    const small = model('mistral', 'mistral-small-3-2-2506');
    expect(small.priceSource).toEqual({ list: 'litellm', date: '2026-07-24' });
    expect(small.price).toEqual({ input: 0.06, output: 0.18 });
    expect(small.price.input).toBe(perMillion(litellmNumber('mistral/mistral-small-3-2-2506', 'input_cost_per_token')));
    expect(small.price.output).toBe(perMillion(litellmNumber('mistral/mistral-small-3-2-2506', 'output_cost_per_token')));
  });

  it('mistral: where the lists disagree, genai-prices’ price is kept', () => {
    const large = model('mistral', 'mistral-large-latest');
    expect(perMillion(litellmNumber('mistral/mistral-large-latest', 'input_cost_per_token'))).toBe(0.5);
    expect(large.price).toEqual({ input: 2, output: 6 });
    expect(large.priceSource.list).toBe('genai-prices');
  });

  it('bedrock: in-region ids cost more than the global cross-region profile, as genai-prices lists them', () => {
    expect(model('bedrock', 'anthropic.claude-sonnet-4-6').price).toEqual({ input: 3.3, output: 16.5, cachedInput: 0.33 });
    expect(model('bedrock', 'global.anthropic.claude-sonnet-4-6').price).toEqual({ input: 3, output: 15, cachedInput: 0.3 });
  });

  it('azure-openai: priced through genai-prices’ fallback to OpenAI', () => {
    expect(model('azure-openai', 'gpt-4o').price).toEqual({ input: 2.5, output: 10, cachedInput: 1.25 });
  });
});
