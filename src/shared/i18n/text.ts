/**
 * The one way user-facing text is written: every word lives in public/_locales/<lang>/messages.json
 * and is looked up by a typed name (messages.gen.ts, generated from the English file). Lookups are
 * synchronous and load nothing up front, in pages, the worker and (through its own tiny lookup) the
 * content script. Grammar that depends on a number is chosen here by the language's plural rules,
 * never by `=== 1` in code.
 */
import { getMessage, getUILanguage } from '@/src/platform/i18n';
import { formatCount, formatDateTime, formatNumber } from './format';
import { formatUsd, formatUsdPair } from '@/src/shared/money';
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

/**
 * Words decided in one place and written in another: a message name and its substitutions, where
 * a substitution may itself be a phrase (a reason inside a sentence). The worker and the domains
 * return phrases (errors, notices); the page that shows one renders it with renderPhrase.
 */
export interface Phrase {
  readonly key: MessageKey;
  readonly params: readonly PhraseParam[];
}

/**
 * A number inside a phrase, kept a number until the page writes it (format.ts, money.ts): an amount
 * in USD (`pairedWith`: the amount shown beside it, so both get the digits that tell them apart),
 * a share (0.5 is 50 %), or a moment (epoch ms, as a short weekday, date and time).
 */
export type PhraseValue = { readonly usd: number; readonly pairedWith?: number } | { readonly share: number } | { readonly moment: number };

export type PhraseParam = string | Phrase | PhraseValue;

/** A message's substitutions, each words, a phrase of its own, or a number the page writes. */
type PhraseParams<P extends readonly string[]> = { readonly [I in keyof P]: PhraseParam };

export function phrase<K extends MessageKey>(key: K, ...params: PhraseParams<MessageParams[K]>): Phrase {
  return { key, params: params as readonly PhraseParam[] };
}

/** A number inside a phrase, written in the UI language. */
export function renderValue(value: PhraseValue): string {
  if ('usd' in value) return value.pairedWith === undefined ? formatUsd(value.usd) : formatUsdPair(value.usd, value.pairedWith)[0];
  if ('share' in value) return formatNumber(value.share, { style: 'percent' });
  return formatDateTime(value.moment, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * A phrase chosen by `count`: the plural form is picked where the phrase is made, by the rules of
 * the language the messages are read in (the worker and the pages share the browser's UI language);
 * the words are written where it is shown.
 */
export function pluralPhrase<K extends PluralKey>(key: K, count: number, ...params: PluralParams[K]): Phrase {
  const substitutions: string[] = [formatCount(count), ...(params as readonly string[])];
  const name = pluralName(key, count, textLanguage(), (candidate) => getMessage(candidate, substitutions) !== '');
  return { key: name as MessageKey, params: substitutions };
}

const MAX_PHRASE_DEPTH = 3;

/** A phrase's words in the UI language; the generic error text, never a message name, for a name no language has. */
export function renderPhrase(value: Phrase, depth = 0): string {
  const params = value.params.map((param) =>
    typeof param === 'string' ? param : !('key' in param) ? renderValue(param) : depth < MAX_PHRASE_DEPTH ? renderPhrase(param, depth + 1) : '',
  );
  return getMessage(value.key, params) || getMessage('genericError', []);
}
