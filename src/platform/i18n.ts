// Straight from wxt/browser, not ./browser: tests that replace ./browser with a partial fake still
// render text through WXT's fake browser (tests/unit/helpers/i18n-fake.ts).
import { browser } from 'wxt/browser';

/** The lookup as the browsers define it; WXT types its names from the messages file, src/shared/i18n types them with their substitutions. */
interface I18nApi {
  getMessage(name: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

/**
 * The browser's message lookup (public/_locales): synchronous in pages, the worker and content
 * scripts, with the browser's own fallback to the default locale (en). '' when no locale has the
 * name, never the name itself. Call it through src/shared/i18n, which types the names.
 */
export function getMessage(name: string, substitutions: readonly string[]): string {
  return (browser.i18n as unknown as I18nApi).getMessage(name, [...substitutions]) ?? '';
}

/** The browser's interface language, such as "en-US". */
export function getUILanguage(): string {
  return (browser.i18n as unknown as I18nApi).getUILanguage();
}
