import { useState } from 'react';
import { send } from '@/src/messaging/client';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';
import { useVaultStatus } from './vault-state';

const text = strings.vaultState;

/**
 * For a page's header: whether the vault is locked, and a Lock button while it is not. Nothing
 * before the state is known or when there is no vault yet.
 */
export function VaultLockState() {
  const { status, setStatus } = useVaultStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (!status || status.state === 'absent') return null;
  const locked = status.state === 'locked';

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
    <div className="vault-state" role="group" aria-label={text.label}>
      <span className="badge" data-state={status.state}>
        {locked ? text.locked : text.unlocked}
      </span>
      {!locked && (
        <button type="button" aria-label={text.lockLabel} onClick={() => void lock()} disabled={busy}>
          {text.lock}
        </button>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
