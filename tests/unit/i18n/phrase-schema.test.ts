import { describe, expect, it } from 'vitest';
import { isPhrase } from '@/src/shared/i18n/phrase-schema';
import { phrase, renderPhrase } from '@/src/shared/i18n/text';

describe('phrases from another context', () => {
  it('take words, phrases and numbers the page writes', () => {
    const notice = phrase('budget_usedUp', phrase('budget_name_month_global'), { usd: 1.02, pairedWith: 1 }, { usd: 1, pairedWith: 1.02 }, { moment: Date.UTC(2026, 11, 31, 12) });
    expect(isPhrase(notice)).toBe(true);
    expect(isPhrase(phrase('budget_share', { share: 0.5 }, 'x', 'y', 'z', 'w'))).toBe(true);
    // The page writes the amounts, with the digits that tell the pair apart.
    expect(renderPhrase(notice)).toMatch(/^Used up: the monthly budget for all providers \(\$1\.02 of \$1\.00\)\. It resets /);
  });

  it('refuse anything else in a substitution: a number of no known kind, a non-finite one, extra fields, an object', () => {
    for (const param of [{ usd: Number.NaN }, { usd: '1' }, { share: Infinity }, { usd: 1, extra: 2 }, { when: 5 }, {}, 12, null]) {
      expect(isPhrase({ key: 'budget_share', params: [param] }), JSON.stringify(param)).toBe(false);
    }
  });
});
