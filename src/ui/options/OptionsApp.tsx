import { useCallback, useState } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { useVaultGone, useVaultStatus, VaultProvider, type VaultGone } from '@/src/ui/shared/vault-state';
import { strings } from '@/src/ui/strings';
import { ToastProvider } from '@/src/ui/shared/Toasts';
import { LockedView } from './LockedView';
import { WipeVault } from './security/WipeVault';
import { SessionStart, SetupView } from './setup/SetupView';
import { UnlockedView } from './UnlockedView';
import { LocalModelsSection } from './local-models/LocalModelsSection';
import { useAutoLockWatch } from './use-auto-lock-watch';
import { PolicyPanel } from './policy/PolicyPanel';
import { PolicyProvider } from './policy/policy-state';
import './options.css';

/**
 * The options page. What it shows follows the vault: setup when there is none, the unlock form
 * when locked, the sections when unlocked. Whenever the vault stops being unlocked, the
 * unlocked view is unmounted, which drops every key list and form with it.
 */
export function OptionsApp() {
  return (
    <VaultProvider>
      <PolicyProvider>
        <ToastProvider>
          <OptionsPage />
        </ToastProvider>
      </PolicyProvider>
    </VaultProvider>
  );
}

function OptionsPage() {
  const { status, setStatus, error, refresh } = useVaultStatus();
  const [notice, setNotice] = useState<string | undefined>();
  useAutoLockWatch(status, refresh);

  // The page's state already follows (vault-state.tsx); here only the words for it.
  const onVaultGone = useCallback((code: VaultGone) => {
    if (code === 'VAULT_LOCKED') setNotice(strings.options.lockedNotice);
  }, []);
  useVaultGone(onVaultGone);

  const show = (next: VaultStatus, message?: string) => {
    setNotice(message);
    setStatus(next);
  };

  return (
    <main className="options">
      <header className="options-header">
        <h1>{strings.options.title}</h1>
      </header>
      <div role="status" className="page-notice">
        {notice && <p>{notice}</p>}
      </div>
      <PolicyPanel />
      {error && (
        <div role="alert" className="error card">
          <p>
            {strings.options.statusUnavailable} {error}
          </p>
          <button type="button" onClick={() => void refresh()}>
            {strings.options.retry}
          </button>
        </div>
      )}
      {error && !status && (
        <details className="forgot card">
          <summary>{strings.options.startOver}</summary>
          <WipeVault
            onWiped={(next) => {
              show(next, strings.options.vaultWiped);
              void refresh();
            }}
          />
        </details>
      )}
      {!status && !error && (
        <p className="muted" aria-busy="true">
          {strings.options.loading}
        </p>
      )}
      {status?.state === 'absent' && (
        <SetupView
          onCreated={(next) => show(next, strings.options.vaultCreated)}
          onRestored={(result) => {
            setNotice(strings.options.vaultRestored(result.added));
            void refresh();
          }}
        />
      )}
      {status?.state === 'locked' && <LockedView status={status} onUnlocked={(next) => show(next)} onWiped={(next) => show(next, strings.options.vaultWiped)} />}
      {status?.state === 'locked' && status.sessionKeys && <SessionStart />}
      {status?.state === 'unlocked' && <UnlockedView onLocked={(next, message) => show(next, message)} onWiped={(next) => show(next, strings.options.vaultWiped)} />}
      {/* Models that run in the browser need no key: offered without a vault too (issue 17); unlocked, they are a tab. */}
      {status?.state !== 'unlocked' && <LocalModelsSection />}
    </main>
  );
}
