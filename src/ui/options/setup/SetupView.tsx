import { useId } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { ImportBackupForm, type ImportResult } from '../backup/ImportBackupForm';
import { CreateVaultForm } from './CreateVaultForm';
import { Welcome } from './Welcome';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Shown while there is no vault (the first run): the welcome, then create a vault or restore a backup into this browser. */
export function SetupView({ onCreated, onRestored }: { onCreated: (status: VaultStatus) => void; onRestored: (result: ImportResult) => void }) {
  const restoreId = useId();
  return (
    <div className="setup">
      <Welcome />
      <section className="card">
        <CreateVaultForm onCreated={onCreated} />
      </section>
      <section className="card" aria-labelledby={restoreId}>
        <h2 id={restoreId}>{optionsStrings.setup.restoreHeading}</h2>
        <p>{optionsStrings.setup.restoreExplain}</p>
        <ImportBackupForm mode="restore" onImported={onRestored} />
      </section>
    </div>
  );
}
