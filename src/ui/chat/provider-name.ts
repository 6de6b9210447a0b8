import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { strings } from '@/src/ui/strings';

export function isProviderId(provider: string): provider is ProviderId {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, provider);
}

/** A provider's display name; Chrome's on-device model and unknown ids get readable names too. */
export function providerName(provider: string): string {
  if (isProviderId(provider)) return PROVIDERS[provider].name;
  if (provider === 'chrome-built-in') return strings.chat.picker.builtIn;
  if (provider === 'in-browser') return strings.chat.picker.inBrowserAnswered;
  return provider;
}
