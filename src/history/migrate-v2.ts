import type { Transaction } from 'dexie';
import { request } from '@/src/platform/idb';
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
 *
 * `rows` in the order of the `conversationId` index. Whichever side opens a version 1 database
 * first migrates it: a page with Dexie (`upgradeToV2`) or the worker (`upgradeToV2Native`).
 */
function conversationsOf(rows: Iterable<Record<string, unknown>>): ConversationRow[] {
  const seen = new Map<string, Seen>();
  for (const row of rows) {
    const id = row['conversationId'];
    if (typeof id !== 'string' || id === '') continue;
    const startedAt = numberOr(row['startedAt'], 0);
    const updatedAt = numberOr(row['updatedAt'], startedAt);
    const text = typeof row['text'] === 'string' ? row['text'] : '';
    const entry = seen.get(id);
    if (!entry) {
      seen.set(id, { createdAt: startedAt, updatedAt, count: 1, firstText: text, lastText: text });
      continue;
    }
    entry.count++;
    if (startedAt < entry.createdAt) [entry.createdAt, entry.firstText] = [startedAt, text];
    if (updatedAt >= entry.updatedAt) [entry.updatedAt, entry.lastText] = [updatedAt, text];
  }
  return [...seen].map(([id, entry]) => ({
    id,
    title: titleFrom(entry.firstText),
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    messageCount: entry.count,
    preview: previewFrom(entry.lastText),
    pending: 1,
  }));
}

export async function upgradeToV2(tx: Transaction): Promise<void> {
  const rows = conversationsOf(await tx.table('messages').orderBy('conversationId').toArray());
  if (!rows.length) return;
  await tx.table('conversations').bulkAdd(rows);
  await tx.table('meta').put({ key: PENDING_KEY, value: 1 });
}

/** The same migration inside the worker's raw upgrade transaction. */
export async function upgradeToV2Native(tx: IDBTransaction): Promise<void> {
  const messages = (await request(tx.objectStore('messages').index('conversationId').getAll())) as Record<string, unknown>[];
  const rows = conversationsOf(messages);
  if (!rows.length) return;
  const conversations = tx.objectStore('conversations');
  await Promise.all(rows.map((row) => request(conversations.add(row))));
  await request(tx.objectStore('meta').put({ key: PENDING_KEY, value: 1 }));
}
