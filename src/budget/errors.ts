import type { AnswerError } from '@/src/chat/answer-record';
import type { BudgetNotice } from '@/src/budget/schemas';

/** A request refused because a cap is used up: shaped like a provider error of kind `budget-exceeded`. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
  readonly kind = 'budget-exceeded';
  readonly retryable = false;

  constructor(readonly notice: BudgetNotice) {
    super(notice.message);
  }

  toAnswerError(): AnswerError {
    return { kind: this.kind, message: this.message, retryable: false };
  }
}
