import type { BudgetEstimate } from '@/src/messaging/schemas';
import { formatUsd } from '@/src/shared/money';
import { strings } from '@/src/ui/strings';

/** Shown before a large request, or one that reaches a budget: what it may cost, and a deliberate choice. */
export function CostConfirm({ estimate, onSend, onCancel }: { estimate: BudgetEstimate; onSend: () => void; onCancel: () => void }) {
  return (
    <div className="cost-confirm warning" role="alertdialog" aria-label={strings.chat.costCheck.label}>
      <p>{strings.chat.costCheck.estimate(estimate.inputTokens, estimate.outputTokens, estimate.costUsd === null ? null : formatUsd(estimate.costUsd))}</p>
      {estimate.notices.length > 0 && (
        <ul>
          {estimate.notices.map((notice) => (
            <li key={notice.capId}>{notice.message}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onSend}>
          {strings.chat.costCheck.send}
        </button>
        <button type="button" onClick={onCancel}>
          {strings.chat.costCheck.cancel}
        </button>
      </div>
    </div>
  );
}
