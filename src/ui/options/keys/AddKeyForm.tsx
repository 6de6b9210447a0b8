import { useEffect, useId, useState, type FormEvent } from 'react';
import type { KeyView } from '@/src/vault/schemas';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';
import { useAsyncAction } from '../use-async-action';
import { useVaultCall, useVaultStatus } from '@/src/ui/shared/vault-state';
import { sessionKeyLifetimeMs } from '@/src/session/session-key-rules';
import { requestHostAccess, serverUrlOf } from './host-access';
import { bedrockAuthOf, buildSettings, clearSecret, readSecret, type SettingsDraft } from './key-form';
import { SecretFields } from './SecretFields';
import { BedrockAuthField, SettingsFields, baseUrlRequired } from './SettingsFields';
import { useHostAccess } from './use-host-access';
import { TestConnectionButton } from './TestConnectionButton';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { usePolicy } from '../policy/policy-state';

export interface SavedKey {
  view: KeyView;
  /** The origin the user refused access to, when they did. */
  hostDenied?: string | undefined;
}

const HOSTED = PROVIDER_IDS.filter((id) => !PROVIDERS[id].local);
const LOCAL = PROVIDER_IDS.filter((id) => PROVIDERS[id].local);

function initialDraft(provider: ProviderId): SettingsDraft {
  return provider === 'bedrock' ? { bedrockAuth: 'sigv4' } : {};
}

/**
 * Adds a key: provider, label, the secret fields that provider takes, and its settings. `session`:
 * 'offer' (the default) shows "Use for this session only" where session-only keys are allowed;
 * 'only' (no vault yet) adds a session-only key, without asking.
 */
export function AddKeyForm({ onSaved, onCancel, session = 'offer' }: { onSaved: (saved: SavedKey) => void; onCancel: () => void; session?: 'offer' | 'only' }) {
  const call = useVaultCall();
  const status = useVaultStatus().status;
  const offerSession = session === 'offer' && status?.sessionKeysAllowed !== false;
  const [sessionChosen, setSessionChosen] = useState(false);
  const sessionOnly = session === 'only' || (offerSession && sessionChosen);
  const sessionHintId = useId();
  const [provider, setProvider] = useState<ProviderId>('openai');
  const [label, setLabel] = useState('');
  const [draft, setDraft] = useState<SettingsDraft>(() => initialDraft('openai'));
  const { busy, error, setError, run } = useAsyncAction();
  const headingId = useId();
  const labelHintId = useId();
  const errorId = useId();
  const definition = PROVIDERS[provider];
  const settings = buildSettings(provider, draft);
  const hostAccess = useHostAccess(serverUrlOf(provider, settings));
  // Providers the organisation does not allow cannot be picked (the worker refuses them too).
  const allowedProviders = usePolicy()?.allowedProviders;
  const allowed = (id: ProviderId) => !allowedProviders || allowedProviders.includes(id);
  const firstAllowed = allowedProviders?.[0];
  useEffect(() => {
    if (firstAllowed !== undefined && allowedProviders && !allowedProviders.includes(provider)) chooseProvider(firstAllowed);
    // Only when the policy changes, not on every pick.
  }, [allowedProviders]);

  function chooseProvider(next: ProviderId) {
    setProvider(next);
    setDraft(initialDraft(next));
    setError(undefined);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    if (baseUrlRequired(provider) && !settings.baseUrl) {
      setError(optionsStrings.settingsFields.baseUrlMissing);
      return;
    }
    // Before any await: the permission prompt needs the user's gesture.
    const need = hostAccess.need;
    const access = requestHostAccess(need, hostAccess.granted);
    const saved = await run(async () => {
      const outcome = await access;
      const secret = readSecret(form);
      if (definition.keyRequirement === 'required' && Object.keys(secret).length === 0) {
        throw new AppError('BAD_REQUEST', optionsStrings.keys.needsKey(definition.name));
      }
      const view = await call('keys.add', { provider, label: label.trim() || definition.name, secret, settings, ...(sessionOnly ? { sessionOnly: true as const } : {}) });
      return { view, hostDenied: outcome === 'denied' ? need?.origin : undefined };
    });
    if (!saved) return;
    clearSecret(form);
    onSaved(saved);
  }

  return (
    <form className="card stack key-form" onSubmit={submit} aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{optionsStrings.keys.addHeading}</h3>
      <label className="field">
        <span>{optionsStrings.keys.provider}</span>
        <select name="provider" value={provider} autoFocus onChange={(event) => chooseProvider(event.currentTarget.value as ProviderId)}>
          <optgroup label={optionsStrings.keys.hostedProviders}>
            {HOSTED.map((id) => (
              <option key={id} value={id} disabled={!allowed(id)}>
                {allowed(id) ? PROVIDERS[id].name : `${PROVIDERS[id].name} (${optionsStrings.policy.blocked})`}
              </option>
            ))}
          </optgroup>
          <optgroup label={optionsStrings.keys.localProviders}>
            {LOCAL.map((id) => (
              <option key={id} value={id} disabled={!allowed(id)}>
                {allowed(id) ? PROVIDERS[id].name : `${PROVIDERS[id].name} (${optionsStrings.policy.blocked})`}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <div className="field-group">
        <label className="field">
          <span>{optionsStrings.keys.label}</span>
          <input
            name="label"
            value={label}
            maxLength={100}
            autoComplete="off"
            placeholder={definition.name}
            aria-describedby={labelHintId}
            onChange={(event) => setLabel(event.currentTarget.value)}
          />
        </label>
        <p id={labelHintId} className="hint">
          {optionsStrings.keys.labelHint(definition.name)}
        </p>
      </div>
      {provider === 'bedrock' && (
        <BedrockAuthField value={bedrockAuthOf(draft)} onChange={(bedrockAuth) => setDraft((previous) => ({ ...previous, bedrockAuth }))} />
      )}
      <SecretFields provider={provider} settings={settings} />
      <SettingsFields
        provider={provider}
        draft={draft}
        onChange={(field, value) => setDraft((previous) => ({ ...previous, [field]: value }))}
        hostAccess={hostAccess}
      />
      {offerSession && (
        <div className="field-group">
          <label className="toggle">
            <input type="checkbox" name="sessionOnly" checked={sessionChosen} aria-describedby={sessionHintId} onChange={(event) => setSessionChosen(event.currentTarget.checked)} />
            <span>{optionsStrings.sessionKeys.choice}</span>
          </label>
          <p id={sessionHintId} className="hint">
            {optionsStrings.sessionKeys.choiceHint(sessionKeyLifetimeMs(status?.autoLock ?? 15) / 60_000)}
          </p>
        </div>
      )}
      {session === 'only' && <p className="hint">{optionsStrings.sessionKeys.choiceHint(sessionKeyLifetimeMs(status?.autoLock ?? 15) / 60_000)}</p>}
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? optionsStrings.keys.saving : optionsStrings.keys.save}
        </button>
        {/* A draft is tested before it is saved, with or without a vault (a session-only key); the worker refuses it only where neither a vault nor session-only keys can take it. */}
        {(status?.state === 'unlocked' || sessionOnly) && <TestConnectionButton
          request={async (event) => {
            const form = event.currentTarget.form;
            if (!form) return undefined;
            // Before any await: a custom server's permission prompt needs this click.
            const access = requestHostAccess(hostAccess.need, hostAccess.granted);
            const secret = readSecret(form);
            await access;
            return { draft: { provider, secret, settings } };
          }}
        />}
        <button type="button" onClick={onCancel} disabled={busy}>
          {strings.options.cancel}
        </button>
      </div>
    </form>
  );
}
