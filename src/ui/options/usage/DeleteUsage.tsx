import { useState } from 'react';
import { send } from '@/src/messaging/client';
import { ConfirmDialog } from '@/src/ui/shared/ConfirmDialog';
import { useAsyncAction } from '../use-async-action';
import { optionsStrings } from '@/src/ui/options/options-strings';
import { usePolicy } from '../policy/policy-state';
import { ManagedNote } from '../policy/ManagedNote';

const text = optionsStrings.usage;

/** "Delete all usage data", behind a confirmation; the worker deletes (and audits it). */
export function DeleteUsage() {
  const [open, setOpen] = useState(false);
  const [includeAudit, setIncludeAudit] = useState(false);
  // The organisation keeps the audit log: it cannot be deleted with the rest.
  const auditKept = usePolicy()?.auditRetentionMinDays !== undefined;
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAsyncAction();

  async function confirm() {
    const result = await run(() => send('usage.deleteAll', { confirm: 'DELETE USAGE DATA', includeAudit: includeAudit && !auditKept }));
    if (!result) return;
    setOpen(false);
    setDone(true);
  }

  return (
    <section className="stack danger-zone" aria-labelledby="usage-delete">
      <h3 id="usage-delete">{text.deleteHeading}</h3>
      <p>{text.deleteExplain}</p>
      <div className="actions">
        <button
          type="button"
          className="danger"
          onClick={() => {
            setDone(false);
            setOpen(true);
          }}
        >
          {text.deleteButton}
        </button>
      </div>
      <p role="status" className="success">
        {done ? text.deleted : ''}
      </p>
      {open && (
        <ConfirmDialog title={text.deleteTitle} confirmLabel={text.deleteConfirm} busyLabel={text.deleting} busy={busy} error={error} onConfirm={() => void confirm()} onCancel={() => setOpen(false)}>
          <p>{text.deleteBody}</p>
          <label className="inline">
            <input type="checkbox" checked={includeAudit && !auditKept} disabled={auditKept} onChange={(event) => setIncludeAudit(event.target.checked)} /> {text.deleteAudit}{' '}
            {auditKept && <ManagedNote />}
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}
