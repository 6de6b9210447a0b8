import { useId, useRef, useState, type FormEvent } from 'react';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';
import { CurrentPassphraseField, takePassphrase } from '../passphrase/CurrentPassphraseField';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { downloadText } from '@/src/ui/shared/download';

/** vault.export with the vault passphrase, saved as a file. The content is the encrypted vault, never plaintext keys. */
export function ExportBackup() {
  const call = useVaultCall();
  const { busy, error, run } = useAsyncAction();
  const [saved, setSaved] = useState<string | undefined>();
  const passphraseRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  async function exportBackup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(undefined);
    const passphrase = takePassphrase(passphraseRef.current);
    const backup = await run(async () => {
      if (!passphrase) throw new AppError('PASSPHRASE_REQUIRED', strings.passphrase.confirmRequired);
      return call('vault.export', { passphrase });
    });
    if (!backup) {
      passphraseRef.current?.focus();
      return;
    }
    downloadText(backup.fileName, backup.content);
    setSaved(backup.fileName);
  }

  return (
    <form className="stack" onSubmit={exportBackup} noValidate aria-label={strings.backup.exportHeading}>
      <p>{strings.backup.exportExplain}</p>
      <CurrentPassphraseField inputRef={passphraseRef} hint={strings.backup.exportPassphraseHint} errorId={error ? errorId : undefined} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? strings.backup.exporting : strings.backup.export}
        </button>
      </div>
      <p role="status" className="success">
        {saved ? strings.backup.exported(saved) : ''}
      </p>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
