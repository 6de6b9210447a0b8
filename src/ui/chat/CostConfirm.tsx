import { renderPhrase } from '@/src/shared/i18n/text';
import type { BudgetEstimate } from '@/src/budget/schemas';
import { formatUsd } from '@/src/shared/money';
import { BudgetOverrideButton } from './BudgetOverrideButton';
import { strings } from '@/src/ui/strings';

/**
 * Shown before a large request, or one that reaches a budget: what it may cost, and a deliberate
 * choice. One button sends: when a budget is used up, it is the one that goes over it (the
 * background lets exactly this request past) and sends; otherwise it just sends.
 */
export function CostConfirm({ estimate, onSend, onCancel }: { estimate: BudgetEstimate; onSend: () => void; onCancel: () => void }) {
  const usedUp = estimate.notices.filter((notice) => notice.level === 'block');
  return (
    <div className="cost-confirm warning" role="alertdialog" aria-label={strings.chat.costCheck.label}>
      <p>{strings.chat.costCheck.estimate(estimate.inputTokens, estimate.outputTokens, estimate.costUsd === null ? null : formatUsd(estimate.costUsd))}</p>
      {estimate.notices.length > 0 && (
        <ul>
          {estimate.notices.map((notice) => (
            <li key={notice.capId}>{renderPhrase(notice.phrase)}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        {usedUp.length > 0 ? (
          <BudgetOverrideButton caps={usedUp} onAllowed={onSend} label={strings.chat.costCheck.overrideAndSend} />
        ) : (
          <button type="button" className="primary" onClick={onSend}>
            {strings.chat.costCheck.send}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {strings.chat.costCheck.cancel}
        </button>
      </div>
    </div>
  );
}
