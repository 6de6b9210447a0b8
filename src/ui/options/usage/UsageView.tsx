import { useEffect, useId, useState } from 'react';
import { send } from '@/src/messaging/client';
import type { SpendSettings } from '@/src/settings/schemas';
import { sumRows } from '@/src/usage/aggregate';
import { addDays, dayKey, firstOfMonth } from '@/src/usage/day';
import { isChatRow } from '@/src/usage/rows';
import { UsageDexie } from '@/src/usage/usage-dexie';
import { CompliancePanel } from './CompliancePanel';
import { DeleteUsage } from './DeleteUsage';
import { SavingsPanel } from './SavingsPanel';
import { TotalsCard } from './UsageTotals';
import { UsageBreakdown } from './UsageBreakdown';
import { UsageCharts } from './UsageCharts';
import { UsageExport } from './UsageExport';
import { useDailyRows } from './use-daily-rows';
import './usage.css';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

let sharedDb: UsageDexie | undefined;

export interface UsageViewProps {
  /** Tests pass their own database and clock. */
  db?: UsageDexie;
  now?: () => number;
}

/**
 * The Usage view of the options page: totals for today, this month and a chosen range; charts; a
 * sortable breakdown; exports; the cost on a reference model; the compliance report; deleting the
 * data. It reads the usage database directly; only deleting goes through the background.
 */
export function UsageView({ db = (sharedDb ??= new UsageDexie()), now = Date.now }: UsageViewProps) {
  const today = dayKey(now());
  const [range, setRange] = useState({ from: addDays(today, -29), to: today });
  const [settings, setSettings] = useState<Pick<SpendSettings, 'retention'> | undefined>();
  const fromId = useId();
  const toId = useId();
  const monthStart = firstOfMonth(today);
  const state = useDailyRows(db, range.from < monthStart ? range.from : monthStart, range.to > today ? range.to : today);

  useEffect(() => {
    void send('spendSettings.get', {}).then(setSettings, () => undefined);
  }, []);
  // Nothing recorded at all (not just in the range): say how usage comes, instead of empty charts.
  const [hasUsage, setHasUsage] = useState<boolean | undefined>();
  useEffect(() => {
    let live = true;
    void db.daily.count().then(
      (count) => live && setHasUsage(count > 0),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [db]);

  if (state.status === 'loading') return <p className="muted" aria-busy="true">{text.loading}</p>;
  if (state.status === 'failed') return <p role="alert" className="error">{text.loadFailed}</p>;
  const inRange = state.rows.filter((row) => row.day >= range.from && row.day <= range.to);
  // Connection tests and model lists are counted on the cards, apart; the charts and the breakdown are of chat calls.
  const chatInRange = inRange.filter(isChatRow);
  const setDay = (field: 'from' | 'to') => (value: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    setRange((current) => {
      const next = { ...current, [field]: value };
      return next.from <= next.to ? next : { from: next.to, to: next.from };
    });
  };

  return (
    <section className="stack usage-view" aria-labelledby="usage-heading">
      <h2 id="usage-heading">{text.heading}</h2>
      <p className="muted">{text.explain}</p>
      {state.damaged > 0 && (
        <p role="status" className="warning">
          {text.damagedRows(state.damaged)}
        </p>
      )}
      <fieldset className="usage-range">
        <legend>{text.rangeLabel}</legend>
        <label htmlFor={fromId}>{text.from}</label>
        <input id={fromId} type="date" value={range.from} max={range.to} onChange={(event) => setDay('from')(event.target.value)} />
        <label htmlFor={toId}>{text.to}</label>
        <input id={toId} type="date" value={range.to} min={range.from} onChange={(event) => setDay('to')(event.target.value)} />
      </fieldset>
      <div className="usage-cards">
        <TotalsCard title={text.today} totals={sumRows(state.rows.filter((row) => row.day === today))} />
        <TotalsCard title={text.thisMonth} totals={sumRows(state.rows.filter((row) => row.day >= monthStart && row.day <= today))} />
        <TotalsCard title={`${text.range} (${range.from} – ${range.to})`} totals={sumRows(inRange)} />
      </div>
      {hasUsage === false ? (
        <div className="empty-state">
          <p>{text.noUsageYet}</p>
        </div>
      ) : (
        <>
          <UsageCharts rows={chatInRange} fromDay={range.from} toDay={range.to} />
          <UsageBreakdown rows={chatInRange} />
          <UsageExport db={db} rows={inRange} fromDay={range.from} toDay={range.to} detailDays={settings?.retention.detailDays ?? 30} />
          <SavingsPanel db={db} fromDay={range.from} toDay={range.to} />
        </>
      )}
      <CompliancePanel db={db} fromDay={range.from} toDay={range.to} now={now} />
      <DeleteUsage />
    </section>
  );
}
