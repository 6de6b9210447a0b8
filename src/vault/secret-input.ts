import { phrase, type MessageKey, type Phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { PROVIDERS, type ProviderId, type SecretField } from '@/src/providers/definitions';
import { isPlainHttpElsewhere } from '@/src/providers/hosts';
import type { ProviderSettings, SecretInput } from '@/src/providers/schemas';
import type { SecretPayload } from './format';

/** Which secret fields a provider takes, given its settings. */
export function secretFieldsFor(provider: ProviderId, settings: ProviderSettings): SecretField[] {
  if (provider === 'bedrock' && settings.bedrockAuth !== 'api-key') return ['accessKeyId', 'secretAccessKey', 'sessionToken'];
  return ['apiKey'];
}

function requiredFieldsFor(provider: ProviderId, settings: ProviderSettings): SecretField[] {
  if (PROVIDERS[provider].keyRequirement === 'optional') return [];
  if (provider === 'bedrock' && settings.bedrockAuth !== 'api-key') return ['accessKeyId', 'secretAccessKey'];
  return ['apiKey'];
}

const FIELD_NAMES = {
  apiKey: 'error_field_apiKey',
  accessKeyId: 'error_field_accessKeyId',
  secretAccessKey: 'error_field_secretAccessKey',
  sessionToken: 'error_field_sessionToken',
} as const satisfies Record<SecretField, MessageKey>;

/** Trims pasted whitespace, keeps only the fields this provider uses, and insists on the required ones. */
export function normalizeSecret(provider: ProviderId, settings: ProviderSettings, input: SecretInput): SecretPayload {
  const payload: SecretPayload = {};
  for (const field of secretFieldsFor(provider, settings)) {
    const value = input[field]?.trim();
    if (value) payload[field] = value;
  }
  for (const field of requiredFieldsFor(provider, settings)) {
    if (!payload[field]) {
      throw new AppError('BAD_REQUEST', phrase('error_needsField', PROVIDERS[provider].name, phrase(FIELD_NAMES[field])));
    }
  }
  return payload;
}

/**
 * Reasons a secret does not look like this provider's keys, as phrases the page renders. Never
 * quotes the secret itself. Worked out from the decrypted secret each time a key is shown, so
 * nothing about the secret's shape is stored beside it.
 */
export function formatWarnings(provider: ProviderId, payload: SecretPayload): Phrase[] {
  const warnings: Phrase[] = [];
  for (const [field, value] of Object.entries(payload) as [SecretField, string][]) {
    if (/\s/.test(value)) warnings.push(phrase('warning_whitespace', phrase(FIELD_NAMES[field])));
    if (/^bearer\s/i.test(value)) warnings.push(phrase('warning_bearer', phrase(FIELD_NAMES[field])));
  }
  const format = PROVIDERS[provider].keyFormat;
  if (format && payload.apiKey && !format.pattern.test(payload.apiKey)) {
    warnings.push(phrase('warning_keyFormat', PROVIDERS[provider].name, phrase(format.expectation)));
  }
  if (provider === 'bedrock') {
    if (payload.accessKeyId && !/^(?:AKIA|ASIA)[A-Z0-9]{16}$/.test(payload.accessKeyId)) {
      warnings.push(phrase('warning_awsAccessKeyId'));
    }
    if (payload.secretAccessKey && !/^[A-Za-z0-9/+=]{40}$/.test(payload.secretAccessKey)) {
      warnings.push(phrase('warning_awsSecretAccessKey'));
    }
    if (payload.accessKeyId?.startsWith('ASIA') && !payload.sessionToken) {
      warnings.push(phrase('warning_awsSessionToken'));
    }
  }
  return warnings;
}

/** First 3 and last 4 characters; short secrets show less so the mask never reveals most of one. */
export function maskSecret(payload: SecretPayload): string {
  const primary = payload.apiKey ?? payload.accessKeyId ?? '';
  if (primary.length >= 12) return `${primary.slice(0, 3)}…${primary.slice(-4)}`;
  if (primary.length >= 6) return `…${primary.slice(-2)}`;
  return primary ? '…' : '';
}

/** Drops settings the provider does not use, and checks the ones it does. */
export function normalizeSettings(provider: ProviderId, input: ProviderSettings): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const field of PROVIDERS[provider].settings) {
    const value = input[field];
    if (typeof value === 'string' && value.trim() !== '') Object.assign(settings, { [field]: value.trim() });
  }
  if (settings.baseUrl) {
    let url: URL;
    try {
      url = new URL(settings.baseUrl);
    } catch {
      throw new AppError('BAD_REQUEST', phrase('error_baseUrlInvalid'));
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError('BAD_REQUEST', phrase('error_baseUrlScheme'));
    }
    if (url.username || url.password) {
      throw new AppError('BAD_REQUEST', phrase('error_baseUrlCredentials'));
    }
    settings.baseUrl = url.href.replace(/\/+$/, '');
    // Plain http to another computer: only when the user confirmed it with this save (the forms never
    // pre-tick the box), and the flag is sealed with the key's other settings.
    if (isPlainHttpElsewhere(url)) {
      if (input.allowInsecureHttp !== 'yes') {
        throw new AppError(
          'BAD_REQUEST',
          phrase('error_plainHttp', url.host),
        );
      }
      settings.allowInsecureHttp = 'yes';
    }
  }
  if (provider === 'azure-openai' && !settings.azureResource && !settings.baseUrl) {
    throw new AppError('BAD_REQUEST', phrase('error_azureResource'));
  }
  if (provider === 'bedrock' && !settings.region) {
    throw new AppError('BAD_REQUEST', phrase('error_bedrockRegion'));
  }
  if (settings.region && !/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/.test(settings.region)) {
    throw new AppError('BAD_REQUEST', phrase('error_regionInvalid'));
  }
  return settings;
}

/** A plain-http endpoint that is not this computer sends the key readable by anyone on the way. */
export function settingsWarnings(settings: ProviderSettings): Phrase[] {
  if (!settings.baseUrl) return [];
  return isPlainHttpElsewhere(new URL(settings.baseUrl)) ? [phrase('warning_plainHttp')] : [];
}
