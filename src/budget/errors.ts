import { renderPhrase } from '@/src/shared/i18n/text';
import type { AnswerError } from '@/src/chat/answer-record';
import type { BudgetNotice } from '@/src/budget/schemas';

/** A request refused because a cap is used up: shaped like a provider error of kind `budget-exceeded`. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  readonly kind = 'budget-exceeded';
  readonly retryable = false;

  constructor(readonly notice: BudgetNotice) {
    // Its words are for logs only; the answer keeps the notice's phrase, which the page renders.
    super(renderPhrase(notice.phrase));
  }

  toAnswerError(): AnswerError {
    return { kind: this.kind, phrase: this.notice.phrase, retryable: false };
  }
}
