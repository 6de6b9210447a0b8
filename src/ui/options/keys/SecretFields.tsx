import { useCallback, useId } from 'react';
import type { ProviderSettings } from '@/src/providers/schemas';
import { PROVIDERS, type ProviderId, type SecretField } from '@/src/providers/definitions';
import { secretFieldsFor } from '@/src/vault/secret-input';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Empties the input when React detaches it, so no secret lingers in a detached DOM node. */
function clearOnDetach(input: HTMLInputElement | null) {
  if (!input) return undefined;
  return () => {
    input.value = '';
  };
}

function SecretInputField({ field, required, hint }: { field: SecretField; required: boolean; hint?: string | undefined }) {
  const hintId = useId();
  const ref = useCallback(clearOnDetach, []);
  return (
    <div className="field-group">
      <label className="field">
        <span>{optionsStrings.secretFields[field]}</span>
        <input
          ref={ref}
          type="password"
          name={field}
          data-secret-field={field}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          maxLength={8192}
          required={required}
          aria-describedby={hint ? hintId : undefined}
        />
      </label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * The secret inputs a provider takes, given its settings (the same rule as the background's
 * secretFieldsFor). Uncontrolled password inputs: the form reads and clears them on submit.
 */
export function SecretFields({ provider, settings }: { provider: ProviderId; settings: ProviderSettings }) {
  const optional = PROVIDERS[provider].keyRequirement === 'optional';
  return (
    <>
      {secretFieldsFor(provider, settings).map((field) => {
        const required = !optional && field !== 'sessionToken';
        const hint =
          field === 'sessionToken'
            ? optionsStrings.secretFields.sessionTokenHint
            : optional
              ? PROVIDERS[provider].local
                ? optionsStrings.secretFields.apiKeyOptional
                : optionsStrings.secretFields.apiKeyOptionalServer
              : provider === 'bedrock' && field === 'apiKey'
                ? optionsStrings.secretFields.bedrockApiKeyHint
                : undefined;
        return <SecretInputField key={field} field={field} required={required} hint={hint} />;
      })}
    </>
  );
}
