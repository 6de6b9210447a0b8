/**
 * Numbers, dates and relative times in the language of the shown text (textLanguage), through Intl.
 * The one place formats are made: formatters are built on first use and kept per language and options.
 * Files meant for other programs (CSV and JSON exports) keep their fixed formats and do not use this.
 */
import { textLanguage } from './text';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(kind: string, options: object, make: (language: string) => T): T {
  const language = textLanguage();
  const id = `${kind}|${language}|${JSON.stringify(options)}`;
  let format = cache.get(id) as T | undefined;
  if (!format) {
    format = make(language);
    cache.set(id, format);
  }
  return format;
}

export function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached('number', options, (language) => new Intl.NumberFormat(language, options));
}

/** "1,234" in English, "1.234" in German. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return numberFormat(options).format(value);
}

/**
 * A count inside a sentence ("10,000 conversations", "Retry in 5 s"): the UI language's digits and
 * its own grouping, as every other number the pages write.
 */
export function formatCount(value: number): string {
  return numberFormat({}).format(value);
}

/** A moment as a date and time, "Dec 5, 2026, 8:05 PM" by default. */
export function formatDateTime(ms: number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return cached('date', options, (language) => new Intl.DateTimeFormat(language, options)).format(ms);
}

/** "in 3 days", "yesterday", "5 minutes ago". */
export function formatRelative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  return cached('relative', { numeric: 'auto' }, (language) => new Intl.RelativeTimeFormat(language, { numeric: 'auto' })).format(value, unit);
}
