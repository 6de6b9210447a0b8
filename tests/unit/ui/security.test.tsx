// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import { AUTO_LOCK_CHOICES } from '@/src/settings/schemas';
import type { VaultStatus } from '@/src/vault/schemas';
import { AUTO_LOCK_MINUTES } from '@/src/ui/options/security/AutoLockSetting';
import { AppError } from '@/src/shared/errors';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { ABSENT, LOCKED, SETTINGS, SLOW, STRONG_PASSPHRASE, UNLOCKED, expectNotSent, installBackend, keyView, sent } from './fake-backend';
import type { KeyView } from '@/src/vault/schemas';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

const wrong = () => new AppError('WRONG_PASSPHRASE', 'That passphrase is not correct. Your keys are untouched; try again.');

function setUp(initial: VaultStatus = UNLOCKED, keys: KeyView[] = []) {
  let status = initial;
  let settings = SETTINGS;
  const backend = installBackend(send, {
    'vault.status': () => status,
    'keys.list': () => ({ keys }),
    'settings.get': () => settings,
    'settings.update': ({ passphrase, ...update }) => {
      // Like the background: a longer delay needs the passphrase (15 is the starting value).
      const reach = (value: unknown) => (value === 'browser-close' ? Infinity : Number(value));
      if (update.autoLock !== undefined && reach(update.autoLock) > reach(settings.autoLock) && passphrase !== 'the old passphrase') throw wrong();
      settings = { ...settings, ...update };
      return settings;
    },
    'vault.wipe': ({ passphrase }) => {
      if (status.state === 'unlocked' && passphrase !== 'the old passphrase') throw wrong();
      status = ABSENT;
      return ABSENT;
    },
    'vault.changePassphrase': ({ current }) => {
      if (current !== 'the old passphrase') throw new AppError('WRONG_PASSPHRASE', 'That passphrase is not correct. Your keys are untouched; try again.');
      return UNLOCKED;
    },
  });
  render(<OptionsApp />);
  return backend;
}

async function openSecurity() {
  fireEvent.click(await screen.findByRole('tab', { name: 'Security' }));
  await screen.findByRole('heading', { name: 'Security' });
}

describe('security section', () => {
  it('moves between sections with the arrow keys (one tab stop)', async () => {
    setUp();
    const keys = await screen.findByRole('tab', { name: 'Keys' });
    expect(keys.getAttribute('tabindex')).toBe('0');
    expect(screen.getByRole('tab', { name: 'Security' }).getAttribute('tabindex')).toBe('-1');
    fireEvent.keyDown(keys, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Fallbacks and limits', selected: true })).toBe(document.activeElement);
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'Security', selected: true })).toBe(document.activeElement);
    expect(await screen.findByRole('button', { name: 'Lock now' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Backup', selected: true })).toBeTruthy();
    expect(screen.getByRole('tabpanel', { name: 'Backup' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Keys', selected: true })).toBeTruthy();
  });

  it('offers a way out when the vault cannot be read', async () => {
    let damaged = true;
    const backend = installBackend(send, {
      'vault.status': () => {
        if (damaged) throw new AppError('VAULT_DAMAGED', 'The vault header is damaged and cannot be read.');
        return ABSENT;
      },
      'vault.wipe': () => {
        damaged = false;
        return ABSENT;
      },
    });
    render(<OptionsApp />);
    expect((await screen.findByRole('alert')).textContent).toContain('The vault header is damaged');
    fireEvent.click(screen.getByText('Wipe the vault and start over'));
    fireEvent.change(screen.getByLabelText('Type "DELETE ALL KEYS" to confirm'), { target: { value: 'DELETE ALL KEYS' } });
    fireEvent.click(screen.getByRole('button', { name: 'Wipe vault' }));
    expect(await screen.findByRole('button', { name: 'Create vault' })).toBeTruthy();
    expect(sent(backend, 'vault.wipe')).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('explains what is stored where', async () => {
    setUp();
    await openSecurity();
    const text = document.body.textContent ?? '';
    for (const fact of ['AES-256-GCM', 'Argon2id', '64 MiB', 'IndexedDB', 'session storage', 'there is none', 'Auto-lock']) {
      expect(text).toContain(fact);
    }
  });

  it('names the keys a wipe would delete', async () => {
    setUp(UNLOCKED, [keyView({ label: 'Work' }), keyView({ label: 'Personal', provider: 'anthropic' })]);
    await openSecurity();
    const input = screen.getByLabelText('Type "DELETE ALL KEYS" to confirm');
    const loses = await screen.findByText('Keys that will be deleted: Work and Personal.');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(loses.id);
  });

  it('wipes the vault only after the exact confirmation phrase and the passphrase', async () => {
    const backend = setUp();
    await openSecurity();
    expect(await screen.findByText('The vault holds no keys.')).toBeTruthy();
    const input = screen.getByLabelText('Type "DELETE ALL KEYS" to confirm');
    const wipe = screen.getByRole('button', { name: 'Wipe vault' });
    const form = screen.getByRole('form', { name: 'Wipe vault' });
    const passphrase = within(form).getByLabelText('Vault passphrase') as HTMLInputElement;
    expect([passphrase.type, passphrase.autocomplete]).toEqual(['password', 'off']);
    fireEvent.input(passphrase, { target: { value: 'the old passphrase' } });

    fireEvent.click(wipe);
    expect((await screen.findByRole('alert')).textContent).toContain('exactly');
    fireEvent.change(input, { target: { value: 'delete all keys' } });
    fireEvent.click(wipe);
    await screen.findByRole('alert');
    fireEvent.change(input, { target: { value: 'DELETE ALL KEYS ' } });
    fireEvent.click(wipe);
    await screen.findByRole('alert');
    expectNotSent(backend, 'vault.wipe');

    fireEvent.change(input, { target: { value: 'DELETE ALL KEYS' } });
    fireEvent.input(passphrase, { target: { value: 'the old passphrase' } });
    fireEvent.click(wipe);
    await waitFor(() => expect(sent(backend, 'vault.wipe')).toEqual([{ confirm: 'DELETE ALL KEYS', passphrase: 'the old passphrase' }]));
    expect(await screen.findByRole('button', { name: 'Create vault' })).toBeTruthy();
  });

  it('does not wipe an unlocked vault without the passphrase, nor with a wrong one', async () => {
    const backend = setUp();
    await openSecurity();
    const form = screen.getByRole('form', { name: 'Wipe vault' });
    const passphrase = within(form).getByLabelText('Vault passphrase') as HTMLInputElement;
    fireEvent.change(screen.getByLabelText('Type "DELETE ALL KEYS" to confirm'), { target: { value: 'DELETE ALL KEYS' } });
    fireEvent.click(screen.getByRole('button', { name: 'Wipe vault' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter your vault passphrase');
    expectNotSent(backend, 'vault.wipe');

    fireEvent.input(passphrase, { target: { value: 'not it' } });
    fireEvent.click(screen.getByRole('button', { name: 'Wipe vault' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That passphrase is not correct'));
    expect(sent(backend, 'vault.wipe')).toEqual([{ confirm: 'DELETE ALL KEYS', passphrase: 'not it' }]);
    expect(passphrase.value).toBe('');
    // Still the unlocked security page, not the setup screen.
    expect(screen.getByRole('heading', { name: 'Security' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create vault' })).toBeNull();
  });

  it('offers a wipe behind “Forgot your passphrase?” when locked', async () => {
    const backend = setUp(LOCKED);
    fireEvent.click(await screen.findByText('Forgot your passphrase?'));
    fireEvent.change(screen.getByLabelText('Type "DELETE ALL KEYS" to confirm'), { target: { value: 'DELETE ALL KEYS' } });
    // Locked, a forgotten passphrase cannot be asked for: the typed phrase is the way out.
    expect(screen.queryByLabelText('Vault passphrase')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Wipe vault' }));
    await waitFor(() => expect(sent(backend, 'vault.wipe')).toEqual([{ confirm: 'DELETE ALL KEYS' }]));
  });

  it('offers exactly the auto-lock choices the schema accepts', () => {
    expect(AUTO_LOCK_MINUTES).toEqual(AUTO_LOCK_CHOICES);
  });

  it('reads and saves the auto-lock setting', async () => {
    const backend = setUp();
    await openSecurity();
    const select = screen.getByLabelText('Auto-lock') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('15'));
    const labels = [...select.options].map((option) => option.textContent);
    expect(labels).toEqual(['After 1 minute', 'After 5 minutes', 'After 15 minutes', 'After 30 minutes', 'After 1 hour', 'After 4 hours', 'When the browser closes']);
    // Shorter: saved at once, no passphrase.
    fireEvent.change(select, { target: { value: '5' } });
    await waitFor(() => expect(sent(backend, 'settings.update')).toEqual([{ autoLock: 5 }]));
    expect(await screen.findByText('Auto-lock setting saved.')).toBeTruthy();
    // Longer: only with the passphrase.
    fireEvent.change(select, { target: { value: '60' } });
    const confirm = await screen.findByRole('form', { name: 'Save auto-lock' });
    expect(confirm.textContent).toContain('after 1 hour');
    const passphrase = within(confirm).getByLabelText('Vault passphrase') as HTMLInputElement;
    expect([passphrase.type, passphrase.autocomplete]).toEqual(['password', 'off']);
    fireEvent.input(passphrase, { target: { value: 'the old passphrase' } });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Save auto-lock' }));
    await waitFor(() => expect(sent(backend, 'settings.update')).toEqual([{ autoLock: 5 }, { autoLock: 60, passphrase: 'the old passphrase' }]));
    await waitFor(() => expect(select.value).toBe('60'));
    expect(passphrase.value).toBe('');
    fireEvent.change(select, { target: { value: 'browser-close' } });
    const again = await screen.findByRole('form', { name: 'Save auto-lock' });
    fireEvent.input(within(again).getByLabelText('Vault passphrase'), { target: { value: 'the old passphrase' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Save auto-lock' }));
    await waitFor(() => expect(sent(backend, 'settings.update')).toHaveLength(3));
    expect(sent(backend, 'settings.update')[2]).toEqual({ autoLock: 'browser-close', passphrase: 'the old passphrase' });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Save auto-lock' })).toBeNull());
  });

  it('does not loosen auto-lock without the passphrase, nor with a wrong one', async () => {
    const backend = setUp();
    await openSecurity();
    const select = screen.getByLabelText('Auto-lock') as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('15'));
    fireEvent.change(select, { target: { value: '240' } });
    const confirm = await screen.findByRole('form', { name: 'Save auto-lock' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Save auto-lock' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter your vault passphrase');
    expectNotSent(backend, 'settings.update');

    const passphrase = within(confirm).getByLabelText('Vault passphrase') as HTMLInputElement;
    fireEvent.input(passphrase, { target: { value: 'not it' } });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Save auto-lock' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That passphrase is not correct'));
    expect(passphrase.value).toBe('');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(select.value).toBe('15'));
    expect(await send('settings.get', {})).toMatchObject({ autoLock: 15 });
  });

  it('tells users to rotate their keys at the providers after a passphrase leak, and why', async () => {
    setUp();
    await openSecurity();
    const form = screen.getByRole('form', { name: 'Change passphrase' });
    expect(form.textContent).toContain('If your old passphrase may have leaked, also create new keys at each provider and rotate them here');
    expect(form.textContent).toContain('an old backup file, a copy of this browser profile');
  });

  it('changes the passphrase with the same strength rule, then clears the inputs', async () => {
    const backend = setUp();
    await openSecurity();
    const current = screen.getByLabelText('Current passphrase') as HTMLInputElement;
    const next = screen.getByLabelText('New passphrase') as HTMLInputElement;
    const confirm = screen.getByLabelText('Confirm new passphrase') as HTMLInputElement;
    const submit = screen.getByRole('button', { name: 'Change passphrase' });

    fireEvent.input(current, { target: { value: 'the old passphrase' } });
    fireEvent.input(next, { target: { value: 'qwertyuiop' } });
    fireEvent.input(confirm, { target: { value: 'qwertyuiop' } });
    fireEvent.click(submit);
    expect((await screen.findByRole('alert', {}, SLOW)).textContent).toContain('This is a frequently used password.');
    expectNotSent(backend, 'vault.changePassphrase');

    fireEvent.input(next, { target: { value: STRONG_PASSPHRASE } });
    fireEvent.input(confirm, { target: { value: STRONG_PASSPHRASE } });
    fireEvent.click(submit);
    await waitFor(() => expect(sent(backend, 'vault.changePassphrase')).toEqual([{ current: 'the old passphrase', next: STRONG_PASSPHRASE }]), SLOW);
    await screen.findByText(/Passphrase changed/);
    expect([current.value, next.value, confirm.value]).toEqual(['', '', '']);
  });

  it('shows a wrong current passphrase and clears only that field', async () => {
    setUp();
    await openSecurity();
    const current = screen.getByLabelText('Current passphrase') as HTMLInputElement;
    const next = screen.getByLabelText('New passphrase') as HTMLInputElement;
    fireEvent.input(current, { target: { value: 'not it' } });
    fireEvent.input(next, { target: { value: STRONG_PASSPHRASE } });
    fireEvent.input(screen.getByLabelText('Confirm new passphrase'), { target: { value: STRONG_PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
    expect((await screen.findByRole('alert', {}, SLOW)).textContent).toContain('That passphrase is not correct');
    expect(current.value).toBe('');
    expect(next.value).toBe(STRONG_PASSPHRASE);
  });
});
