import type { BudgetNotice } from '@/src/budget/schemas';

/** Budgets at their warning share when this answer was asked for, in the background's words. */
export function BudgetWarning({ notices }: { notices: readonly BudgetNotice[] }) {
  return (
    <ul className="warning budget-warning" role="status">
      {notices.map((notice) => (
        <li key={notice.capId}>{notice.message}</li>
      ))}
    </ul>
  );
}
