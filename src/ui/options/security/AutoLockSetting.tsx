import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AutoLockSetting as AutoLock } from '@/src/settings/schemas';
import { loosensAutoLock } from '@/src/settings/auto-lock';
import { strings } from '@/src/ui/strings';
import { CurrentPassphraseField, takePassphrase } from '../passphrase/CurrentPassphraseField';
import { errorMessage } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { autoLockAllowed } from '@/src/policy/policy';
import { usePolicy } from '../policy/policy-state';
import { ManagedNote } from '../policy/ManagedNote';

const BROWSER_CLOSE = 'browser-close';

/**
 * The minute choices of the AutoLockSetting schema, restated here so the options page does not
 * bundle zod for one constant. A unit test checks that both lists stay the same.
 */
export const AUTO_LOCK_MINUTES = [1, 5, 15, 30, 60, 240] as const satisfies readonly Exclude<AutoLock, 'browser-close'>[];

function parseChoice(value: string): AutoLock {
  if (value === BROWSER_CLOSE) return BROWSER_CLOSE;
  const minutes = Number(value);
  return (AUTO_LOCK_MINUTES as readonly number[]).includes(minutes) ? (minutes as AutoLock) : 15;
}

function choiceName(choice: AutoLock): string {
  return choice === BROWSER_CLOSE ? optionsStrings.security.autoLockBrowserClose : optionsStrings.security.autoLockChoice(choice);
}

/**
 * The auto-lock delay, read with settings.get and saved with settings.update. A shorter delay is
 * saved as soon as it is picked; a longer one (or "when the browser closes") only once the vault
 * passphrase confirms it.
 */
export function AutoLockSetting() {
  const call = useVaultCall();
  const [value, setValue] = useState<AutoLock | undefined>();
  /** A longer delay picked, waiting for the passphrase. */
  const [pending, setPending] = useState<AutoLock | undefined>();
  const passphraseRef = useRef<HTMLInputElement>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const hintId = useId();
  const errorId = useId();
  const managedId = useId();
  // Choices longer than the organisation allows are shown disabled; the worker refuses them too.
  const policy = usePolicy();
  const managed = policy?.maxAutoLockMinutes !== undefined;

  useEffect(() => {
    let current = true;
    call('settings.get', {}).then(
      (settings) => current && setValue(settings.autoLock),
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, [call, policy]);

  async function save(next: AutoLock, passphrase?: string): Promise<boolean> {
    setSaving(true);
    setMessage(undefined);
    setError(undefined);
    try {
      const saved = await call('settings.update', passphrase ? { autoLock: next, passphrase } : { autoLock: next });
      setValue(saved.autoLock);
      setMessage(optionsStrings.security.autoLockSaved);
      return true;
    } catch (caught) {
      setError(errorMessage(caught));
      return false;
    } finally {
      setSaving(false);
    }
  }

  function change(next: AutoLock) {
    setMessage(undefined);
    setError(undefined);
    if (value !== undefined && loosensAutoLock(value, next)) {
      setPending(next);
      return;
    }
    setPending(undefined);
    void save(next);
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending === undefined || saving) return;
    const passphrase = takePassphrase(passphraseRef.current);
    if (!passphrase) {
      setError(optionsStrings.passphrase.confirmRequired);
      passphraseRef.current?.focus();
      return;
    }
    if (await save(pending, passphrase)) setPending(undefined);
    else passphraseRef.current?.focus();
  }

  function cancel() {
    takePassphrase(passphraseRef.current);
    setPending(undefined);
    setError(undefined);
  }

  return (
    <div className="field-group">
      <label className="field">
        <span>{optionsStrings.security.autoLock}</span>
        <select
          name="autoLock"
          value={value === undefined ? '' : String(pending ?? value)}
          disabled={value === undefined || saving}
          aria-describedby={[hintId, managed ? managedId : '', error ? errorId : ''].filter(Boolean).join(' ')}
          onChange={(event) => void change(parseChoice(event.currentTarget.value))}
        >
          {value === undefined && <option value="">{strings.options.loading}</option>}
          {AUTO_LOCK_MINUTES.map((minutes) => (
            <option key={minutes} value={String(minutes)} disabled={!autoLockAllowed(policy, minutes)}>
              {optionsStrings.security.autoLockChoice(minutes)}
            </option>
          ))}
          <option value={BROWSER_CLOSE} disabled={!autoLockAllowed(policy, BROWSER_CLOSE)}>
            {optionsStrings.security.autoLockBrowserClose}
          </option>
        </select>
      </label>
      {managed && <ManagedNote id={managedId} />}
      <p id={hintId} className="hint">
        {optionsStrings.security.autoLockHint}
      </p>
      {pending !== undefined && (
        <form className="stack nested" onSubmit={confirm} noValidate aria-label={optionsStrings.security.autoLockConfirm}>
          <p>{optionsStrings.security.autoLockLoosen(choiceName(pending))}</p>
          <CurrentPassphraseField inputRef={passphraseRef} hint={optionsStrings.security.autoLockLoosenHint} errorId={error ? errorId : undefined} autoFocus />
          <div className="actions">
            <button type="submit" className="primary" disabled={saving}>
              {optionsStrings.security.autoLockConfirm}
            </button>
            <button type="button" onClick={cancel} disabled={saving}>
              {strings.options.cancel}
            </button>
          </div>
        </form>
      )}
      <p role="status" className="success">
        {message ?? ''}
      </p>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
