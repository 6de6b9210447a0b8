// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi, type Mock } from 'vitest';
import { send } from '@/src/messaging/client';
import type { KeyView } from '@/src/vault/schemas';
import { browser } from '@/src/platform/browser';
import { AppError } from '@/src/shared/errors';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { phrase } from '@/src/shared/i18n/text';
import { UNLOCKED, expectNotSent, installBackend, keyView, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/platform/browser', () => ({
  browser: { permissions: { contains: vi.fn(async () => true), request: vi.fn(async () => true) } },
}));

const HOUR = 3600_000;

const VAULT_PASSPHRASE = 'the vault passphrase';

function setUp(keys: KeyView[]) {
  const backend = installBackend(send, {
    'vault.status': () => UNLOCKED,
    'keys.list': () => ({ keys }),
    'keys.delete': ({ id }) => ({ id }),
    'keys.update': ({ id, label, settings, passphrase }) => {
      const key = keys.find((view) => view.id === id) as KeyView;
      if (settings && passphrase !== VAULT_PASSPHRASE) throw new AppError('WRONG_PASSPHRASE', 'That passphrase is not correct. Your keys are untouched; try again.');
      return { ...key, ...(label ? { label } : {}), ...(settings ? { settings } : {}) };
    },
    'keys.rotate': ({ id }) => ({ ...(keys.find((view) => view.id === id) as KeyView), rotatedAt: Date.now(), formatWarnings: [phrase('warning_awsSessionToken')] }),
  });
  render(<OptionsApp />);
  return backend;
}

async function row(label: string): Promise<HTMLElement> {
  return screen.findByRole('listitem', { name: label });
}

describe('key list', () => {
  it('groups keys by provider and shows label, mask, times, warnings', async () => {
    const work = keyView({
      label: 'Work',
      masked: 'sk-…Wxyz',
      createdAt: Date.now() - 3 * 24 * HOUR,
      rotatedAt: Date.now() - 2 * HOUR,
      lastUsedAt: Date.now() - 5 * 60_000,
      formatWarnings: [phrase('warning_whitespace', phrase('error_field_apiKey'))],
    });
    const claude = keyView({ provider: 'anthropic', label: 'Claude', masked: 'sk-…9876' });
    const local = keyView({ provider: 'ollama', label: 'Laptop', masked: '', settings: { baseUrl: 'http://localhost:11434' } });
    setUp([work, claude, local]);

    const openai = await screen.findByRole('region', { name: /OpenAI/ });
    expect(within(openai).getByText('Work')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: /Anthropic/ })).getByText('Claude')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: /Ollama/ })).getByText('No key stored')).toBeTruthy();

    const workRow = await row('Work');
    expect(within(workRow).getByText('sk-…Wxyz')).toBeTruthy();
    // Its age counts from the rotation (2 hours ago), with the exact time on hover; then when it was last used.
    const age = within(workRow).getByTestId('key-age');
    expect(age.textContent).toBe('rotated today');
    expect(age.getAttribute('dateTime')).toBe(new Date(work.rotatedAt!).toISOString());
    expect(age.getAttribute('title')).toBeTruthy();
    expect(within(workRow).getByText('5 minutes ago').getAttribute('title')).toBeTruthy();
    // One date per fact: the age line says when it was added or rotated, not a second "Added" line.
    expect(within(workRow).queryByText('Added')).toBeNull();
    const warning = within(workRow).getByText('The API key contains a space or line break; keys usually have none.');
    expect(warning.closest('.warning')).not.toBeNull();
    expect(within(await row('Claude')).getByText('never')).toBeTruthy();
  });

  it('marks a damaged record, explains it, and offers only Delete', async () => {
    setUp([keyView({ label: 'Broken', masked: '', damaged: true })]);
    const broken = await row('Broken');
    expect(within(broken).getByText('Damaged')).toBeTruthy();
    expect(within(broken).getByText(/could not be decrypted/)).toBeTruthy();
    expect(within(broken).getByRole('button', { name: 'Delete' })).toBeTruthy();
    for (const name of ['Rename', 'Edit settings', 'Rotate']) expect(within(broken).queryByRole('button', { name })).toBeNull();
  });

  it('asks for confirmation, naming the key, before sending keys.delete', async () => {
    const target = keyView({ label: 'Old key' });
    const backend = setUp([target, keyView({ label: 'Keep me' })]);
    fireEvent.click(within(await row('Old key')).getByRole('button', { name: 'Delete' }));

    let dialog = screen.getByRole('dialog', { name: 'Delete this key?' });
    expect(dialog.textContent).toContain('"Old key" (OpenAI)');
    expectNotSent(backend, 'keys.delete');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expectNotSent(backend, 'keys.delete');

    fireEvent.click(within(await row('Old key')).getByRole('button', { name: 'Delete' }));
    dialog = screen.getByRole('dialog', { name: 'Delete this key?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete key' }));
    await waitFor(() => expect(sent(backend, 'keys.delete')).toEqual([{ id: target.id }]));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Old key' })).toBeNull());
    expect(screen.getByRole('listitem', { name: 'Keep me' })).toBeTruthy();
    expect(within(screen.getByRole('status', { name: 'Notifications' })).getByText('Deleted "Old key".')).toBeTruthy();
  });

  it('Escape closes the delete dialog without deleting', async () => {
    const backend = setUp([keyView({ label: 'Escape me' })]);
    fireEvent.click(within(await row('Escape me')).getByRole('button', { name: 'Delete' }));
    fireEvent(screen.getByRole('dialog'), new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expectNotSent(backend, 'keys.delete');
  });

  it('renames a key inline', async () => {
    const key = keyView({ label: 'Before' });
    const backend = setUp([key]);
    fireEvent.click(within(await row('Before')).getByRole('button', { name: 'Rename' }));
    const input = within(await row('Before')).getByLabelText('Label');
    fireEvent.change(input, { target: { value: 'After' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save label' }));
    await waitFor(() => expect(sent(backend, 'keys.update')).toEqual([{ id: key.id, label: 'After' }]));
    expect(await row('After')).toBeTruthy();
  });

  it('edits provider settings and keeps the Bedrock auth mode', async () => {
    const key = keyView({ provider: 'bedrock', label: 'AWS', masked: 'AKI…MPLE', settings: { region: 'us-east-1', bedrockAuth: 'sigv4' } });
    const backend = setUp([key]);
    fireEvent.click(within(await row('AWS')).getByRole('button', { name: 'Edit settings' }));
    const region = within(await row('AWS')).getByLabelText('Region') as HTMLInputElement;
    expect(region.value).toBe('us-east-1');
    expect((within(await row('AWS')).getByLabelText('Authentication') as HTMLSelectElement).disabled).toBe(true);
    fireEvent.change(region, { target: { value: 'eu-central-1' } });
    const passphrase = within(await row('AWS')).getByLabelText('Vault passphrase') as HTMLInputElement;
    expect([passphrase.type, passphrase.autocomplete]).toEqual(['password', 'off']);
    fireEvent.input(passphrase, { target: { value: VAULT_PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(sent(backend, 'keys.update')).toEqual([{ id: key.id, settings: { region: 'eu-central-1', bedrockAuth: 'sigv4' }, passphrase: VAULT_PASSPHRASE }]),
    );
    expect(passphrase.value).toBe('');
  });

  it('does not send new settings without the passphrase, and shows a wrong one without saving', async () => {
    const key = keyView({ label: 'Proxy', settings: { baseUrl: 'https://api.openai.com/v1' } });
    const backend = setUp([key]);
    fireEvent.click(within(await row('Proxy')).getByRole('button', { name: 'Edit settings' }));
    fireEvent.change(within(await row('Proxy')).getByLabelText('Base URL'), { target: { value: 'https://api.openai.com/v2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter your vault passphrase');
    expectNotSent(backend, 'keys.update');

    const passphrase = within(await row('Proxy')).getByLabelText('Vault passphrase') as HTMLInputElement;
    fireEvent.input(passphrase, { target: { value: 'not the passphrase' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That passphrase is not correct'));
    expect(sent(backend, 'keys.update')).toHaveLength(1);
    expect(passphrase.value).toBe('');
    // Still editing: nothing saved, the row still shows the old address.
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeTruthy();
    expect(within(await row('Proxy')).getByText('https://api.openai.com/v1')).toBeTruthy();
  });

  it('does not save settings whose server the user refused access to', async () => {
    const permissions = browser.permissions as unknown as { contains: Mock<() => Promise<boolean>>; request: Mock<() => Promise<boolean>> };
    permissions.contains.mockResolvedValue(false);
    permissions.request.mockResolvedValue(false);
    try {
      const key = keyView({ label: 'Proxy', settings: { baseUrl: 'https://proxy.example.com/v1' } });
      const backend = setUp([key]);
      fireEvent.click(within(await row('Proxy')).getByRole('button', { name: 'Edit settings' }));
      fireEvent.change(within(await row('Proxy')).getByLabelText('Base URL'), { target: { value: 'https://elsewhere.example.net/v1' } });
      fireEvent.input(within(await row('Proxy')).getByLabelText('Vault passphrase'), { target: { value: VAULT_PASSPHRASE } });
      fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
      expect((await screen.findByRole('alert')).textContent).toContain('Nothing was saved: Keyward may not connect to https://elsewhere.example.net');
      expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://elsewhere.example.net/*'] });
      expectNotSent(backend, 'keys.update');
    } finally {
      permissions.contains.mockImplementation(async () => true);
      permissions.request.mockImplementation(async () => true);
    }
  });

  it('unchanged settings close the form without a request', async () => {
    const key = keyView({ label: 'Same', settings: { baseUrl: 'https://api.openai.com/v1' } });
    const backend = setUp([key]);
    fireEvent.click(within(await row('Same')).getByRole('button', { name: 'Edit settings' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull());
    expectNotSent(backend, 'keys.update');
  });

  it('rotates a key with a new secret and shows the new warnings', async () => {
    const key = keyView({ label: 'Rotate me' });
    const backend = setUp([key]);
    fireEvent.click(within(await row('Rotate me')).getByRole('button', { name: 'Rotate' }));
    const input = within(await row('Rotate me')).getByLabelText('API key') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.change(input, { target: { value: 'sk-new-secret-value-0123456789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save new key' }));
    await waitFor(() => expect(sent(backend, 'keys.rotate')).toEqual([{ id: key.id, secret: { apiKey: 'sk-new-secret-value-0123456789' } }]));
    expect(input.value).toBe('');
    expect(await screen.findAllByText(/also need their session token/)).toHaveLength(2);
  });
});
