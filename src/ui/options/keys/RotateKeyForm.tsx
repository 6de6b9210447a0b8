import { useId, type FormEvent } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import { strings } from '@/src/ui/strings';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { clearSecret, readSecret } from './key-form';
import { SecretFields } from './SecretFields';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Replaces a key's secret in place (keys.rotate); label and settings stay. */
export function RotateKeyForm({ view, onSaved, onCancel }: { view: KeyView; onSaved: (view: KeyView) => void; onCancel: () => void }) {
  const call = useVaultCall();
  const { busy, error, run } = useAsyncAction();
  const headingId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const saved = await run(() => call('keys.rotate', { id: view.id, secret: readSecret(form) }));
    if (!saved) return;
    clearSecret(form);
    onSaved(saved);
  }

  return (
    <form
      className="stack key-form nested"
      onSubmit={submit}
      aria-labelledby={headingId}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h4 id={headingId}>{optionsStrings.keys.rotateHeading(view.label)}</h4>
      <p className="hint">{optionsStrings.keys.rotateExplain}</p>
      <SecretFields provider={view.provider} settings={view.settings} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? optionsStrings.keys.saving : optionsStrings.keys.saveRotation}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {strings.options.cancel}
        </button>
      </div>
    </form>
  );
}
