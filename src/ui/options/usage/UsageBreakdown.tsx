import { useState } from 'react';
import { groupRows, type Totals } from '@/src/usage/aggregate';
import type { DailyRow } from '@/src/usage/rows';
import { formatUsd } from '@/src/shared/money';
import { tokens } from './format';
import { SortableTable, type Column } from './SortableTable';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

type Group = keyof typeof text.groups;
type Line = Totals & { id: string; name: string };

const KEY_OF: Record<Group, (row: DailyRow) => string> = {
  provider: (row) => row.provider,
  // An embedding model says so: its calls are for search by meaning and collections, not chats.
  model: (row) => `${row.provider} · ${row.model || '—'}${row.kind === 'embedding' ? ` (${text.kindEmbeddings})` : ''}`,
  key: (row) => row.keyId ?? `(${row.keyLabel})`,
  kind: (row) => (row.kind === 'embedding' ? text.kindEmbeddings : text.kindChat),
};

const COLUMNS: readonly Column<Line>[] = [
  { id: 'name', label: '', value: (line) => line.name },
  { id: 'cost', label: text.cost, value: (line) => line.cost, format: (line) => formatUsd(line.cost), numeric: true },
  { id: 'calls', label: text.calls, value: (line) => line.calls, format: (line) => tokens(line.calls), numeric: true },
  { id: 'errors', label: text.errors, value: (line) => line.errors, format: (line) => tokens(line.errors), numeric: true },
  { id: 'input', label: text.inputTokens, value: (line) => line.inputTokens, format: (line) => tokens(line.inputTokens), numeric: true },
  { id: 'output', label: text.outputTokens, value: (line) => line.outputTokens, format: (line) => tokens(line.outputTokens), numeric: true },
  { id: 'cached', label: text.cachedTokens, value: (line) => line.cachedInputTokens, format: (line) => tokens(line.cachedInputTokens), numeric: true },
];

/** The range's totals per provider, model or key, in a sortable table. */
export function UsageBreakdown({ rows }: { rows: readonly DailyRow[] }) {
  const [group, setGroup] = useState<Group>('provider');
  const labels = new Map(rows.map((row) => [KEY_OF.key(row), row.keyLabel]));
  const lines: Line[] = [...groupRows(rows, KEY_OF[group])].map(([key, totals]) => ({ ...totals, id: key, name: group === 'key' ? (labels.get(key) ?? key) : key }));
  const columns = COLUMNS.map((column) => (column.id === 'name' ? { ...column, label: text.groups[group] } : column));
  return (
    <section className="stack" aria-labelledby="usage-breakdown">
      <h3 id="usage-breakdown">{text.breakdownHeading}</h3>
      <label className="inline">
        {text.groupBy}{' '}
        <select value={group} onChange={(event) => setGroup(event.target.value as Group)}>
          {(Object.keys(text.groups) as Group[]).map((each) => (
            <option key={each} value={each}>
              {text.groups[each]}
            </option>
          ))}
        </select>
      </label>
      {lines.length === 0 ? <p className="muted">{text.empty}</p> : <SortableTable caption={`${text.breakdownHeading}: ${text.groups[group]}`} columns={columns} rows={lines} rowKey={(line) => line.id} initialSort="cost" />}
    </section>
  );
}
