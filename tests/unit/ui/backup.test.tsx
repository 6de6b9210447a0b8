// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import { AppError } from '@/src/shared/errors';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { UNLOCKED, expectNotSent, installBackend, sent } from './fake-backend';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

afterEach(() => {
  vi.restoreAllMocks();
});

async function openBackup() {
  fireEvent.click(await screen.findByRole('tab', { name: 'Backup' }));
  await screen.findByRole('heading', { name: 'Backup' });
}

describe('backup section', () => {
  it('exports through a Blob URL and an <a download>, then revokes the URL', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const backend = installBackend(send, {
        'vault.status': () => UNLOCKED,
        'keys.list': () => ({ keys: [] }),
        'vault.export': ({ passphrase }) => {
          if (passphrase !== 'the vault passphrase') throw new AppError('WRONG_PASSPHRASE', 'That passphrase is not correct. Your keys are untouched; try again.');
          return { fileName: 'keyward-vault-2026-11-23.json', content: '{"format":"keyward-vault-backup"}' };
        },
      });
      const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:keyward/1');
      const revoked = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
      const clicks: HTMLAnchorElement[] = [];
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicks.push(this);
      });
      render(<OptionsApp />);
      await openBackup();
      expect(screen.getByText(/stay encrypted/)).toBeTruthy();
      const passphrase = within(screen.getByRole('form', { name: 'Export' })).getByLabelText('Vault passphrase') as HTMLInputElement;
      expect([passphrase.type, passphrase.autocomplete]).toEqual(['password', 'off']);
      fireEvent.input(passphrase, { target: { value: 'the vault passphrase' } });
      fireEvent.click(screen.getByRole('button', { name: 'Export backup' }));
      await waitFor(() => expect(clicks).toHaveLength(1));
      expect(sent(backend, 'vault.export')).toEqual([{ passphrase: 'the vault passphrase' }]);
      expect(passphrase.value).toBe('');
      expect(clicks[0]?.download).toBe('keyward-vault-2026-11-23.json');
      expect(clicks[0]?.href).toBe('blob:keyward/1');
      const blob = created.mock.calls[0]?.[0] as Blob;
      expect(await blob.text()).toBe('{"format":"keyward-vault-backup"}');
      await vi.advanceTimersByTimeAsync(2_000);
      expect(revoked).toHaveBeenCalledWith('blob:keyward/1');
      expect(within(screen.getByRole('status', { name: 'Notifications' })).getByText('Saved keyward-vault-2026-11-23.json to your downloads.')).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not export without the vault passphrase, nor with a wrong one', async () => {
    const backend = installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [] }),
      'vault.export': () => {
        throw new AppError('WRONG_PASSPHRASE', 'That passphrase is not correct. Your keys are untouched; try again.');
      },
    });
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    render(<OptionsApp />);
    await openBackup();
    fireEvent.click(screen.getByRole('button', { name: 'Export backup' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter your vault passphrase');
    expectNotSent(backend, 'vault.export');
    const passphrase = screen.getByLabelText('Vault passphrase') as HTMLInputElement;
    fireEvent.input(passphrase, { target: { value: 'not it' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export backup' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That passphrase is not correct'));
    expect(sent(backend, 'vault.export')).toEqual([{ passphrase: 'not it' }]);
    expect(passphrase.value).toBe('');
    expect(clicks).not.toHaveBeenCalled();
  });

  it('imports a file with its passphrase and reports added and skipped', async () => {
    const backend = installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [] }),
      'vault.import': () => ({ added: 3, skipped: 1 }),
    });
    render(<OptionsApp />);
    await openBackup();
    const content = '{"format":"keyward-vault-backup","version":1}';
    fireEvent.change(screen.getByLabelText('Backup file'), { target: { files: [new File([content], 'backup.json')] } });
    const passphrase = screen.getByLabelText('Backup passphrase') as HTMLInputElement;
    fireEvent.input(passphrase, { target: { value: 'the backup passphrase' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import backup' }));
    expect(await screen.findByText('3 added, 1 skipped (already present).')).toBeTruthy();
    expect(sent(backend, 'vault.import')).toEqual([{ content, passphrase: 'the backup passphrase' }]);
    expect(passphrase.value).toBe('');
  });

  it('shows import errors clearly', async () => {
    const backend = installBackend(send, {
      'vault.status': () => UNLOCKED,
      'keys.list': () => ({ keys: [] }),
      'vault.import': () => {
        throw new AppError('WRONG_PASSPHRASE', 'That passphrase does not open this backup.');
      },
    });
    render(<OptionsApp />);
    await openBackup();
    fireEvent.click(screen.getByRole('button', { name: 'Import backup' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Choose a backup file.');
    expectNotSent(backend, 'vault.import');

    fireEvent.change(screen.getByLabelText('Backup file'), { target: { files: [new File(['{}'], 'backup.json')] } });
    fireEvent.input(screen.getByLabelText('Backup passphrase'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import backup' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('That passphrase does not open this backup.'));
  });
});
