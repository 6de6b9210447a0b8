// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { noticeOf } from '@/src/budget/notice';
import { BudgetExceededError } from '@/src/budget/errors';
import { makeError } from '@/src/providers/errors';
import { answerErrorText, AnswerError } from '@/src/chat/answer-record';
import { renderPhrase } from '@/src/shared/i18n/text';
import { AnswerErrorView } from '@/src/ui/chat/AnswerErrorView';
import { BudgetWarning } from '@/src/ui/chat/BudgetWarning';

/** Every string anywhere in `value`: what would cross to a page or be saved to disk. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** Three words in a row: a sentence someone wrote, not a name, an amount or a date. */
const SENTENCE = /\p{L}+\s+\p{L}+\s+\p{L}+/u;

const cap = { id: 'cap-1', scope: 'key' as const, target: 'key-1', period: 'month' as const, limitUsd: 10 };
const resetsAt = Date.UTC(2026, 11, 1);

afterEach(cleanup);

describe('the worker sends phrases, the page renders words', () => {
  it('a budget notice carries phrases and numbers, no sentence', () => {
    for (const level of ['block', 'warn'] as const) {
      const notice = noticeOf({ cap, spentUsd: level === 'block' ? 10.5 : 8.4, level, resetsAt, keyLabel: 'Work', estimateUsd: null });
      expect(notice.phrase.key).toBe(level === 'block' ? 'budget_usedUp' : 'budget_share');
      expect(notice.namePhrase).toEqual({ key: 'budget_name_month_key', params: ['Work'] });
      expect(strings(notice).filter((text) => SENTENCE.test(text))).toEqual([]);
      // Rendered, the same words as before.
      expect(renderPhrase(notice.phrase)).toContain(level === 'block' ? 'Used up: the monthly budget for the key "Work" ($10.50 of $10.00). It resets' : '84% of the monthly budget for the key "Work" is spent ($8.40 of $10.00).');
    }
  });

  it('a stored answer error carries a phrase and no sentence, and passes the record schema', () => {
    const notice = noticeOf({ cap, spentUsd: 10.5, level: 'block', resetsAt, keyLabel: 'Work', estimateUsd: null });
    const provider = makeError('server', { provider: 'openai', secrets: [] }, { status: 503 });
    const errors: AnswerError[] = [new BudgetExceededError(notice).toAnswerError(), { kind: provider.kind, phrase: provider.phrase!, retryable: provider.retryable }];
    for (const error of errors) {
      expect(AnswerError.safeParse(error).success).toBe(true);
      expect(error.phrase).toBeDefined();
      expect(error.message).toBeUndefined();
      expect(strings(error).filter((text) => SENTENCE.test(text))).toEqual([]);
    }
    expect(answerErrorText(errors[1]!)).toBe(provider.message);
    expect(provider.message).toContain('OpenAI');
  });

  it('the page renders a notice and a stored error in English', () => {
    const notice = noticeOf({ cap, spentUsd: 8.4, level: 'warn', resetsAt, keyLabel: 'Work', estimateUsd: 5 });
    render(<BudgetWarning notices={[notice]} />);
    expect(screen.getByRole('status').textContent).toBe('This request (about $5.00) would go past the monthly budget for the key "Work" ($8.40 of $10.00 spent).');
    render(<AnswerErrorView error={new BudgetExceededError({ ...notice, level: 'block' }).toAnswerError()} at={0} vaultLocked={false} budget={[]} />);
    expect(screen.getByRole('alert').textContent).toBe('This request (about $5.00) would go past the monthly budget for the key "Work" ($8.40 of $10.00 spent).');
  });

  it('an answer saved by an older version, with English words and no phrase, still shows them', () => {
    const old = { kind: 'server', message: 'OpenAI had a temporary problem. Try again.', retryable: true };
    expect(AnswerError.safeParse(old).success).toBe(true);
    render(<AnswerErrorView error={old} at={0} vaultLocked={false} budget={[]} />);
    expect(screen.getByRole('alert').textContent).toBe('OpenAI had a temporary problem. Try again.');
  });
});
