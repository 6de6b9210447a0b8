import { useId } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { AutoLockSetting } from './AutoLockSetting';
import { ChangePassphraseForm } from './ChangePassphraseForm';
import { LockNow } from './LockNow';
import { SecurityNotice } from './SecurityNotice';
import { WipeVault } from './WipeVault';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** The Security tab: what is stored where, auto-lock, lock now, change passphrase, wipe. */
export function SecuritySection({ onLocked, onWiped }: { onLocked: (status: VaultStatus, notice?: string) => void; onWiped: (status: VaultStatus) => void }) {
  const headingId = useId();
  const lockId = useId();
  const changeId = useId();
  const dangerId = useId();
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{optionsStrings.security.heading}</h2>
      <SecurityNotice />
      <section className="card" aria-labelledby={lockId}>
        <h3 id={lockId}>{optionsStrings.security.lockHeading}</h3>
        <AutoLockSetting />
        <LockNow onLocked={onLocked} />
      </section>
      <section className="card" aria-labelledby={changeId}>
        <h3 id={changeId}>{optionsStrings.security.changeHeading}</h3>
        <ChangePassphraseForm onLocked={onLocked} />
      </section>
      <section className="card danger-zone" aria-labelledby={dangerId}>
        <h3 id={dangerId}>{optionsStrings.security.dangerHeading}</h3>
        <WipeVault onWiped={onWiped} unlocked />
      </section>
    </section>
  );
}
