/**
 * Where a user creates or finds a key for each provider that has such a page (local servers and a
 * custom server have none). Data for the pages only (the welcome, the add-key form): kept apart from
 * definitions.ts, which the worker bundles, so the worker's code names only the hosts it calls
 * (tests/security/store-readiness.spec.ts reads every URL in background.js as a call).
 */
import type { ProviderId } from './definitions';

export const KEY_PAGES: Partial<Record<ProviderId, string>> = {
  openai: 'https://platform.openai.com/api-keys',
  anthropic: 'https://console.anthropic.com/settings/keys',
  gemini: 'https://aistudio.google.com/apikey',
  vertex: 'https://console.cloud.google.com/apis/credentials',
  mistral: 'https://console.mistral.ai/api-keys',
  cohere: 'https://dashboard.cohere.com/api-keys',
  'azure-openai': 'https://portal.azure.com/',
  bedrock: 'https://console.aws.amazon.com/bedrock/home#/api-keys',
  openrouter: 'https://openrouter.ai/settings/keys',
  huggingface: 'https://huggingface.co/settings/tokens',
  groq: 'https://console.groq.com/keys',
};
