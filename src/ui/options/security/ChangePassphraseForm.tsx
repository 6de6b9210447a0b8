import { useId, useRef, useState, type FormEvent } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { useClearOnUnmount } from '@/src/ui/shared/clear-on-unmount';
import { NewPassphraseFields } from '../passphrase/NewPassphraseFields';
import { refuseNewPassphrase } from '../passphrase/strength';
import { usePassphraseStrength } from '../passphrase/use-passphrase-strength';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall, useVaultStatus } from '@/src/ui/shared/vault-state';
import { changePassphrase } from './change-after-restart';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { usePolicy } from '../policy/policy-state';

/**
 * Current passphrase, new one twice (same zxcvbn rule as setup), then vault.changePassphrase.
 * `onLocked` takes over when the vault ended up locked (the worker stopped mid-change).
 */
export function ChangePassphraseForm({ onLocked }: { onLocked: (status: VaultStatus, notice: string) => void }) {
  // The weakest passphrase the organisation allows (the worker checks it too).
  const minScore = usePolicy()?.minPassphraseStrength === 4 ? 4 : 3;
  const call = useVaultCall();
  const { readStatus } = useVaultStatus();
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const { state, onInput, reset } = usePassphraseStrength();
  const { busy, error, run } = useAsyncAction();
  const [done, setDone] = useState<string | undefined>();
  const errorId = useId();
  useClearOnUnmount(currentRef);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const current = currentRef.current;
    const next = nextRef.current;
    const confirm = confirmRef.current;
    if (!current || !next || !confirm) return;
    setDone(undefined);
    let fix: HTMLInputElement | undefined = next;
    const outcome = await run(async () => {
      if (!current.value) {
        fix = current;
        throw new AppError('BAD_REQUEST', optionsStrings.passphrase.required);
      }
      const refusal = await refuseNewPassphrase(next.value, confirm.value, minScore);
      if (refusal) {
        fix = refusal.field === 'confirm' ? confirm : next;
        throw new AppError('WEAK_PASSPHRASE', refusal.message);
      }
      fix = current;
      try {
        return await changePassphrase(call, readStatus, current.value, next.value);
      } catch (caught) {
        // Nothing changed: every field stays filled, so pressing the button again retries.
        if (caught instanceof AppError && caught.code === 'BACKGROUND_RESTARTED') fix = undefined;
        throw caught;
      }
    });
    if (!outcome) {
      if (fix === current) current.value = '';
      (fix ?? current).focus();
      return;
    }
    current.value = '';
    next.value = '';
    confirm.value = '';
    reset();
    if (outcome.status.state !== 'unlocked') {
      onLocked(outcome.status, outcome.notice);
      return;
    }
    setDone(outcome.notice);
  }

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={optionsStrings.security.changeHeading}>
      <p>{optionsStrings.security.changeExplain}</p>
      <p className="hint">{optionsStrings.security.changeLeakAdvice}</p>
      <label className="field">
        <span>{optionsStrings.passphrase.current}</span>
        <input
          ref={currentRef}
          type="password"
          name="current-passphrase"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={1024}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      <NewPassphraseFields
        passphraseRef={nextRef}
        confirmRef={confirmRef}
        strength={state}
        onPassphraseInput={onInput}
        label={optionsStrings.passphrase.newPassphrase}
        confirmLabel={optionsStrings.passphrase.confirmNew}
        errorId={error ? errorId : undefined}
      />
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="success">
        {done ?? ''}
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? optionsStrings.security.changing : optionsStrings.security.change}
        </button>
      </div>
    </form>
  );
}
