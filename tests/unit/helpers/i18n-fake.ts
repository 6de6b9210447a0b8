/**
 * browser.i18n for unit tests (WXT's fake browser leaves it unimplemented): the real English
 * messages of public/_locales/en, looked up and substituted as the browsers do (names are
 * case-insensitive, $NAME$ placeholders carry $1..$9, $$ is a dollar sign, a missing name is '').
 * Tests of other languages pass their own message set and UI language.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { englishMessages, renderMessage, type MessageEntry, type MessageSet } from '../../fixtures/messages';

export { englishMessages, type MessageSet };

/** Makes fakeBrowser.i18n answer from `messages` (then from English, as the browsers fall back to default_locale) in `uiLanguage`. */
export function installFakeI18n(messages: MessageSet = englishMessages, uiLanguage = 'en-US'): void {
  const lookup = new Map<string, MessageEntry>();
  for (const set of [englishMessages, messages]) for (const [name, entry] of Object.entries(set)) lookup.set(name.toLowerCase(), entry);
  fakeBrowser.i18n.getMessage = ((name: string, substitutions?: string | string[]) => {
    const entry = lookup.get(name.toLowerCase());
    if (!entry) return '';
    return renderMessage(entry, typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []));
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => uiLanguage;
}
