import { useId, useRef, type FormEvent } from 'react';
import { AppError } from '@/src/shared/errors';
import { CurrentPassphraseField, takePassphrase } from '../passphrase/CurrentPassphraseField';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { DownloadIcon } from '@/src/ui/shared/icons';
import { useExport } from '../use-export';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { usePolicy } from '../policy/policy-state';
import { ManagedNote } from '../policy/ManagedNote';

/** vault.export with the vault passphrase, saved as a file. The content is the encrypted vault, never plaintext keys. */
export function ExportBackup() {
  const call = useVaultCall();
  const { busy, error, run } = useAsyncAction();
  const save = useExport();
  const passphraseRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const managedId = useId();
  // The organisation turned exports off: shown, disabled, and refused by the worker as well.
  const exportOff = usePolicy()?.backupExport === false;

  async function exportBackup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const passphrase = takePassphrase(passphraseRef.current);
    const backup = await run(async () => {
      if (!passphrase) throw new AppError('PASSPHRASE_REQUIRED', optionsStrings.passphrase.confirmRequired);
      return call('vault.export', { passphrase });
    });
    if (!backup) {
      passphraseRef.current?.focus();
      return;
    }
    save(backup.fileName, backup.content);
  }

  return (
    <form className="stack" onSubmit={exportBackup} noValidate aria-label={optionsStrings.backup.exportHeading}>
      <p>{optionsStrings.backup.exportExplain}</p>
      {exportOff && (
        <p id={managedId}>
          {optionsStrings.policy.backupExportOff} <ManagedNote />
        </p>
      )}
      <CurrentPassphraseField inputRef={passphraseRef} hint={optionsStrings.backup.exportPassphraseHint} errorId={error ? errorId : undefined} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || exportOff} aria-describedby={exportOff ? managedId : undefined}>
          <DownloadIcon className="icon" aria-hidden="true" focusable="false" />
          {busy ? optionsStrings.backup.exporting : optionsStrings.backup.export}
        </button>
      </div>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
