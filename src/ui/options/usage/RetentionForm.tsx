import { useId, useState, type FormEvent } from 'react';
import type { SpendSettings } from '@/src/settings/schemas';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { usePolicy } from '../policy/policy-state';
import { ManagedNote } from '../policy/ManagedNote';

const text = optionsStrings.usage;

const t = text.budgets;
type Retention = SpendSettings['retention'];
const FIELDS = Object.keys(t.retention) as (keyof Retention)[];

/** The warning share and how long each kind of usage data is kept. */
export function RetentionForm({ settings, busy, onSave }: { settings: SpendSettings; busy: boolean; onSave: (update: Partial<SpendSettings>) => void }) {
  const id = useId();
  // The organisation keeps the audit log at least this long: the field cannot go below it (the worker refuses it too).
  const auditFloor = usePolicy()?.auditRetentionMinDays;
  const [warnAt, setWarnAt] = useState(String(Math.round(settings.warnAt * 100)));
  const [retention, setRetention] = useState<Record<keyof Retention, string>>(
    Object.fromEntries(FIELDS.map((field) => [field, String(settings.retention[field])])) as Record<keyof Retention, string>,
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const numbers = Object.fromEntries(FIELDS.map((field) => [field, Math.round(Number(retention[field]))])) as Retention;
    onSave({ warnAt: Math.min(100, Math.max(5, Number(warnAt))) / 100, retention: { ...numbers, auditKeep: Math.min(numbers.auditKeep, numbers.auditMax) } });
  }

  return (
    <form className="stack card" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <label htmlFor={`${id}-warn`}>{t.warnAt}</label>
      <input id={`${id}-warn`} type="number" min="5" max="100" step="1" value={warnAt} onChange={(event) => setWarnAt(event.target.value)} aria-describedby={`${id}-warn-hint`} />
      <p id={`${id}-warn-hint`} className="muted">
        {t.warnAtHint}
      </p>
      <h3 id={`${id}-heading`}>{t.retentionHeading}</h3>
      {FIELDS.map((field) => (
        <div key={field} className="stack">
          <label htmlFor={`${id}-${field}`}>
            {t.retention[field]} {field === 'auditDays' && auditFloor !== undefined && <ManagedNote />}
          </label>
          <input
            id={`${id}-${field}`}
            type="number"
            min={field === 'auditDays' && auditFloor !== undefined ? auditFloor : field.startsWith('audit') && !field.endsWith('Days') ? 10 : 1}
            step="1"
            value={retention[field]}
            onChange={(event) => setRetention((current) => ({ ...current, [field]: event.target.value }))}
          />
        </div>
      ))}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t.save}
        </button>
      </div>
    </form>
  );
}
