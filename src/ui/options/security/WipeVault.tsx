import { useId, useRef, useState, type FormEvent } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { CurrentPassphraseField, takePassphrase } from '../passphrase/CurrentPassphraseField';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall, useVaultKeys } from '@/src/ui/shared/vault-state';
import { keyLabel } from '../keys/key-label';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** The phrase vault.wipe insists on, typed by the user. */
export const WIPE_PHRASE = 'DELETE ALL KEYS';

/** While unlocked, the keys a wipe would delete, by name (locked, the page cannot read them). */
function KeysToLose({ id }: { id: string }) {
  const { own: keys } = useVaultKeys();
  if (!keys) return null;
  return (
    <p id={id} className="warning">
      {keys.length === 0 ? optionsStrings.security.wipeNoKeys : optionsStrings.security.wipeLoses(keys.map(keyLabel))}
    </p>
  );
}

/**
 * Deletes the vault after the user types the confirmation phrase exactly, and, while the vault is
 * unlocked (`unlocked`), the vault passphrase. Locked, the phrase alone is the way out of a forgotten passphrase.
 */
export function WipeVault({ onWiped, unlocked = false }: { onWiped: (status: VaultStatus) => void; unlocked?: boolean }) {
  const call = useVaultCall();
  const [typed, setTyped] = useState('');
  const passphraseRef = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useAsyncAction();
  const explainId = useId();
  const losesId = useId();
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const passphrase = unlocked ? takePassphrase(passphraseRef.current) : undefined;
    const status = await run(async () => {
      if (typed !== WIPE_PHRASE) throw new AppError('BAD_REQUEST', optionsStrings.security.wipeMismatch(WIPE_PHRASE));
      if (unlocked && !passphrase) throw new AppError('PASSPHRASE_REQUIRED', optionsStrings.passphrase.confirmRequired);
      return call('vault.wipe', passphrase ? { confirm: WIPE_PHRASE, passphrase } : { confirm: WIPE_PHRASE });
    });
    if (status) {
      setTyped('');
      onWiped(status);
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={optionsStrings.security.wipe}>
      <p id={explainId}>{optionsStrings.security.wipeExplain}</p>
      {unlocked && <KeysToLose id={losesId} />}
      <label className="field">
        <span>{optionsStrings.security.wipeConfirmLabel(WIPE_PHRASE)}</span>
        <input
          name="wipe-confirm"
          value={typed}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          aria-describedby={[explainId, unlocked ? losesId : '', error ? errorId : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setTyped(event.currentTarget.value)}
        />
      </label>
      {unlocked && <CurrentPassphraseField inputRef={passphraseRef} hint={optionsStrings.security.wipePassphraseHint} errorId={error ? errorId : undefined} />}
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="danger" disabled={busy}>
          {busy ? optionsStrings.security.wiping : optionsStrings.security.wipe}
        </button>
      </div>
    </form>
  );
}
