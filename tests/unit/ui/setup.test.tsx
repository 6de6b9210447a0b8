// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { PROVIDERS } from '@/src/providers/definitions';
import { KEY_PAGES } from '@/src/providers/key-pages';
import { ABSENT, SLOW, STRONG_PASSPHRASE, UNLOCKED, expectNotSent, installBackend, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

function renderSetup() {
  const backend = installBackend(send, {
    'vault.status': () => ABSENT,
    'vault.create': () => UNLOCKED,
    'keys.list': () => ({ keys: [] }),
    'vault.import': () => ({ added: 2, skipped: 0 }),
  });
  render(<OptionsApp />);
  return backend;
}

async function fillPassphrases(passphrase: string, confirmation: string) {
  const input = (await screen.findByLabelText('Passphrase')) as HTMLInputElement;
  const confirm = screen.getByLabelText('Confirm passphrase') as HTMLInputElement;
  fireEvent.input(input, { target: { value: passphrase } });
  fireEvent.input(confirm, { target: { value: confirmation } });
  return { input, confirm };
}

describe('vault setup', () => {
  it('shows the create form with password inputs when there is no vault', async () => {
    renderSetup();
    const input = await screen.findByLabelText('Passphrase');
    expect(input).toHaveProperty('type', 'password');
    expect(screen.getByLabelText('Confirm passphrase')).toHaveProperty('type', 'password');
    expect(screen.getByRole('button', { name: 'Create vault' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Restore from a backup file' })).toBeTruthy();
  });

  it('refuses a weak passphrase with zxcvbn’s reason and does not create the vault', async () => {
    const backend = renderSetup();
    await fillPassphrases('password1', 'password1');
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert.textContent).toContain('too easy to guess');
    expect(alert.textContent).toContain('This is similar to a commonly used password.');
    expectNotSent(backend, 'vault.create');
  });

  it('refuses a product-related passphrase with zxcvbn’s reason', async () => {
    const backend = renderSetup();
    await fillPassphrases('keyward2024', 'keyward2024');
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert.textContent).toContain('There should not be any personal or page related data.');
    expectNotSent(backend, 'vault.create');
  });

  it('refuses a mismatched confirmation', async () => {
    const backend = renderSetup();
    await fillPassphrases(STRONG_PASSPHRASE, `${STRONG_PASSPHRASE}!`);
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert.textContent).toContain('do not match');
    expectNotSent(backend, 'vault.create');
  });

  it('shows the strength computed by zxcvbn while typing, without keeping the passphrase', async () => {
    renderSetup();
    await fillPassphrases('password1', '');
    await screen.findByText('Strength: Very weak', {}, SLOW);
    const meter = screen.getByRole('meter', { name: 'Passphrase strength' });
    expect(meter.getAttribute('value')).toBe('0');
    const input = screen.getByLabelText('Passphrase');
    fireEvent.input(input, { target: { value: STRONG_PASSPHRASE } });
    await screen.findByText('Strength: Very strong', {}, SLOW);
    expect(document.body.textContent).not.toContain(STRONG_PASSPHRASE);
  });

  it('sends vault.create with a strong passphrase, clears both inputs, then shows the keys', async () => {
    const backend = renderSetup();
    const { input, confirm } = await fillPassphrases(STRONG_PASSPHRASE, STRONG_PASSPHRASE);
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    await waitFor(() => expect(sent(backend, 'vault.create')).toEqual([{ passphrase: STRONG_PASSPHRASE }]), SLOW);
    await screen.findByRole('tab', { name: 'Keys', selected: true });
    expect(input.value).toBe('');
    expect(confirm.value).toBe('');
    expect(screen.queryByLabelText('Passphrase')).toBeNull();
    expect(screen.getByText(/Vault created and unlocked/)).toBeTruthy();
  });

  it('suggests six random words: fills both fields, shows them once, and creates the vault with them', async () => {
    const backend = renderSetup();
    const input = (await screen.findByLabelText('Passphrase')) as HTMLInputElement;
    const confirm = screen.getByLabelText('Confirm passphrase') as HTMLInputElement;
    fireEvent.click(screen.getByRole('button', { name: 'Suggest a passphrase' }));
    const shown = await screen.findByText((_text, element) => element?.classList.contains('suggested-passphrase') ?? false, {}, SLOW);
    const suggestion = shown.textContent ?? '';
    expect(suggestion.split(' ')).toHaveLength(6);
    expect([input.value, confirm.value]).toEqual([suggestion, suggestion]);
    await screen.findByText(/Strength: (Strong|Very strong)/, {}, SLOW);
    // Typing over it hides it: it is no longer the passphrase in the field.
    fireEvent.input(input, { target: { value: `${suggestion} x` } });
    expect(screen.queryByText(suggestion)).toBeNull();
    fireEvent.input(input, { target: { value: suggestion } });
    fireEvent.click(screen.getByRole('button', { name: 'Create vault' }));
    await waitFor(() => expect(sent(backend, 'vault.create')).toEqual([{ passphrase: suggestion }]), SLOW);
    await screen.findByRole('tab', { name: 'Keys', selected: true });
    expect(document.body.textContent).not.toContain(suggestion);
  });

  it('restores a backup into the empty vault with the backup’s passphrase', async () => {
    const backend = renderSetup();
    const file = new File(['{"format":"keyward-vault-backup"}'], 'keyward-vault.json', { type: 'application/json' });
    fireEvent.change(await screen.findByLabelText('Backup file'), { target: { files: [file] } });
    const passphrase = screen.getByLabelText('Backup passphrase') as HTMLInputElement;
    fireEvent.input(passphrase, { target: { value: 'old backup passphrase' } });
    backend.mockClear();
    installBackend(send, {
      'vault.status': () => UNLOCKED,
      'vault.import': () => ({ added: 2, skipped: 0 }),
      'keys.list': () => ({ keys: [] }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Restore backup' }));
    await screen.findByRole('tab', { name: 'Keys' }, SLOW);
    expect(sent(backend, 'vault.import')).toEqual([{ content: '{"format":"keyward-vault-backup"}', passphrase: 'old backup passphrase' }]);
    expect(passphrase.value).toBe('');
    expect(screen.getByText(/Backup restored: 2 keys added/)).toBeTruthy();
  });
});

describe('the first-run welcome', () => {
  it('says what Keyward is, offers the vault and a key for this session only, and links each provider’s key page', async () => {
    renderSetup();
    const welcome = await screen.findByRole('region', { name: 'Welcome to Keyward' });
    expect(within(welcome).getByText(/chat with AI models/)).toBeTruthy();
    expect(within(welcome).getByRole('heading', { name: 'Keep your keys in an encrypted vault' })).toBeTruthy();
    // Issue 18 built session-only keys: the welcome offers them now, and no longer says they come later.
    expect(within(welcome).getByText(/Paste a key for this session only: it is never saved/)).toBeTruthy();
    expect(within(welcome).queryByText(/comes in a later version/)).toBeNull();
    const links = within(welcome).getAllByRole('link');
    const pages = Object.entries(KEY_PAGES);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    expect(links.map((link) => link.getAttribute('href'))).toEqual(pages.map(([, url]) => url));
    for (const [provider, url] of pages) {
      const link = within(welcome).getByRole('link', { name: `${PROVIDERS[provider as keyof typeof PROVIDERS].name} (opens in a new tab)` });
      expect(link.getAttribute('href')).toBe(url);
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toContain('noreferrer');
      expect(url).toMatch(/^https:\/\//);
    }
    // Local servers and a custom server have no key page.
    expect(KEY_PAGES.ollama).toBeUndefined();
    expect(KEY_PAGES.custom).toBeUndefined();
    // No on-device model in this browser: that choice is not offered.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(within(welcome).queryByRole('heading', { name: 'Use the model built into this browser' })).toBeNull();
  });

  it('offers the keyless on-device model where the browser has it', async () => {
    vi.stubGlobal('LanguageModel', { availability: async () => 'available', create: async () => ({}) });
    try {
      renderSetup();
      const welcome = await screen.findByRole('region', { name: 'Welcome to Keyward' });
      expect(await within(welcome).findByRole('heading', { name: 'Use the model built into this browser' })).toBeTruthy();
      expect(within(welcome).getByText(/pick "Chrome built-in \(on this device\)" in the model list/)).toBeTruthy();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
