import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { dailyBetween } from '@/src/usage/query';
import type { DailyRow } from '@/src/usage/rows';
import type { UsageDexie } from '@/src/usage/usage-dexie';

/** `damaged`: rows that failed their schema, left out of every total (and kept on disk). */
export type RowsState = { status: 'loading' } | { status: 'ready'; rows: DailyRow[]; damaged: number } | { status: 'failed' };

/** The daily totals between two days, kept up to date as the worker records calls (Dexie live query). */
export function useDailyRows(db: UsageDexie, fromDay: string, toDay: string): RowsState {
  const [state, setState] = useState<RowsState>({ status: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(() => dailyBetween(db, fromDay, toDay)).subscribe({
      next: ({ rows, damaged }) => setState({ status: 'ready', rows, damaged }),
      error: () => setState({ status: 'failed' }),
    });
    return () => subscription.unsubscribe();
  }, [db, fromDay, toDay]);
  return state;
}
