import { useState } from 'react';
import { send } from '@/src/messaging/client';
import type { BudgetNotice } from '@/src/budget/schemas';
import { AppError } from '@/src/shared/errors';
import { strings } from '@/src/ui/strings';

/**
 * The deliberate one-time override of a used-up budget: the background lets exactly the next
 * request through for each cap and records it in the audit log; then the answer is asked again.
 */
export function BudgetOverrideButton({ caps, onAllowed, label = strings.chat.budgetOverride }: { caps: readonly BudgetNotice[]; onAllowed: () => void; label?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function allow() {
    setBusy(true);
    setError(undefined);
    try {
      for (const cap of caps) await send('budget.override', { capId: cap.capId });
      onAllowed();
    } catch (caught) {
      setError(caught instanceof AppError ? caught.message : strings.genericError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="danger" onClick={allow} disabled={busy}>
        {label}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}
