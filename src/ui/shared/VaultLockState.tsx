import { useState } from 'react';
import { send } from '@/src/messaging/client';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';
import { IconButton } from './IconButton';
import { LockIcon, UnlockedIcon } from './icons';
import { useVaultStatus } from './vault-state';

const text = strings.vaultState;

/**
 * For a page's header, compact: whether the vault is locked (a padlock, its state in words for
 * assistive technology and the tooltip), and while it is open (or keys for this session only are
 * in use) a padlock button that locks it. Nothing before the state is known, or with no vault and
 * no session-only key.
 */
export function VaultLockState() {
  const { status, setStatus } = useVaultStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // Keys for this session only, with no vault or a locked one: the same button ends them (a lock).
  const sessionOnly = status !== undefined && status.state !== 'unlocked' && status.sessionKeys !== undefined;
  if (!status || (status.state === 'absent' && !sessionOnly)) return null;
  const locked = status.state === 'locked' && !sessionOnly;

  async function lock() {
    setBusy(true);
    setError(undefined);
    try {
      setStatus(await send('vault.lock', {}));
    } catch (caught) {
      setError(caught instanceof AppError ? caught.message : strings.genericError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="vault-state" role="group" aria-label={text.label} data-state={status.state}>
      {locked ? (
        <span className="vault-state-icon" title={text.locked}>
          <LockIcon className="icon" aria-hidden="true" focusable="false" />
          <span className="visually-hidden">{text.locked}</span>
        </span>
      ) : (
        <>
          <span className="visually-hidden">{text.unlocked}</span>
          <IconButton icon={UnlockedIcon} label={sessionOnly ? text.endSession : text.lockLabel} onClick={() => void lock()} disabled={busy} aria-busy={busy || undefined} />
        </>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
