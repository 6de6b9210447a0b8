import type { ProviderSettings, SecretInput } from '@/src/providers/schemas';
import { PROVIDERS, type ProviderId, type SecretField, type SettingField } from '@/src/providers/definitions';
import { isPlainHttpElsewhere } from '@/src/providers/hosts';

/**
 * What the settings inputs hold while being edited: plain strings, secrets never among them.
 * `allowInsecureHttp`: the host the user confirmed, for this save only, that the key may go to over
 * plain http (another computer); a tick for one address does not carry over to another.
 */
export type SettingsDraft = Partial<Record<SettingField | 'allowInsecureHttp', string>>;

export type BedrockAuth = NonNullable<ProviderSettings['bedrockAuth']>;

export function draftFrom(settings: ProviderSettings): SettingsDraft {
  const draft: SettingsDraft = {};
  for (const [field, value] of Object.entries(settings) as [SettingField | 'allowInsecureHttp', string | undefined][]) {
    // Plain http to another computer is confirmed afresh each time the settings are saved.
    if (typeof value === 'string' && field !== 'allowInsecureHttp') draft[field] = value;
  }
  return draft;
}

export function bedrockAuthOf(draft: SettingsDraft): BedrockAuth {
  return draft.bedrockAuth === 'api-key' ? 'api-key' : 'sigv4';
}

/** The settings payload: only the fields this provider uses, trimmed, empty ones left out. */
export function buildSettings(provider: ProviderId, draft: SettingsDraft): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const field of PROVIDERS[provider].settings) {
    if (field === 'bedrockAuth') {
      settings.bedrockAuth = bedrockAuthOf(draft);
      continue;
    }
    const value = draft[field]?.trim();
    if (value) settings[field] = value;
  }
  const insecureHost = insecureHttpHost(settings.baseUrl);
  if (insecureHost !== undefined && draft.allowInsecureHttp === insecureHost) settings.allowInsecureHttp = 'yes';
  return settings;
}

export const SECRET_INPUT_ATTRIBUTE = 'data-secret-field';

function secretInputs(form: HTMLFormElement): HTMLInputElement[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[${SECRET_INPUT_ATTRIBUTE}]`)];
}

/** Reads the secret fields of a form at submit time; empty fields are left out. */
export function readSecret(form: HTMLFormElement): SecretInput {
  const secret: SecretInput = {};
  for (const input of secretInputs(form)) {
    const field = input.getAttribute(SECRET_INPUT_ATTRIBUTE) as SecretField;
    if (input.value) secret[field] = input.value;
  }
  return secret;
}

export function clearSecret(form: HTMLFormElement): void {
  for (const input of secretInputs(form)) input.value = '';
}

/** The host of a base URL that would send the key over plain http to another computer, else undefined. */
export function insecureHttpHost(baseUrl: string | undefined): string | undefined {
  if (!baseUrl?.trim()) return undefined;
  try {
    const url = new URL(baseUrl.trim());
    return isPlainHttpElsewhere(url) ? url.host : undefined;
  } catch {
    return undefined;
  }
}
