import { useEffect, useState } from 'react';
import { auditCsv, complianceReport, readAudit, reportCsv, type ComplianceReport, type EventCounts } from '@/src/audit/report';
import { addDays, startOfDay } from '@/src/usage/day';
import type { AuditRow } from '@/src/usage/rows';
import type { UsageDexie } from '@/src/usage/usage-dexie';
import { useExport } from '../use-export';
import { formatUsd } from '@/src/shared/money';
import { percent, stamp } from './format';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? text.none : entries.map(([name, count]) => `${name}: ${count}`).join(', ');
}

/** "vault.unlocked: 1 succeeded, 5 wrong passphrase, 3 throttled": each outcome apart, never one sum. */
function events(record: Record<string, EventCounts>): string {
  const entries = Object.entries(record);
  if (entries.length === 0) return text.none;
  return entries
    .map(([action, counts]) => {
      const outcomes = counts.ok > 0 || counts.failed === 0 ? [text.eventSucceeded(counts.ok)] : [];
      for (const [kind, count] of Object.entries(counts.failures)) outcomes.push(text.eventFailed(count, text.failureNames[kind] ?? kind));
      return `${action}: ${outcomes.join(', ')}`;
    })
    .join('; ');
}

/** The compliance report of the range, from the audit log, with JSON and CSV downloads. */
export function CompliancePanel({ db, fromDay, toDay, now }: { db: UsageDexie; fromDay: string; toDay: string; now: () => number }) {
  const save = useExport();
  const [data, setData] = useState<{ entries: AuditRow[]; report: ComplianceReport } | undefined>();
  useEffect(() => {
    let live = true;
    const from = startOfDay(fromDay);
    const to = startOfDay(addDays(toDay, 1)) - 1;
    void readAudit(db, from, to).then((entries) => live && setData({ entries, report: complianceReport(entries, from, to, now()) }));
    return () => {
      live = false;
    };
  }, [db, fromDay, toDay, now]);
  if (!data) return null;
  const { report, entries } = data;
  const name = `keyward-compliance-${stamp(fromDay)}-to-${stamp(toDay)}`;
  return (
    <section className="stack" aria-labelledby="usage-compliance">
      <h3 id="usage-compliance">{text.complianceHeading}</h3>
      <p className="muted">{text.complianceExplain}</p>
      {entries.length === 0 ? (
        <p className="empty-state">{text.noAuditEntries}</p>
      ) : (
        <>
          <dl className="usage-report">
            <dt>{text.totalCalls}</dt>
            <dd>{report.totalCalls}</dd>
            <dt>{text.successRate}</dt>
            <dd>{report.successRate === null ? '—' : percent(report.successRate)}</dd>
            <dt>{text.cost}</dt>
            <dd>{formatUsd(report.totalCost)}</dd>
            <dt>{text.sessions}</dt>
            <dd>{report.sessions}</dd>
            <dt>{text.byProvider}</dt>
            <dd>{counts(Object.fromEntries(Object.entries(report.byProvider).map(([provider, share]) => [provider, share.calls])))}</dd>
            <dt>{text.errorTypes}</dt>
            <dd>{counts(report.errorTypes)}</dd>
            <dt>{text.keyEvents}</dt>
            <dd>{events(report.keyEvents)}</dd>
          </dl>
          <div className="actions">
            <button type="button" onClick={() => save(`${name}.json`, JSON.stringify(report, null, 2))}>
              {text.reportJson}
            </button>
            <button type="button" onClick={() => save(`${name}.csv`, reportCsv(report), 'text/csv')}>
              {text.reportCsv}
            </button>
            <button type="button" onClick={() => save(`keyward-audit-${stamp(fromDay)}-to-${stamp(toDay)}.csv`, auditCsv(entries), 'text/csv')}>
              {text.auditCsv}
            </button>
            <button type="button" onClick={() => save(`keyward-audit-${stamp(fromDay)}-to-${stamp(toDay)}.json`, JSON.stringify(entries, null, 2))}>
              {text.auditJson}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
