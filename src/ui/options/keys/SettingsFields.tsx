import { useId } from 'react';
import { PROVIDERS, type ProviderId, type SettingField } from '@/src/providers/definitions';
import type { HostAccessNeed } from './host-access';
import { insecureHttpHost, type BedrockAuth, type SettingsDraft } from './key-form';
import { optionsStrings } from '@/src/ui/options/options-strings';

type TextSetting = Exclude<SettingField, 'bedrockAuth'>;

const TEXT_FIELDS: Record<TextSetting, { label: string; hint?: string; placeholder?: string; type?: 'url' }> = {
  baseUrl: { label: optionsStrings.settingsFields.baseUrl, type: 'url' },
  azureResource: { label: optionsStrings.settingsFields.azureResource, hint: optionsStrings.settingsFields.azureResourceHint, placeholder: 'my-resource' },
  azureDeployment: { label: optionsStrings.settingsFields.azureDeployment, hint: optionsStrings.settingsFields.azureDeploymentHint, placeholder: 'gpt-4o' },
  azureApiVersion: { label: optionsStrings.settingsFields.azureApiVersion, hint: optionsStrings.settingsFields.azureApiVersionHint, placeholder: '2024-10-21' },
  region: { label: optionsStrings.settingsFields.region, hint: optionsStrings.settingsFields.regionHint, placeholder: 'us-east-1' },
  vertexProject: { label: optionsStrings.settingsFields.vertexProject, hint: optionsStrings.settingsFields.vertexProjectHint, placeholder: 'my-project' },
  vertexLocation: { label: optionsStrings.settingsFields.vertexLocation, hint: optionsStrings.settingsFields.vertexLocationHint, placeholder: 'us-central1' },
};

/** The base URL is required only where there is no standard endpoint to fall back to. */
export function baseUrlRequired(provider: ProviderId): boolean {
  return provider === 'custom';
}

function baseUrlHint(provider: ProviderId): string {
  const definition = PROVIDERS[provider];
  if (baseUrlRequired(provider)) return optionsStrings.settingsFields.baseUrlRequired;
  return definition.defaultBaseUrl ? optionsStrings.settingsFields.baseUrlDefault(definition.defaultBaseUrl) : optionsStrings.settingsFields.baseUrlNoDefault;
}

function TextSettingField({
  field,
  provider,
  value,
  onChange,
  extraHint,
}: {
  field: TextSetting;
  provider: ProviderId;
  value: string;
  onChange: (value: string) => void;
  extraHint?: string | undefined;
}) {
  const hintId = useId();
  const extraId = useId();
  const meta = TEXT_FIELDS[field];
  const isBaseUrl = field === 'baseUrl';
  const hint = isBaseUrl ? baseUrlHint(provider) : meta.hint;
  const required = (isBaseUrl && baseUrlRequired(provider)) || (provider === 'bedrock' && field === 'region');
  const placeholder = isBaseUrl ? (PROVIDERS[provider].defaultBaseUrl ?? 'https://') : meta.placeholder;
  return (
    <div className="field-group">
      <label className="field">
        <span>{meta.label}</span>
        <input
          type={meta.type ?? 'text'}
          name={field}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          required={required}
          aria-describedby={[hint ? hintId : '', extraHint ? extraId : ''].filter(Boolean).join(' ') || undefined}
        />
      </label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {extraHint && (
        <p id={extraId} className="hint" aria-live="polite">
          {extraHint}
        </p>
      )}
    </div>
  );
}

/** Bedrock's choice between AWS access keys (SigV4 signing) and a Bedrock API key. */
export function BedrockAuthField({ value, onChange, fixed = false }: { value: BedrockAuth; onChange: (value: BedrockAuth) => void; fixed?: boolean }) {
  const hintId = useId();
  return (
    <div className="field-group">
      <label className="field">
        <span>{optionsStrings.settingsFields.bedrockAuth}</span>
        <select
          name="bedrockAuth"
          value={value}
          disabled={fixed}
          aria-describedby={fixed ? hintId : undefined}
          onChange={(event) => onChange(event.currentTarget.value === 'api-key' ? 'api-key' : 'sigv4')}
        >
          <option value="sigv4">{optionsStrings.settingsFields.bedrockSigv4}</option>
          <option value="api-key">{optionsStrings.settingsFields.bedrockApiKey}</option>
        </select>
      </label>
      {fixed && (
        <p id={hintId} className="hint">
          {optionsStrings.settingsFields.bedrockAuthFixed}
        </p>
      )}
    </div>
  );
}

/** The provider's non-secret connection settings (everything but Bedrock's auth mode). */
export function SettingsFields({
  provider,
  draft,
  onChange,
  hostAccess,
}: {
  provider: ProviderId;
  draft: SettingsDraft;
  onChange: (field: SettingField | 'allowInsecureHttp', value: string) => void;
  hostAccess: { need: HostAccessNeed | undefined; granted: boolean };
}) {
  const insecureHost = insecureHttpHost(draft.baseUrl);
  const fields = PROVIDERS[provider].settings.filter((field): field is TextSetting => field !== 'bedrockAuth');
  const accessHint = hostAccess.need
    ? hostAccess.granted
      ? optionsStrings.hostAccess.granted(hostAccess.need.origin)
      : optionsStrings.hostAccess.willAsk(hostAccess.need.origin)
    : undefined;
  return (
    <>
      {fields.map((field) => (
        <TextSettingField
          key={field}
          field={field}
          provider={provider}
          value={draft[field] ?? ''}
          onChange={(value) => onChange(field, value)}
          extraHint={field === 'baseUrl' ? accessHint : undefined}
        />
      ))}
      {insecureHost !== undefined && (
        <label className="toggle insecure-http">
          <input
            type="checkbox"
            name="allowInsecureHttp"
            checked={draft.allowInsecureHttp === insecureHost}
            onChange={(event) => onChange('allowInsecureHttp', event.currentTarget.checked ? insecureHost : '')}
          />
          <span>{optionsStrings.settingsFields.insecureHttp(insecureHost)}</span>
        </label>
      )}
    </>
  );
}
