import { useId, useRef, type FormEvent } from 'react';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { NewPassphraseFields } from '../passphrase/NewPassphraseFields';
import { loadEstimator, refuseNewPassphrase } from '../passphrase/strength';
import { usePassphraseStrength } from '../passphrase/use-passphrase-strength';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { usePolicy } from '../policy/policy-state';

/**
 * First run: a passphrase twice, checked with zxcvbn, then vault.create. `keepSessionKeys`: the
 * session-only keys move into the new vault (the offer after "Use a key for this session only").
 */
export function CreateVaultForm({ onCreated, keepSessionKeys = false }: { onCreated: (status: VaultStatus) => void; keepSessionKeys?: boolean }) {
  const call = useVaultCall();
  const passphraseRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const { state, onInput, reset } = usePassphraseStrength();
  // The weakest passphrase the organisation allows (the worker checks it too).
  const minScore = usePolicy()?.minPassphraseStrength === 4 ? 4 : 3;
  const { busy, error, run } = useAsyncAction();
  const errorId = useId();
  const headingId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const passphraseInput = passphraseRef.current;
    const confirmInput = confirmRef.current;
    if (!passphraseInput || !confirmInput) return;
    let refusedField: HTMLInputElement = passphraseInput;
    const status = await run(async () => {
      const refusal = await refuseNewPassphrase(passphraseInput.value, confirmInput.value, minScore);
      if (refusal) {
        if (refusal.field === 'confirm') refusedField = confirmInput;
        throw new AppError('WEAK_PASSPHRASE', refusal.message);
      }
      return call('vault.create', { passphrase: passphraseInput.value, ...(keepSessionKeys ? { keepSessionKeys: true as const } : {}) });
    });
    if (!status) {
      refusedField.focus();
      return;
    }
    passphraseInput.value = '';
    confirmInput.value = '';
    reset();
    onCreated(status);
  }

  return (
    <form className="stack" onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h2 id={headingId}>{keepSessionKeys ? optionsStrings.sessionKeys.keepHeading : optionsStrings.setup.heading}</h2>
      <p>{keepSessionKeys ? optionsStrings.sessionKeys.keepExplain : optionsStrings.setup.explain}</p>
      <NewPassphraseFields
        passphraseRef={passphraseRef}
        confirmRef={confirmRef}
        strength={state}
        onPassphraseInput={onInput}
        errorId={error ? errorId : undefined}
        autoFocus={!keepSessionKeys}
      />
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button className="primary" type="submit" disabled={busy} onFocus={() => void loadEstimator().catch(() => undefined)}>
          {busy ? optionsStrings.setup.creating : optionsStrings.setup.create}
        </button>
      </div>
    </form>
  );
}
