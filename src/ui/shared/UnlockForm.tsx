import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { send } from '@/src/messaging/client';
import type { VaultStatus } from '@/src/vault/schemas';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';
import { useVaultStatus } from './vault-state';

/** The passphrase prompt shown wherever the vault is needed. The passphrase goes to the background only. */
export function UnlockForm({ onUnlocked, retryAfterMs }: { onUnlocked: (status: VaultStatus) => void; retryAfterMs?: number }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [waitUntil, setWaitUntil] = useState(retryAfterMs ? Date.now() + retryAfterMs : 0);
  const [, setTick] = useState(0);
  const errorId = useId();
  const { readStatus } = useVaultStatus();

  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), 500);
    return () => clearInterval(timer);
  }, [waitUntil]);

  const waitSeconds = Math.max(0, Math.ceil((waitUntil - Date.now()) / 1000));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = inputRef.current;
    if (!input?.value) return;
    setBusy(true);
    setError(undefined);
    try {
      const status = await send('vault.unlock', { passphrase: input.value });
      input.value = '';
      onUnlocked(status);
    } catch (caught) {
      const appError = caught instanceof AppError ? caught : undefined;
      if (appError?.code === 'BACKGROUND_RESTARTED') {
        // The reply was lost, not the unlock: it may have finished just before the worker stopped.
        const status = await readStatus().catch(() => undefined);
        if (status?.state === 'unlocked') {
          input.value = '';
          onUnlocked(status);
          return;
        }
        setError(status ? strings.unlock.restarted : appError.message);
        input.select();
        return;
      }
      setError(appError?.message ?? strings.genericError);
      if (appError?.retryAfterMs) setWaitUntil(Date.now() + appError.retryAfterMs);
      input.select();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="unlock-form" onSubmit={submit} aria-label={strings.unlock.formLabel}>
      <p>{strings.unlock.explain}</p>
      <label>
        {strings.unlock.passphrase}
        <input
          ref={inputRef}
          type="password"
          name="passphrase"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      <button className="primary" type="submit" disabled={busy || waitSeconds > 0}>
        {busy ? strings.unlock.unlocking : waitSeconds > 0 ? strings.unlock.wait(waitSeconds) : strings.unlock.unlock}
      </button>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
