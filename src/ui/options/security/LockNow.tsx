import type { VaultStatus } from '@/src/vault/schemas';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Locks at once; the page then drops every key and form and shows the unlock form. */
export function LockNow({ onLocked }: { onLocked: (status: VaultStatus) => void }) {
  const call = useVaultCall();
  const { busy, error, run } = useAsyncAction();
  return (
    <div className="stack">
      <p>{optionsStrings.security.lockExplain}</p>
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            const status = await run(() => call('vault.lock', {}));
            if (status) onLocked(status);
          }}
        >
          {optionsStrings.security.lockNow}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
