import { describe, expect, it } from 'vitest';
import { findModel, priceFor } from '@/src/catalog/catalog';
import { estimateInputCost, estimateTokens, roughTokenCount } from '@/src/page/estimate';
import { formatUsd, formatUsdPair } from '@/src/shared/money';
import { pricesWith } from '@/src/usage/prices';

const catalogPrices = pricesWith(findModel);

describe('token estimate', () => {
  it('counts with the o200k tokenizer (loaded on demand)', async () => {
    expect(await estimateTokens('hello world')).toEqual({ tokens: 2, counted: true });
    const long = 'The tide comes in twice a day. '.repeat(1000);
    const { tokens, counted } = await estimateTokens(long);
    expect(counted).toBe(true);
    // Close to, but not the same as, the four-characters-a-token rule.
    expect(tokens).toBeGreaterThan(long.length / 8);
    expect(tokens).toBeLessThan(long.length / 2);
  });

  it('the rough rule is a quarter of the characters, rounded up', () => {
    expect(roughTokenCount('')).toBe(0);
    expect(roughTokenCount('abcde')).toBe(2);
  });
});

describe('input cost estimate', () => {
  it('prices the tokens at the model’s catalog input price per 1M tokens', () => {
    const model = findModel('openai', 'chatgpt-4o-latest');
    expect(model).toBeDefined();
    const inputPerMillion = priceFor(model!)?.input ?? NaN;
    expect(estimateInputCost(1_000_000, { provider: 'openai', id: 'chatgpt-4o-latest' }, catalogPrices)).toBeCloseTo(inputPerMillion, 10);
    expect(estimateInputCost(2_500, { provider: 'openai', id: 'chatgpt-4o-latest' }, catalogPrices)).toBeCloseTo((2_500 * inputPerMillion) / 1_000_000, 12);
  });

  it('uses the price tier a long prompt reaches', () => {
    const model = findModel('gemini', 'gemini-1.5-flash');
    const price = model ? priceFor(model) : undefined;
    const tier = price?.tiers?.[0];
    expect(tier).toBeDefined();
    const above = tier!.above + 1000;
    expect(estimateInputCost(above, { provider: 'gemini', id: 'gemini-1.5-flash' }, catalogPrices)).toBeCloseTo((above * tier!.input) / 1_000_000, 10);
    expect(estimateInputCost(1000, { provider: 'gemini', id: 'gemini-1.5-flash' }, catalogPrices)).toBeCloseTo((1000 * price!.input) / 1_000_000, 12);
  });

  it('resolves dated ids to their catalog entry', () => {
    expect(estimateInputCost(1_000_000, { provider: 'anthropic', id: 'claude-3-5-sonnet' }, catalogPrices)).toBeGreaterThan(0);
    expect(estimateInputCost(1_000_000, { provider: 'anthropic', id: 'claude-3-5-sonnet-20241022' }, catalogPrices)).toBe(
      estimateInputCost(1_000_000, { provider: 'anthropic', id: 'claude-3-5-sonnet' }, catalogPrices),
    );
  });

  it('local servers and the built-in model are free; unknown models have no price', () => {
    expect(estimateInputCost(50_000, { provider: 'ollama', id: 'llama3.2' }, catalogPrices)).toBe(0);
    expect(estimateInputCost(50_000, { provider: 'chrome-built-in', id: 'gemini-nano' }, catalogPrices)).toBe(0);
    expect(estimateInputCost(50_000, { provider: 'openai', id: 'no-such-model-xyz' }, catalogPrices)).toBeUndefined();
  });

});

describe('the money formatter', () => {
  it('formats small amounts readably: two decimals from a dollar, two significant digits below', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.00001)).toBe('<$0.0001');
    expect(formatUsd(0.0001)).toBe('$0.0001');
    expect(formatUsd(0.00421)).toBe('$0.0042');
    expect(formatUsd(0.05)).toBe('$0.05');
    expect(formatUsd(0.1234)).toBe('$0.12');
    expect(formatUsd(1.235)).toBe('$1.24');
    expect(formatUsd(1_000_000)).toBe('$1,000,000.00');
    expect(formatUsd(-0.57)).toBe('-$0.57');
  });

  it('two amounts side by side get the digits it takes to tell them apart', () => {
    expect(formatUsdPair(0.0104, 0.01)).toEqual(['$0.0104', '$0.01']);
    expect(formatUsdPair(0.0149, 0.01)).toEqual(['$0.015', '$0.01']);
    expect(formatUsdPair(12.304, 12.3)).toEqual(['$12.304', '$12.30']);
    expect(formatUsdPair(0.00005, 0.0001)).toEqual(['$0.00005', '$0.0001']);
    expect(formatUsdPair(10, 10)).toEqual(['$10.00', '$10.00']);
  });
});
