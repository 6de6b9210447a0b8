import { callsBetween } from '@/src/usage/query';
import { callsCsv, dailyCsv, usageJson } from '@/src/usage/export';
import type { DailyRow } from '@/src/usage/rows';
import type { UsageDexie } from '@/src/usage/usage-dexie';
import { startOfDay, addDays } from '@/src/usage/day';
import { useExport } from '../use-export';
import { DownloadIcon } from '@/src/ui/shared/icons';
import { stamp } from './format';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

/** CSV and JSON downloads of the chosen range, made in the page from the database (Blob URLs). */
export function UsageExport({ db, rows, fromDay, toDay, detailDays }: { db: UsageDexie; rows: readonly DailyRow[]; fromDay: string; toDay: string; detailDays: number }) {
  const save = useExport();
  const name = `keyward-usage-${stamp(fromDay)}-to-${stamp(toDay)}`;
  const calls = () => callsBetween(db, startOfDay(fromDay), startOfDay(addDays(toDay, 1)) - 1);
  return (
    <section className="stack" aria-labelledby="usage-export">
      <h3 id="usage-export">{text.exportHeading}</h3>
      <p className="muted">{text.exportExplain(detailDays)}</p>
      <div className="actions">
        <button type="button" onClick={() => save(`${name}-daily.csv`, dailyCsv(rows), 'text/csv')}>
          <DownloadIcon className="icon" aria-hidden="true" focusable="false" />
          {text.exportDailyCsv}
        </button>
        <button type="button" onClick={() => void calls().then((found) => save(`${name}-calls.csv`, callsCsv(found), 'text/csv'))}>
          <DownloadIcon className="icon" aria-hidden="true" focusable="false" />
          {text.exportCallsCsv}
        </button>
        <button type="button" onClick={() => void calls().then((found) => save(`${name}.json`, usageJson({ from: fromDay, to: toDay }, rows, found)))}>
          <DownloadIcon className="icon" aria-hidden="true" focusable="false" />
          {text.exportJson}
        </button>
      </div>
    </section>
  );
}
