// @vitest-environment happy-dom
import { phrase, pluralPhrase } from '@/src/shared/i18n/text';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import type { FallbackChain, Settings } from '@/src/settings/schemas';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { moveStep } from '@/src/ui/options/routing/chain-draft';
import { SETTINGS, UNLOCKED, installBackend, keyView, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/platform/browser', () => ({
  browser: { permissions: { contains: vi.fn(async () => true), request: vi.fn(async () => true) } },
}));

const primary = keyView({ label: 'Primary', provider: 'openai' });
const backup = keyView({ label: 'Backup', provider: 'anthropic', masked: 'sk-…9876' });

function setUp(initial: Settings = SETTINGS) {
  let settings = initial;
  const backend = installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys: [primary, backup] }),
    'settings.get': () => settings,
    'settings.update': (update) => {
      settings = {
        ...settings,
        ...(update.fallbackChains ? { fallbackChains: update.fallbackChains } : {}),
        ...(update.requestsPerMinutePerKey === undefined ? {} : { requestsPerMinutePerKey: update.requestsPerMinutePerKey }),
      };
      return settings;
    },
    'keys.test': (request) =>
      'id' in request
        ? { result: 'key-rejected', phrase: phrase('provider_keyRejected', 'OpenAI') }
        : { result: 'works', phrase: pluralPhrase('connection_works', 3, 'OpenAI'), models: 3 },
  });
  location.hash = '#routing';
  render(<OptionsApp />);
  return backend;
}

describe('fallback chains and request limit', () => {
  it('builds an ordered chain from the keys and saves it through settings.update', async () => {
    const backend = setUp();
    fireEvent.click(await screen.findByRole('button', { name: 'New fallback chain' }));
    fireEvent.change(screen.getByLabelText('Chain name'), { target: { value: 'Cheap first' } });
    const first = screen.getByRole('listitem', { name: 'Step 1' });
    fireEvent.change(within(first).getByLabelText('Key'), { target: { value: backup.id } });
    fireEvent.change(within(first).getByLabelText('Model'), { target: { value: 'claude-haiku-4-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add a step' }));
    const second = screen.getByRole('listitem', { name: 'Step 2' });
    fireEvent.change(within(second).getByLabelText('Key'), { target: { value: primary.id } });
    fireEvent.change(within(second).getByLabelText('Model'), { target: { value: ' gpt-4o-mini ' } });
    // The user decides the OpenAI model should go first.
    fireEvent.click(within(second).getByRole('button', { name: 'Move up' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save chain' }));

    await waitFor(() => expect(sent(backend, 'settings.update')).toHaveLength(1));
    const [update] = sent(backend, 'settings.update');
    expect(update?.fallbackChains?.[0]).toMatchObject({
      name: 'Cheap first',
      targets: [
        { keyId: primary.id, model: 'gpt-4o-mini' },
        { keyId: backup.id, model: 'claude-haiku-4-5' },
      ],
    });
    const saved = await screen.findByRole('listitem', { name: 'Cheap first' });
    expect(saved.textContent).toContain('gpt-4o-mini · Primary (OpenAI)');
  });

  it('refuses an incomplete chain without saving', async () => {
    const backend = setUp();
    fireEvent.click(await screen.findByRole('button', { name: 'New fallback chain' }));
    fireEvent.change(screen.getByLabelText('Chain name'), { target: { value: 'Half done' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save chain' }));
    expect((await screen.findByRole('alert')).textContent).toContain('a key and a model for every step');
    expect(sent(backend, 'settings.update')).toEqual([]);
  });

  it('deletes a chain and labels steps whose key was deleted', async () => {
    const chain: FallbackChain = { id: 'c1', name: 'Old', targets: [{ keyId: 'gone', model: 'gpt-4o' }] };
    const backend = setUp({ ...SETTINGS, fallbackChains: [chain] });
    const item = await screen.findByRole('listitem', { name: 'Old' });
    expect(item.textContent).toContain('gpt-4o · deleted key');
    fireEvent.click(within(item).getByRole('button', { name: 'Delete chain' }));
    // Asked first, naming the chain; nothing is saved until the dialog's own button.
    const dialog = await screen.findByRole('dialog', { name: 'Delete this fallback chain?' });
    expect(dialog.textContent).toContain('The fallback chain "Old" will be deleted.');
    expect(sent(backend, 'settings.update')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete chain' }));
    await waitFor(() => expect(sent(backend, 'settings.update')).toEqual([{ fallbackChains: [] }]));
    expect(await screen.findByText('No fallback chains yet.')).toBeTruthy();
  });

  it('saves the per-key request limit', async () => {
    const backend = setUp();
    const input = await screen.findByLabelText('Requests per minute, per key');
    fireEvent.change(input, { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));
    await waitFor(() => expect(sent(backend, 'settings.update')).toEqual([{ requestsPerMinutePerKey: 12 }]));
    expect(await screen.findByText('Each key now takes at most 12 requests a minute.')).toBeTruthy();
  });

  it('moveStep swaps neighbours and ignores moves past either end', () => {
    const steps = [{ keyId: 'a', model: '1' }, { keyId: 'b', model: '2' }];
    expect(moveStep(steps, 1, -1).map((step) => step.keyId)).toEqual(['b', 'a']);
    expect(moveStep(steps, 0, -1).map((step) => step.keyId)).toEqual(['a', 'b']);
  });
});

describe('test connection', () => {
  it('tests a saved key by id and shows the verdict', async () => {
    const backend = installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [primary] }),
      'keys.test': () => ({ result: 'key-rejected', phrase: phrase('provider_keyRejected', 'OpenAI') }),
    });
    render(<OptionsApp />);
    const row = await screen.findByRole('listitem', { name: 'Primary' });
    fireEvent.click(within(row).getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(sent(backend, 'keys.test')).toEqual([{ id: primary.id }]));
    expect((await within(row).findByRole('status', { name: 'Connection test result' })).textContent).toBe('Key rejected: OpenAI rejected the API key. Check that it was copied in full and has not been revoked, then save it again.');
  });

  it('tests the add form before saving, with the typed secret, and saves nothing', async () => {
    const backend = installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [] }),
      'keys.test': () => ({ result: 'works', phrase: pluralPhrase('connection_works', 3, 'OpenAI'), models: 3 }),
    });
    render(<OptionsApp />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add key' }));
    fireEvent.change(screen.getByLabelText('API key'), { target: { value: 'sk-proj-typed-but-not-saved-0123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(sent(backend, 'keys.test')).toEqual([{ draft: { provider: 'openai', secret: { apiKey: 'sk-proj-typed-but-not-saved-0123' }, settings: {} } }]),
    );
    expect((await screen.findByRole('status', { name: 'Connection test result' })).textContent).toBe('Works: Connected to OpenAI: 3 models available.');
    expect(sent(backend, 'keys.add')).toEqual([]);
  });
});
