// Straight from wxt/browser, not ./browser: tests that replace ./browser with a partial fake still
// render text through WXT's fake browser (tests/unit/helpers/i18n-fake.ts).
import { browser } from 'wxt/browser';

/** The lookup as the browsers define it; WXT types its names from the messages file, src/shared/i18n types them with their substitutions. */
interface I18nApi {
  getMessage(name: string, substitutions?: string[]): string;
  getUILanguage(): string;
}

/**
 * The API, or undefined in Chrome's offscreen document (the hidden page, src/platform/hidden-page.ts),
 * which has `runtime` and nothing else: no words are shown there, and its errors keep their codes
 * and phrases (src/shared/errors.ts), which the pages render.
 */
function i18n(): I18nApi | undefined {
  return (browser as unknown as { i18n?: I18nApi }).i18n;
}

/**
 * The browser's message lookup (public/_locales): synchronous in pages, the worker and content
 * scripts, with the browser's own fallback to the default locale (en). '' when no locale has the
 * name, never the name itself, and where there is no lookup (the offscreen document). Call it
 * through src/shared/i18n, which types the names.
 */
export function getMessage(name: string, substitutions: readonly string[]): string {
  return i18n()?.getMessage(name, [...substitutions]) ?? '';
}

/** The browser's interface language, such as "en-US" (the document's where there is no lookup). */
export function getUILanguage(): string {
  return i18n()?.getUILanguage() ?? navigator.language;
}
