import { useId, useRef, useState, type FormEvent } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import type { ProviderSettings } from '@/src/providers/schemas';
import { PROVIDERS } from '@/src/providers/definitions';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';
import { CurrentPassphraseField, takePassphrase } from '../passphrase/CurrentPassphraseField';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall } from '@/src/ui/shared/vault-state';
import { requestHostAccess, serverUrlOf } from './host-access';
import { bedrockAuthOf, buildSettings, draftFrom, type SettingsDraft } from './key-form';
import type { SavedKey } from './AddKeyForm';
import { BedrockAuthField, SettingsFields, baseUrlRequired } from './SettingsFields';
import { useHostAccess } from './use-host-access';
import { optionsStrings } from '@/src/ui/options/options-strings';

function sameSettings(a: ProviderSettings, b: ProviderSettings): boolean {
  const canonical = (settings: ProviderSettings) =>
    JSON.stringify(Object.entries(settings).filter(([, value]) => typeof value === 'string' && value !== '').sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return canonical(a) === canonical(b);
}

/**
 * Edits a key's connection settings. They decide where the key is sent, so saving needs the vault
 * passphrase, and a server the user refuses access to is not saved at all. The auth mode of a
 * Bedrock key is fixed: it decides which secret is stored.
 */
export function EditSettingsForm({ view, onSaved, onCancel }: { view: KeyView; onSaved: (saved: SavedKey) => void; onCancel: () => void }) {
  const call = useVaultCall();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFrom(view.settings));
  const { busy, error, setError, run } = useAsyncAction();
  const passphraseRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const errorId = useId();
  const settings = buildSettings(view.provider, draft);
  const hostAccess = useHostAccess(serverUrlOf(view.provider, settings));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (baseUrlRequired(view.provider) && !settings.baseUrl) {
      setError(optionsStrings.settingsFields.baseUrlMissing);
      return;
    }
    if (sameSettings(settings, view.settings)) {
      takePassphrase(passphraseRef.current);
      onCancel();
      return;
    }
    if (!passphraseRef.current?.value) {
      setError(optionsStrings.passphrase.confirmRequired);
      passphraseRef.current?.focus();
      return;
    }
    const passphrase = takePassphrase(passphraseRef.current);
    // Before any await: the permission prompt needs the user's gesture.
    const need = hostAccess.need;
    const access = requestHostAccess(need, hostAccess.granted);
    const saved = await run(async () => {
      // A refused server is not saved: the key must never be pointed at a host it may not reach.
      if ((await access) === 'denied') throw new AppError('PERMISSION_DENIED', optionsStrings.hostAccess.deniedNotSaved(need?.origin ?? ''));
      return { view: await call('keys.update', { id: view.id, settings, passphrase }) };
    });
    if (saved) onSaved(saved);
    else passphraseRef.current?.focus();
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
        {optionsStrings.keys.editSettings}: {view.label} ({PROVIDERS[view.provider].name})
      </h4>
      {view.provider === 'bedrock' && <BedrockAuthField value={bedrockAuthOf(draft)} onChange={() => undefined} fixed />}
      <SettingsFields
        provider={view.provider}
        draft={draft}
        onChange={(field, value) => setDraft((previous) => ({ ...previous, [field]: value }))}
        hostAccess={hostAccess}
      />
      <CurrentPassphraseField inputRef={passphraseRef} hint={optionsStrings.keys.settingsPassphraseHint} errorId={error ? errorId : undefined} />
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? optionsStrings.keys.saving : optionsStrings.keys.saveSettings}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {strings.options.cancel}
        </button>
      </div>
    </form>
  );
}
