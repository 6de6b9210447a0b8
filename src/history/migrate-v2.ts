import type { Transaction } from 'dexie';
import { PENDING_KEY, type ConversationRow } from './rows';
import { previewFrom, titleFrom } from './text';

interface Seen {
  createdAt: number;
  updatedAt: number;
  count: number;
  firstText: string;
  lastText: string;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Version 1 held only the worker's answers. Their conversation ids get a conversation row each,
 * so they show in the history; message rows are never rewritten here. The rows are `pending`:
 * the history indexes them the first time it is opened.
 */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  const seen = new Map<string, Seen>();
  await tx
    .table('messages')
    .orderBy('conversationId')
    .each((row: Record<string, unknown>) => {
      const id = row['conversationId'];
      if (typeof id !== 'string' || id === '') return;
      const startedAt = numberOr(row['startedAt'], 0);
      const updatedAt = numberOr(row['updatedAt'], startedAt);
      const text = typeof row['text'] === 'string' ? row['text'] : '';
      const entry = seen.get(id);
      if (!entry) {
        seen.set(id, { createdAt: startedAt, updatedAt, count: 1, firstText: text, lastText: text });
        return;
      }
      entry.count++;
      if (startedAt < entry.createdAt) [entry.createdAt, entry.firstText] = [startedAt, text];
      if (updatedAt >= entry.updatedAt) [entry.updatedAt, entry.lastText] = [updatedAt, text];
    });
  const rows: ConversationRow[] = [...seen].map(([id, entry]) => ({
    id,
    title: titleFrom(entry.firstText),
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    messageCount: entry.count,
    preview: previewFrom(entry.lastText),
    pending: 1,
  }));
  if (!rows.length) return;
  await tx.table('conversations').bulkAdd(rows);
  await tx.table('meta').put({ key: PENDING_KEY, value: 1 });
}
