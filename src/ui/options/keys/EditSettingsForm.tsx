import { useId, useState, type FormEvent } from 'react';
import type { KeyView } from '@/src/messaging/schemas';
import { PROVIDERS } from '@/src/providers/definitions';
import { strings } from '@/src/ui/strings';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '../vault-session';
import { requestHostAccess, serverUrlOf } from './host-access';
import { bedrockAuthOf, buildSettings, draftFrom, type SettingsDraft } from './key-form';
import type { SavedKey } from './AddKeyForm';
import { BedrockAuthField, SettingsFields, baseUrlRequired } from './SettingsFields';
import { useHostAccess } from './use-host-access';

/** Edits a key's connection settings. The auth mode of a Bedrock key is fixed: it decides which secret is stored. */
export function EditSettingsForm({ view, onSaved, onCancel }: { view: KeyView; onSaved: (saved: SavedKey) => void; onCancel: () => void }) {
  const call = useVaultCall();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(view.settings));
  const { busy, error, setError, run } = useAsyncAction();
  const headingId = useId();
  const settings = buildSettings(view.provider, draft);
  const hostAccess = useHostAccess(serverUrlOf(view.provider, settings));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (baseUrlRequired(view.provider) && !settings.baseUrl) {
      setError(strings.settingsFields.baseUrlMissing);
      return;
    }
    const need = hostAccess.need;
    const access = requestHostAccess(need, hostAccess.granted);
    const saved = await run(async () => {
      const outcome = await access;
      const updated = await call('keys.update', { id: view.id, settings });
      return { view: updated, hostDenied: outcome === 'denied' ? need?.origin : undefined };
    });
    if (saved) onSaved(saved);
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
      <h4 id={headingId}>
        {strings.keys.editSettings}: {view.label} ({PROVIDERS[view.provider].name})
      </h4>
      {view.provider === 'bedrock' && <BedrockAuthField value={bedrockAuthOf(draft)} onChange={() => undefined} fixed />}
      <SettingsFields
        provider={view.provider}
        draft={draft}
        onChange={(field, value) => setDraft((previous) => ({ ...previous, [field]: value }))}
        hostAccess={hostAccess}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? strings.keys.saving : strings.keys.saveSettings}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {strings.options.cancel}
        </button>
      </div>
    </form>
  );
}
