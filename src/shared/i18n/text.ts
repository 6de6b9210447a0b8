/**
 * The one way user-facing text is written: every word lives in public/_locales/<lang>/messages.json
 * and is looked up by a typed name (messages.gen.ts, generated from the English file). Lookups are
 * synchronous and load nothing up front, in pages, the worker and (through its own tiny lookup) the
 * content script. Grammar that depends on a number is chosen here by the language's plural rules,
 * never by `=== 1` in code.
 */
import { getMessage, getUILanguage } from '@/src/platform/i18n';
import { formatCount } from './format';
import type { MessageParams, PluralParams } from './messages.gen';

export type MessageKey = keyof MessageParams;
export type PluralKey = keyof PluralParams;

/** The message `key` with its substitutions, in the UI language (English when it has no translation). */
export function t<K extends MessageKey>(key: K, ...params: MessageParams[K]): string {
  return getMessage(key, params);
}

/**
 * The language the shown text is in, for Intl: the browser's UI language when the messages are
 * in that language (so en-GB dates with English text), else the language of the messages the
 * browser fell back to (English numbers beside English words, not German ones).
 */
export function textLanguage(): string {
  const own = getMessage('meta_language', []) || 'en';
  let ui: string;
  try {
    ui = Intl.getCanonicalLocales(getUILanguage())[0] ?? own;
  } catch {
    return own;
  }
  return ui.split('-')[0]?.toLowerCase() === own.split('-')[0]?.toLowerCase() ? ui : own;
}

const rules = new Map<string, Intl.PluralRules>();

/**
 * The message name for `count`: `${base}_${form}` by the plural rules of `language` (one, few,
 * many, ...) when the messages have that form, else `${base}_other`, which every plural has.
 */
export function pluralName(base: string, count: number, language: string, has: (name: string) => boolean): string {
  let select = rules.get(language);
  if (!select) {
    select = new Intl.PluralRules(language);
    rules.set(language, select);
  }
  const name = `${base}_${select.select(count)}`;
  return has(name) ? name : `${base}_other`;
}

/** A message chosen by `count` (its first substitution, written as formatCount writes it). */
export function plural<K extends PluralKey>(key: K, count: number, ...params: PluralParams[K]): string {
  const language = textLanguage();
  const substitutions = [formatCount(count), ...params];
  const name = pluralName(key, count, language, (candidate) => getMessage(candidate, substitutions) !== '');
  return getMessage(name, substitutions);
}
