// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { LOCKED, SETTINGS, UNLOCKED, installBackend, keyView, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));
vi.mock('@/src/platform/browser', () => ({
  browser: { permissions: { contains: vi.fn(async () => true), request: vi.fn(async () => true) } },
}));

const lockedError = () => new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it with your passphrase to continue.');

describe('locking', () => {
  it('a VAULT_LOCKED answer returns to the unlock form and removes the key list and forms from the DOM', async () => {
    let status: VaultStatus = UNLOCKED;
    const backend = installBackend(send, {
      'vault.status': () => status,
      'keys.list': () => ({ keys: [keyView({ label: 'Secret project', masked: 'sk-…Zz99' })] }),
      'keys.update': () => {
        status = { ...LOCKED, retryAfterMs: 0 };
        throw lockedError();
      },
      'vault.unlock': () => {
        status = UNLOCKED;
        return UNLOCKED;
      },
    });
    render(<OptionsApp />);
    const item = await screen.findByRole('listitem', { name: 'Secret project' });
    fireEvent.click(screen.getByRole('button', { name: 'Add key' }));
    const addForm = screen.getByRole('form', { name: 'Add a key' });
    const apiKey = within(addForm).getByLabelText('API key') as HTMLInputElement;
    fireEvent.change(apiKey, { target: { value: 'sk-typed-but-not-saved-1234567' } });

    // The auto-lock fired in the background; the next call finds out.
    fireEvent.click(within(item).getByRole('button', { name: 'Rename' }));
    fireEvent.change(within(item).getByLabelText('Label'), { target: { value: 'Renamed' } });
    fireEvent.click(within(item).getByRole('button', { name: 'Save label' }));

    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(screen.queryByText('Secret project')).toBeNull();
    expect(screen.queryByText('sk-…Zz99')).toBeNull();
    expect(screen.queryByRole('form', { name: 'Add a key' })).toBeNull();
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(apiKey.value).toBe('');
    expect(screen.getByText(/The vault locked/)).toBeTruthy();

    // Unlocking again starts from a fresh list, not the dropped one.
    const listsBefore = sent(backend, 'keys.list').length;
    fireEvent.change(screen.getByLabelText('Passphrase'), { target: { value: 'violet tundra marimba quokka' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await screen.findByRole('listitem', { name: 'Secret project' });
    expect(sent(backend, 'keys.list').length).toBe(listsBefore + 1);
    expect(screen.queryByRole('form', { name: 'Add a key' })).toBeNull();
  });

  it('a VAULT_LOCKED answer to keys.list shows the unlock form', async () => {
    let status: VaultStatus = UNLOCKED;
    installBackend(send, {
      'vault.status': () => status,
      'keys.list': () => {
        status = LOCKED;
        throw lockedError();
      },
    });
    render(<OptionsApp />);
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('“Lock now” sends vault.lock and shows the unlock form', async () => {
    const backend = installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [keyView({ label: 'Visible' })] }),
      'settings.get': () => SETTINGS,
      'vault.lock': () => LOCKED,
    });
    render(<OptionsApp />);
    await screen.findByRole('listitem', { name: 'Visible' });
    fireEvent.click(screen.getByRole('tab', { name: 'Security' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Lock now' }));
    expect(await screen.findByRole('button', { name: 'Unlock' })).toBeTruthy();
    expect(sent(backend, 'vault.lock')).toEqual([{}]);
    expect(screen.queryByText('Visible')).toBeNull();
  });

  it('shows the throttle wait from retryAfterMs on the unlock form', async () => {
    installBackend(send, { 'vault.status': () => ({ ...LOCKED, retryAfterMs: 30_000 }) });
    render(<OptionsApp />);
    const button = await screen.findByRole('button', { name: /Wait 30 s/ });
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });

  it('re-reads the status when the session is due to auto-lock', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let status: VaultStatus = { ...UNLOCKED, locksAt: Date.now() + 60_000 };
      installBackend(send, { 'vault.status': () => status, 'keys.list': () => ({ keys: [keyView({ label: 'Soon gone' })] }) });
      render(<OptionsApp />);
      await screen.findByRole('listitem', { name: 'Soon gone' });
      status = LOCKED;
      await vi.advanceTimersByTimeAsync(62_000);
      await waitFor(() => expect(screen.getByRole('button', { name: 'Unlock' })).toBeTruthy());
      expect(screen.queryByText('Soon gone')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
