import { useState } from 'react';
import { optionsStrings } from '@/src/ui/options/options-strings';

const text = optionsStrings.usage;

export interface Column<T> {
  id: string;
  label: string;
  value: (row: T) => number | string;
  format?: (row: T) => string;
  numeric?: boolean;
}

/** A table sorted by clicking a column header (again to reverse); the header says how it is sorted. */
export function SortableTable<T>({ caption, columns, rows, rowKey, initialSort }: { caption: string; columns: readonly Column<T>[]; rows: readonly T[]; rowKey: (row: T) => string; initialSort: string }) {
  const [sort, setSort] = useState<{ id: string; descending: boolean }>({ id: initialSort, descending: true });
  const column = columns.find((each) => each.id === sort.id) ?? columns[0];
  const sorted = [...rows].sort((a, b) => {
    if (!column) return 0;
    const [x, y] = [column.value(a), column.value(b)];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sort.descending ? -order : order;
  });
  return (
    // A narrow window scrolls the table sideways inside its own box, not the page (its sort buttons give it keyboard access).
    <div className="table-scroll">
      <table className="usage-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((each) => (
              <th key={each.id} scope="col" aria-sort={each.id === sort.id ? (sort.descending ? 'descending' : 'ascending') : 'none'} className={each.numeric ? 'numeric' : undefined}>
                <button
                  type="button"
                  title={text.sortBy(each.label)}
                  onClick={() => setSort((current) => ({ id: each.id, descending: current.id === each.id ? !current.descending : each.numeric === true }))}
                >
                  {each.label}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((each) => (
                <td key={each.id} className={each.numeric ? 'numeric' : undefined}>
                  {each.format ? each.format(row) : String(each.value(row))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
