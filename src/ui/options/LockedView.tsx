import type { VaultStatus } from '@/src/vault/schemas';
import { UnlockForm } from '@/src/ui/shared/UnlockForm';
import { strings } from '@/src/ui/strings';
import { WipeVault } from './security/WipeVault';

/** The shared unlock form, plus the only way out for a forgotten passphrase. */
export function LockedView({
  status,
  onUnlocked,
  onWiped,
}: {
  status: VaultStatus;
  onUnlocked: (status: VaultStatus) => void;
  onWiped: (status: VaultStatus) => void;
}) {
  return (
    <div className="locked card">
      <UnlockForm key={status.retryAfterMs ?? 0} onUnlocked={onUnlocked} {...(status.retryAfterMs ? { retryAfterMs: status.retryAfterMs } : {})} />
      <details className="forgot">
        <summary>{strings.options.forgotPassphrase}</summary>
        <p>{strings.options.forgotExplain}</p>
        <WipeVault onWiped={onWiped} />
      </details>
    </div>
  );
}
