import { renderPhrase } from '@/src/shared/i18n/text';
import type { BudgetNotice } from '@/src/budget/schemas';

/** Budgets at their warning share when this answer was asked for, in the UI language. */
export function BudgetWarning({ notices }: { notices: readonly BudgetNotice[] }) {
  return (
    <ul className="warning budget-warning" role="status">
      {notices.map((notice) => (
        <li key={notice.capId}>{renderPhrase(notice.phrase)}</li>
      ))}
    </ul>
  );
}
