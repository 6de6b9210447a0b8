import { useState, type FormEvent } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import { strings } from '@/src/ui/strings';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { optionsStrings } from '@/src/ui/options/options-strings';

/** Inline rename: Enter saves, Escape cancels. */
export function LabelEditor({ view, onSaved, onCancel }: { view: KeyView; onSaved: (view: KeyView) => void; onCancel: () => void }) {
  const call = useVaultCall();
  const [label, setLabel] = useState(view.label);
  const { busy, error, run } = useAsyncAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = label.trim();
    if (!next || next === view.label) return onCancel();
    const saved = await run(() => call('keys.update', { id: view.id, label: next }));
    if (saved) onSaved(saved);
  }

  return (
    <form
      className="inline-form"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <label className="field">
        <span>{optionsStrings.keys.label}</span>
        <input name="label" value={label} maxLength={100} autoComplete="off" autoFocus required onChange={(event) => setLabel(event.currentTarget.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {optionsStrings.keys.saveLabel}
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        {strings.options.cancel}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
