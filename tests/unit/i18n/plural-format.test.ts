import { describe, expect, it } from 'vitest';
import { installFakeI18n, type MessageSet } from '../helpers/i18n-fake';
import { formatCount, formatNumber } from '@/src/shared/i18n/format';
import { plural, pluralName, pluralPhrase, renderPhrase, t, textLanguage } from '@/src/shared/i18n/text';
import { formatUsd } from '@/src/shared/money';
import { strings } from '@/src/ui/strings';

const count = { count: { content: '$1' } };

/** Polish has four forms (1; 2-4 and 22-24...; 5-21 and 25...; fractions), English two. */
const polish: MessageSet = {
  meta_language: { message: 'pl' },
  history_total_one: { message: '$COUNT$ rozmowa', placeholders: count },
  history_total_few: { message: '$COUNT$ rozmowy', placeholders: count },
  history_total_many: { message: '$COUNT$ rozmów', placeholders: count },
  history_total_other: { message: '$COUNT$ rozmowy (ułamek)', placeholders: count },
};

describe('plurals by the language’s rules', () => {
  it('picks the Polish form for each count when the UI and the messages are Polish', () => {
    installFakeI18n(polish, 'pl-PL');
    expect(textLanguage()).toBe('pl-PL');
    expect([1, 2, 4, 5, 12, 21, 22, 25, 1.5].map((n) => plural('history_total', n))).toEqual([
      '1 rozmowa',
      '2 rozmowy',
      '4 rozmowy',
      '5 rozmów',
      '12 rozmów',
      '21 rozmów',
      '22 rozmowy',
      '25 rozmów',
      '1,5 rozmowy (ułamek)',
    ]);
    // The facade the pages use goes through the same choice.
    expect(strings.history.total(3)).toBe('3 rozmowy');
  });

  it('a plural phrase made in the worker carries the Polish form, and the page writes the same words', () => {
    installFakeI18n(polish, 'pl-PL');
    const made = [1, 3, 5].map((n) => pluralPhrase('history_total', n));
    expect(made.map((value) => value.key)).toEqual(['history_total_one', 'history_total_few', 'history_total_many']);
    expect(made.map((value) => renderPhrase(value))).toEqual(['1 rozmowa', '3 rozmowy', '5 rozmów']);
  });

  it('chooses by Arabic rules (zero, one, two, few, many, other) and falls back to _other for a form the messages lack', () => {
    const names = new Set(['x_zero', 'x_two', 'x_few', 'x_other']);
    const has = (name: string) => names.has(name);
    expect([0, 1, 2, 3, 11, 100].map((n) => pluralName('x', n, 'ar', has))).toEqual(['x_zero', 'x_other', 'x_two', 'x_few', 'x_other', 'x_other']);
    // English has only one and other: 0 and 2 are "other".
    expect([0, 1, 2].map((n) => pluralName('x', n, 'en', () => true))).toEqual(['x_other', 'x_one', 'x_other']);
  });

  it('keeps English words and English numbers when the UI language has no translation', () => {
    installFakeI18n({}, 'de-DE');
    expect(textLanguage()).toBe('en');
    expect(plural('history_total', 1)).toBe('1 conversation');
    expect(plural('history_total', 2)).toBe('2 conversations');
    expect(formatNumber(1234.5)).toBe('1,234.5');
  });

  it('writes numbers and money in the UI language when the messages are in it', () => {
    installFakeI18n({ meta_language: { message: 'de' } }, 'de-DE');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatCount(10000)).toBe('10.000');
    expect(formatUsd(1234.5)).toBe('1.234,50\u00a0$');
    installFakeI18n({}, 'en-US');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(-0.001)).toBe('-$0.001');
    expect(formatUsd(-1e-7)).toBe('$0.00');
    expect(formatUsd(0.00004)).toBe('<$0.0001');
  });

  it('never shows a message name: a name no language has reads as nothing', () => {
    installFakeI18n({}, 'en-US');
    expect(t('missing_name' as 'chat_send')).toBe('');
  });
});
