import Dexie from 'dexie';
import type { HistoryDatabase } from '@/src/history/history-db';
import { HistoryMessage } from './rows';

export interface LoadedMessages {
  messages: HistoryMessage[];
  /** Ids of rows that failed their schema: left in place, not shown. */
  damaged: string[];
}

/** Orders a conversation: by start time, a question before the answer started in the same millisecond. */
export function byStart(a: HistoryMessage, b: HistoryMessage): number {
  return a.startedAt - b.startedAt || (a.role === b.role ? 0 : a.role === 'user' ? -1 : 1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function parse(rows: unknown[]): LoadedMessages {
  const messages: HistoryMessage[] = [];
  const damaged: string[] = [];
  for (const row of rows) {
    const parsed = HistoryMessage.safeParse(row);
    if (parsed.success) messages.push(parsed.data);
    else damaged.push(String((row as { id?: unknown }).id));
  }
  return { messages: messages.sort(byStart), damaged };
}

/** Every message of a conversation, in order (found by conversationId, so rows without a valid start time are counted too). */
export async function loadMessages(db: HistoryDatabase, conversationId: string): Promise<LoadedMessages> {
  return parse(await db.messageRows.where('conversationId').equals(conversationId).toArray());
}

/**
 * The messages of a conversation in order, a few at a time, until `found` says stop: a search
 * snippet is nearly always in the first messages, and reading all of a long conversation to
 * find it would cost more than the search itself.
 */
export async function findInMessages<T>(db: HistoryDatabase, conversationId: string, found: (message: HistoryMessage) => T | undefined): Promise<T | undefined> {
  const range = () => db.messageRows.where('[conversationId+startedAt]');
  let lower: number | undefined;
  const seen = new Set<string>();
  for (let size = 4; ; size *= 4) {
    const rows = await range()
      .between([conversationId, lower ?? Dexie.minKey], [conversationId, Dexie.maxKey], true, true)
      .limit(size)
      .toArray();
    const fresh = rows.filter((row) => !seen.has(row.id));
    for (const message of parse(fresh).messages) {
      const result = found(message);
      if (result !== undefined) return result;
    }
    for (const row of fresh) seen.add(row.id);
    const last = rows.at(-1);
    if (rows.length < size || !last || fresh.length === 0) return undefined;
    lower = last.startedAt;
  }
}
