// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findModel, priceFor } from '@/src/catalog/catalog';
import { send } from '@/src/messaging/client';
import { DEFAULT_SPEND_SETTINGS } from '@/src/settings/settings-store';
import { clearPrices } from '@/src/ui/chat/prices';
import { ContextChip } from '@/src/ui/sidepanel/ContextChip';
import { stalenessOf, type ContextChipData } from '@/src/ui/sidepanel/use-page-context';
import { installBackend } from '../ui/fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

beforeEach(() => {
  clearPrices();
  installBackend(send, { 'spendSettings.get': () => DEFAULT_SPEND_SETTINGS });
});
afterEach(cleanup);

const chip: ContextChipData = {
  id: 'chip-1',
  kind: 'page',
  title: 'How tides work',
  url: 'https://www.ocean.example/tides',
  text: 'hello world',
  totalChars: 11,
  truncated: false,
  tabId: 3,
  source: 'page',
};

describe('the context chip', () => {
  it('shows the token count and the input cost for the selected model before anything is sent', async () => {
    render(<ContextChip chip={chip} model={{ provider: 'openai', id: 'chatgpt-4o-latest', name: 'chatgpt-4o-latest' }} staleness={undefined} onRemove={vi.fn()} onNeverSend={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId('chip-tokens').textContent).toBe('≈ 2 tokens'));
    const perMillion = priceFor(findModel('openai', 'chatgpt-4o-latest')!)!.input;
    expect((2 * perMillion) / 1e6).toBeLessThan(0.0001);
    expect(screen.getByTestId('chip-cost').textContent).toBe(' · ≈ <$0.0001 to send with chatgpt-4o-latest');
    expect(screen.getByRole('region', { name: 'Attached context: How tides work' })).toBeTruthy();
    expect(screen.getByText('www.ocean.example')).toBeTruthy();
  });

  it("prices the text at the user's own price for the model, where set", async () => {
    installBackend(send, {
      'spendSettings.get': () => ({ ...DEFAULT_SPEND_SETTINGS, priceOverrides: [{ provider: 'openai', model: 'gpt-4o-mini', input: 100, output: 100 }] }),
    });
    const long = { ...chip, text: 'hello world '.repeat(1000) };
    render(<ContextChip chip={long} model={{ provider: 'openai', id: 'gpt-4o-mini', name: 'gpt-4o-mini' }} staleness={undefined} onRemove={vi.fn()} onNeverSend={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId('chip-tokens').textContent).toBe('≈ 2,001 tokens'));
    // 2,001 tokens at $100 per 1M; the catalog's $0.15 would make it $0.0003.
    expect(screen.getByTestId('chip-cost').textContent).toBe(' · ≈ $0.20 to send with gpt-4o-mini');
  });

  it('says when the model is free, unpriced, or not chosen yet', async () => {
    const { rerender } = render(<ContextChip chip={chip} model={{ provider: 'ollama', id: 'llama3', name: 'llama3' }} staleness={undefined} onRemove={vi.fn()} onNeverSend={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId('chip-cost').textContent).toBe(' · free with llama3'));
    rerender(<ContextChip chip={chip} model={{ provider: 'openai', id: 'mystery-model', name: 'mystery-model' }} staleness={undefined} onRemove={vi.fn()} onNeverSend={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId('chip-cost').textContent).toBe(' · price of mystery-model unknown'));
    rerender(<ContextChip chip={chip} model={undefined} staleness={undefined} onRemove={vi.fn()} onNeverSend={vi.fn()} />);
    await waitFor(() => expect(screen.getByTestId('chip-cost').textContent).toBe(' · Pick a model to see what it costs.'));
  });

  it('expands to the exact text, and can be removed or its site never sent', async () => {
    const onRemove = vi.fn();
    const onNeverSend = vi.fn();
    const long = { ...chip, text: '# Tides\n\n<script>alert(1)</script> text', truncated: true, totalChars: 250_000 };
    render(<ContextChip chip={long} model={undefined} staleness="other-tab" onRemove={onRemove} onNeverSend={onNeverSend} />);
    expect(screen.getByText(/only the first 39 of 250,000 characters are attached/)).toBeTruthy();
    expect(screen.getByText(/From another tab/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show text' }));
    const text = screen.getByLabelText('Attached text of How tides work');
    // Shown as text, never as markup.
    expect(text.textContent).toBe(long.text);
    expect(text.querySelector('script')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove How tides work from the next message' }));
    expect(onRemove).toHaveBeenCalledOnce();
    fireEvent.click(within(screen.getByTestId('context-chip')).getByLabelText('Never send this site'));
    expect(onNeverSend).toHaveBeenCalledOnce();
  });
});

describe('which chips are about another page', () => {
  it('a chip from another tab, or from a page its tab has left', () => {
    expect(stalenessOf(chip, { tabId: 3, url: 'https://www.ocean.example/tides#h2' })).toBeUndefined();
    expect(stalenessOf(chip, { tabId: 4, url: 'https://www.ocean.example/tides' })).toBe('other-tab');
    expect(stalenessOf(chip, { tabId: 3, url: 'https://www.ocean.example/other' })).toBe('other-page');
    expect(stalenessOf(chip, { tabId: 3 })).toBeUndefined();
    const { tabId: _tabId, ...withoutTab } = chip;
    expect(stalenessOf(withoutTab, { tabId: 8, url: 'https://elsewhere.example/' })).toBe('other-tab');
  });
});
