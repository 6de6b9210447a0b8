import { useId, type RefObject } from 'react';
import { useClearOnUnmount } from '@/src/ui/shared/clear-on-unmount';
import { optionsStrings } from '@/src/ui/options/options-strings';

interface CurrentPassphraseFieldProps {
  inputRef: RefObject<HTMLInputElement | null>;
  /** Why it is asked for, under the field. */
  hint: string;
  errorId?: string | undefined;
  autoFocus?: boolean;
}

/**
 * The vault passphrase, typed again to confirm a change that loosens a protection (export, wipe,
 * a longer auto-lock, a key's server). Uncontrolled: read through the ref at submit, cleared after
 * every try and when the form goes away.
 */
export function CurrentPassphraseField({ inputRef, hint, errorId, autoFocus = false }: CurrentPassphraseFieldProps) {
  const hintId = useId();
  useClearOnUnmount(inputRef);
  return (
    <>
      <label className="field">
        <span>{optionsStrings.passphrase.vaultPassphrase}</span>
        <input
          ref={inputRef}
          type="password"
          name="vault-passphrase"
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          required
          maxLength={1024}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}
          aria-invalid={errorId ? true : undefined}
        />
      </label>
      <p id={hintId} className="hint">
        {hint}
      </p>
    </>
  );
}

/** The typed passphrase, and an empty field from then on. */
export function takePassphrase(input: HTMLInputElement | null): string {
  const value = input?.value ?? '';
  if (input) input.value = '';
  return value;
}
