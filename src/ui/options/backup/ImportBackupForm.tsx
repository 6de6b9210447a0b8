import { useId, useRef, useState, type FormEvent } from 'react';
import { AppError } from '@/src/shared/errors';
import { useClearOnUnmount } from '@/src/ui/shared/clear-on-unmount';
import { UploadIcon } from '@/src/ui/shared/icons';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';

const MAX_BACKUP_CHARS = 5_000_000;

export interface ImportResult {
  added: number;
  skipped: number;
}

async function readBackupFile(input: HTMLInputElement): Promise<string> {
  const file = input.files?.[0];
  if (!file) throw new AppError('BAD_REQUEST', optionsStrings.backup.chooseFile);
  if (file.size > MAX_BACKUP_CHARS * 4) throw new AppError('BACKUP_INVALID', optionsStrings.backup.tooLarge);
  let content: string;
  try {
    content = await file.text();
  } catch {
    throw new AppError('BACKUP_INVALID', optionsStrings.backup.unreadable);
  }
  if (content.length > MAX_BACKUP_CHARS) throw new AppError('BACKUP_INVALID', optionsStrings.backup.tooLarge);
  return content;
}

/**
 * A backup file and its passphrase, sent to vault.import. `restore` fills an empty vault (first
 * run); `merge` adds the backup's keys to the unlocked vault. The file is read only on submit.
 */
export function ImportBackupForm({ mode, onImported }: { mode: 'restore' | 'merge'; onImported?: ((result: ImportResult) => void) | undefined }) {
  const call = useVaultCall();
  const fileRef = useRef<HTMLInputElement>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useAsyncAction();
  const [result, setResult] = useState<ImportResult | undefined>();
  const errorId = useId();
  const hintId = useId();
  useClearOnUnmount(passphraseRef);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fileInput = fileRef.current;
    const passphraseInput = passphraseRef.current;
    if (!fileInput || !passphraseInput) return;
    setResult(undefined);
    const imported = await run(async () => {
      const content = await readBackupFile(fileInput);
      if (!passphraseInput.value) throw new AppError('BAD_REQUEST', optionsStrings.passphrase.required);
      return call('vault.import', { content, passphrase: passphraseInput.value });
    });
    if (!imported) {
      (fileInput.files?.length ? passphraseInput : fileInput).focus();
      return;
    }
    passphraseInput.value = '';
    fileInput.value = '';
    setResult(imported);
    onImported?.(imported);
  }

  const invalid = error ? true : undefined;
  const describedBy = error ? errorId : undefined;

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={mode === 'restore' ? optionsStrings.setup.restoreHeading : optionsStrings.backup.importHeading}>
      <label className="field">
        <span>{optionsStrings.backup.file}</span>
        <input ref={fileRef} type="file" name="backup-file" accept=".json,application/json" required aria-invalid={invalid} aria-describedby={describedBy} />
      </label>
      <label className="field">
        <span>{optionsStrings.backup.filePassphrase}</span>
        <input
          ref={passphraseRef}
          type="password"
          name="backup-passphrase"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={1024}
          aria-invalid={invalid}
          aria-describedby={[hintId, describedBy].filter(Boolean).join(' ')}
        />
      </label>
      <p id={hintId} className="hint">
        {optionsStrings.backup.filePassphraseHint}
      </p>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="success">
        {result ? optionsStrings.backup.imported(result.added, result.skipped) : ''}
      </p>
      <div className="actions">
        {/* Secondary in both places: export (Backup tab) and create (setup) are the views' main actions. */}
        <button type="submit" disabled={busy}>
          <UploadIcon className="icon" aria-hidden="true" focusable="false" />
          {busy ? optionsStrings.backup.importing : mode === 'restore' ? optionsStrings.backup.restore : optionsStrings.backup.import}
        </button>
      </div>
    </form>
  );
}
