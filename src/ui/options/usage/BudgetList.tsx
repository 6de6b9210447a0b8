import { useState } from 'react';
import { renderPhrase } from '@/src/shared/i18n/text';
import { ConfirmDialog } from '@/src/ui/shared/ConfirmDialog';
import type { BudgetNotice } from '@/src/budget/schemas';
import { formatUsdPair } from '@/src/shared/money';
import { dateTime } from './format';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { isPolicyCap } from '@/src/policy/policy';
import { ManagedNote } from '../policy/ManagedNote';

const text = optionsStrings.usage;

const t = text.budgets;

function capitalised(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Each budget with what was spent under it, when it resets, and what can be done about it. */
export function BudgetList({ caps, busy, onOverride, onRemove }: { caps: readonly BudgetNotice[]; busy: boolean; onOverride: (capId: string) => void; onRemove: (capId: string) => void }) {
  if (caps.length === 0) return <p className="muted">{t.none}</p>;
  return (
    <ul className="budget-list">
      {caps.map((cap) => (
        <Budget key={cap.capId} cap={cap} busy={busy} onOverride={onOverride} onRemove={onRemove} />
      ))}
    </ul>
  );
}

function Budget({ cap, busy, onOverride, onRemove }: { cap: BudgetNotice; busy: boolean; onOverride: (capId: string) => void; onRemove: (capId: string) => void }) {
  const spent = t.spent(...formatUsdPair(cap.spentUsd, cap.limitUsd));
  const name = capitalised(renderPhrase(cap.namePhrase));
  const [confirming, setConfirming] = useState(false);
  // The organisation's caps: shown like the user's, never removed or passed from here (the worker refuses both).
  const managed = isPolicyCap(cap.capId);
  return (
    <li className="card stack">
      <strong>
        {name} {managed && <ManagedNote />}
      </strong>
      <meter className="budget-meter" min={0} max={cap.limitUsd} value={Math.min(cap.spentUsd, cap.limitUsd)} aria-label={name}>
        {spent}
      </meter>
      <span>
        {spent} · {t.resets(dateTime(cap.resetsAt))}
        {cap.level === 'block' && <span className="budget-block"> · {t.usedUp}</span>}
        {cap.level === 'warn' && <span className="budget-warn"> · {t.nearly}</span>}
      </span>
      <div className="actions">
        {cap.level === 'block' && !managed && (
          <button type="button" disabled={busy} onClick={() => onOverride(cap.capId)}>
            {t.allowOnce}
          </button>
        )}
        {!managed && (
          <button type="button" className="danger" disabled={busy} aria-haspopup="dialog" onClick={() => setConfirming(true)}>
            {t.remove}
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={t.removeTitle}
          confirmLabel={t.remove}
          onConfirm={() => {
            setConfirming(false);
            onRemove(cap.capId);
          }}
          onCancel={() => setConfirming(false)}
        >
          <p>{t.removeBody(name)}</p>
        </ConfirmDialog>
      )}
    </li>
  );
}
