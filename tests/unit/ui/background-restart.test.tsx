// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { send } from '@/src/messaging/client';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { strings } from '@/src/ui/strings';
import { LOCKED, SETTINGS, SLOW, STRONG_PASSPHRASE, UNLOCKED, installBackend } from './fake-backend';
import { optionsStrings } from '@/src/ui/options/options-strings';

vi.mock('@/src/messaging/client', () => ({ send: vi.fn() }));

/** What `send` throws when the worker stopped before it answered (see src/messaging/client.ts). */
const restarted = () => new AppError('BACKGROUND_RESTARTED', "The extension's background restarted before it answered.");

function unlockWith(afterRestart: VaultStatus) {
  let status: VaultStatus = LOCKED;
  installBackend(send, {
    'vault.status': () => status,
    'keys.list': () => ({ keys: [] }),
    'vault.unlock': () => {
      status = afterRestart;
      throw restarted();
    },
  });
  render(<OptionsApp />);
}

async function submitUnlock() {
  fireEvent.change(await screen.findByLabelText('Passphrase'), { target: { value: 'violet tundra marimba quokka' } });
  fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
}

describe('the worker stops before it answers', () => {
  it('an unlock that did not finish says so and keeps the passphrase for another try', async () => {
    unlockWith(LOCKED);
    await submitUnlock();
    expect((await screen.findByRole('alert')).textContent).toBe(strings.unlock.restarted);
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('violet tundra marimba quokka');
  });

  it('an unlock that finished just before the stop opens the page anyway', async () => {
    unlockWith(UNLOCKED);
    await submitUnlock();
    expect(await screen.findByRole('tab', { name: 'Keys' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  async function changeWith(after: (before: VaultStatus) => VaultStatus) {
    const before: VaultStatus = { ...UNLOCKED, passphraseSetAt: 1_000 };
    let status = before;
    installBackend(send, {
      'vault.status': () => status,
      'keys.list': () => ({ keys: [] }),
      'settings.get': () => SETTINGS,
      'vault.changePassphrase': () => {
        status = after(before);
        throw restarted();
      },
    });
    render(<OptionsApp />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Security' }));
    fireEvent.input(await screen.findByLabelText('Current passphrase'), { target: { value: 'the old passphrase' } });
    fireEvent.input(screen.getByLabelText('New passphrase'), { target: { value: STRONG_PASSPHRASE } });
    fireEvent.input(screen.getByLabelText('Confirm new passphrase'), { target: { value: STRONG_PASSPHRASE } });
    fireEvent.click(screen.getByRole('button', { name: 'Change passphrase' }));
  }

  it('a change that was not written says nothing changed and keeps the form filled to retry', async () => {
    await changeWith((before) => before);
    expect((await screen.findByRole('alert', {}, SLOW)).textContent).toBe(optionsStrings.security.restartedUnchanged);
    expect((screen.getByLabelText('Current passphrase') as HTMLInputElement).value).toBe('the old passphrase');
  });

  it('a change that was written before the stop says the new passphrase is in force', async () => {
    await changeWith((before) => ({ ...before, passphraseSetAt: 2_000 }));
    await waitFor(() => expect(screen.getByText(optionsStrings.security.restartedChanged)).toBeTruthy(), SLOW);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a change that was written but whose session was not opened sends the page to the unlock form, saying which passphrase', async () => {
    await changeWith(() => ({ ...LOCKED, passphraseSetAt: 2_000 }));
    expect(await screen.findByRole('button', { name: 'Unlock' }, SLOW)).toBeTruthy();
    expect(screen.getByText(optionsStrings.security.restartedChangedLocked)).toBeTruthy();
  });
});
