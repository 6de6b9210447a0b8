import { useEffect, useId, useState, type FormEvent, type RefObject } from 'react';
import { useClearOnUnmount } from '@/src/ui/shared/clear-on-unmount';
import { StrengthMeter } from './StrengthMeter';
import { suggestPassphrase } from './suggest';
import type { StrengthState } from './use-passphrase-strength';
import { optionsStrings } from '@/src/ui/options/options-strings';

interface NewPassphraseFieldsProps {
  passphraseRef: RefObject<HTMLInputElement | null>;
  confirmRef: RefObject<HTMLInputElement | null>;
  strength: StrengthState;
  onPassphraseInput: (event: FormEvent<HTMLInputElement>) => void;
  label?: string;
  confirmLabel?: string;
  errorId?: string | undefined;
  autoFocus?: boolean;
}

/**
 * A new passphrase and its confirmation, both uncontrolled: the form reads them through the refs
 * at submit time and clears them after. The meter below only ever sees a score. "Suggest a
 * passphrase" fills both with six random words and shows them once, so the user can copy them.
 */
export function NewPassphraseFields({
  passphraseRef,
  confirmRef,
  strength,
  onPassphraseInput,
  label = optionsStrings.passphrase.passphrase,
  confirmLabel = optionsStrings.passphrase.confirm,
  errorId,
  autoFocus = false,
}: NewPassphraseFieldsProps) {
  const hintId = useId();
  const meterId = useId();
  const suggestionId = useId();
  const describedBy = [hintId, meterId, errorId].filter(Boolean).join(' ');
  useClearOnUnmount(passphraseRef, confirmRef);
  // The suggested passphrase, shown until the user types their own, the form is cleared, or the page closes.
  const [suggestion, setSuggestion] = useState<string | undefined>();
  const [suggesting, setSuggesting] = useState(false);
  const [suggestFailed, setSuggestFailed] = useState(false);
  const cleared = strength.kind === 'empty';
  useEffect(() => {
    if (cleared) setSuggestion(undefined);
  }, [cleared]);

  async function suggest() {
    setSuggesting(true);
    setSuggestFailed(false);
    try {
      const value = await suggestPassphrase();
      const passphrase = passphraseRef.current;
      const confirm = confirmRef.current;
      if (!passphrase || !confirm) return;
      passphrase.value = value;
      confirm.value = value;
      setSuggestion(value);
      // The strength meter listens to input events; this one reports the filled-in value.
      passphrase.dispatchEvent(new Event('input', { bubbles: true }));
    } catch {
      setSuggestFailed(true);
    } finally {
      setSuggesting(false);
    }
  }

  function onInput(event: FormEvent<HTMLInputElement>) {
    if (suggestion !== undefined && event.currentTarget.value !== suggestion) setSuggestion(undefined);
    onPassphraseInput(event);
  }

  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          ref={passphraseRef}
          type="password"
          name="new-passphrase"
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          required
          maxLength={1024}
          aria-describedby={describedBy}
          aria-invalid={errorId ? true : undefined}
          onInput={onInput}
        />
      </label>
      <p id={hintId} className="hint">
        {optionsStrings.passphrase.hint}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void suggest()} disabled={suggesting} aria-describedby={suggestion ? suggestionId : undefined}>
          {suggesting ? optionsStrings.passphrase.suggesting : optionsStrings.passphrase.suggest}
        </button>
      </div>
      {suggestion !== undefined && (
        <div id={suggestionId} className="suggestion" role="status">
          <p>
            {optionsStrings.passphrase.suggestedLabel}: <code className="suggested-passphrase">{suggestion}</code>
          </p>
          <p className="hint">{optionsStrings.passphrase.suggestedNote}</p>
        </div>
      )}
      {suggestFailed && (
        <p role="alert" className="error">
          {optionsStrings.passphrase.suggestFailed}
        </p>
      )}
      <StrengthMeter id={meterId} state={strength} />
      <label className="field">
        <span>{confirmLabel}</span>
        <input
          ref={confirmRef}
          type="password"
          name="confirm-passphrase"
          autoComplete="off"
          spellCheck={false}
          required
          maxLength={1024}
          aria-describedby={errorId}
          aria-invalid={errorId ? true : undefined}
        />
      </label>
    </>
  );
}
