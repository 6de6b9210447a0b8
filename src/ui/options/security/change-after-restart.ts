import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import type { VaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';

export type ChangeOutcome = { status: VaultStatus; notice: string };

/**
 * vault.changePassphrase, and when the worker stopped before it answered, what really happened:
 * the change is one transaction, so the header's date says whether it landed. Not landed throws
 * BACKGROUND_RESTARTED with the old passphrase still valid; landed resolves with the status
 * (locked when the worker stopped between the write and re-opening the session).
 */
export async function changePassphrase(call: VaultCall, readStatus: () => Promise<VaultStatus>, current: string, next: string): Promise<ChangeOutcome> {
  const before = await readStatus();
  try {
    return { status: await call('vault.changePassphrase', { current, next }), notice: optionsStrings.security.changed };
  } catch (caught) {
    if (!(caught instanceof AppError) || caught.code !== 'BACKGROUND_RESTARTED') throw caught;
    const after = await readStatus();
    if (after.passphraseSetAt === undefined || after.passphraseSetAt === before.passphraseSetAt) {
      throw new AppError('BACKGROUND_RESTARTED', optionsStrings.security.restartedUnchanged);
    }
    return { status: after, notice: after.state === 'unlocked' ? optionsStrings.security.restartedChanged : optionsStrings.security.restartedChangedLocked };
  }
}
