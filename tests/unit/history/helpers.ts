import { HistoryDatabase } from '@/src/history/history-db';
import { openHistory, type HistoryStore } from '@/src/history';
import { openAnswersDatabase, type AnswersDatabase } from '@/src/history/answers-db';

let counter = 0;

export interface TestHistory {
  db: HistoryDatabase;
  history: HistoryStore;
  /** The worker's raw handle on the same database, for what the worker writes (answers). */
  answers: AnswersDatabase;
  clock: { now: number };
}

/** A history on its own fresh database, with a clock the test moves (each read advances it 1 ms). */
export function testHistory(start = 1_700_000_000_000): TestHistory {
  const db = new HistoryDatabase(`history-${++counter}-${Math.random().toString(36).slice(2)}`);
  const clock = { now: start };
  const history = openHistory(db, { now: () => clock.now++ });
  return { db, history, clock, answers: openAnswersDatabase(db.name) };
}
