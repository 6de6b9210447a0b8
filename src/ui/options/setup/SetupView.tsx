import { useId, useState } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { ImportBackupForm, type ImportResult } from '../backup/ImportBackupForm';
import { AddKeyForm } from '../keys/AddKeyForm';
import { KeyList } from '../keys/KeyList';
import { CreateVaultForm } from './CreateVaultForm';
import { Welcome } from './Welcome';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { useVaultKeys, useVaultStatus } from '@/src/ui/shared/vault-state';
import { useToast } from '@/src/ui/shared/Toasts';
import { keyLabel } from '../keys/key-label';

/**
 * Shown while there is no vault (the first run): the welcome; a key for this session only, to
 * chat within a minute; then create a vault (keeping the session-only keys, once there are some)
 * or restore a backup into this browser.
 */
export function SetupView({ onCreated, onRestored }: { onCreated: (status: VaultStatus) => void; onRestored: (result: ImportResult) => void }) {
  const restoreId = useId();
  const { status } = useVaultStatus();
  const haveSessionKeys = status?.sessionKeys !== undefined;
  return (
    <div className="setup">
      <Welcome />
      {status?.sessionKeysAllowed !== false && <SessionStart />}
      <section className="card">
        <CreateVaultForm onCreated={onCreated} keepSessionKeys={haveSessionKeys} />
      </section>
      <section className="card" aria-labelledby={restoreId}>
        <h2 id={restoreId}>{optionsStrings.setup.restoreHeading}</h2>
        <p>{optionsStrings.setup.restoreExplain}</p>
        <ImportBackupForm mode="restore" onImported={onRestored} />
      </section>
    </div>
  );
}

/**
 * "Try it now, without a vault": the add form for a session-only key, then the keys added so. Also
 * shown beside a locked vault while session-only keys are in use, so they stay in sight.
 */
export function SessionStart() {
  const headingId = useId();
  const { readStatus } = useVaultStatus();
  const { own: keys, update } = useVaultKeys();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const text = optionsStrings.sessionKeys;
  return (
    <section className="card stack session-start" aria-labelledby={headingId}>
      <h2 id={headingId}>{keys?.length ? text.yourKeys : text.tryHeading}</h2>
      {keys && keys.length > 0 ? (
        <>
          <p>{text.chatNow}</p>
          <KeyList
            keys={keys}
            onChanged={() => undefined}
            onDeleted={(view) => {
              update((current) => current.filter((key) => key.id !== view.id));
              toast(optionsStrings.keys.deleted(keyLabel(view)));
              void readStatus().catch(() => undefined);
            }}
          />
        </>
      ) : (
        <p>{text.tryExplain}</p>
      )}
      {adding ? (
        <AddKeyForm
          session="only"
          onCancel={() => setAdding(false)}
          onSaved={(saved) => {
            setAdding(false);
            toast(text.saved(saved.view.label));
            // The status says there are session-only keys now: the list, and the offer to keep them, follow.
            void readStatus().catch(() => undefined);
          }}
        />
      ) : (
        <div className="actions">
          <button type="button" className={keys?.length ? undefined : 'primary'} onClick={() => setAdding(true)}>
            {text.tryButton}
          </button>
        </div>
      )}
    </section>
  );
}
