import Dexie from 'dexie';
import type { HistoryDatabase } from '@/src/history/history-db';
import { HistoryMessage } from './rows';
import { findRow, isValidRow, type ValidRow } from './conversations';
import { indexable, versionOf } from './summary';
import { loadMessages } from './messages';
import { reconcile } from './reconcile';

const SCAN_KEY = 'staleScanFrom';
/** Rows are saved asynchronously: one can land a little after a newer one was seen. Rescan that window. */
const SLACK_MS = 5_000;
const PAGE = 500;
const BATCH = 100;

/**
 * Brings summaries and the index up to date with answers the worker finished since the last
 * scan, found through the [updatedAt+conversationId] index (user messages and one-off answers
 * are not in it). Returns how many conversations were refreshed.
 */
export async function reindexStale(db: HistoryDatabase, now: () => number): Promise<number> {
  const scanAt = now();
  const { stale, from } = await db.transaction('r', [db.meta, db.messageRows, db.conversations, db.searchDocs], async () => {
    const from = (await db.meta.get(SCAN_KEY))?.value ?? 0;
    // Ids first, then rows in pages: reading the index keys would take a cursor step per row.
    const ids = await db.messageRows
      .where('[updatedAt+conversationId]')
      .between([from - SLACK_MS, Dexie.minKey], [Infinity, Dexie.maxKey])
      .primaryKeys();
    const versions = new Map<string, Map<string, number>>();
    for (let start = 0; start < ids.length; start += PAGE) {
      for (const row of await db.messageRows.bulkGet(ids.slice(start, start + PAGE))) {
        const parsed = HistoryMessage.safeParse(row);
        if (!parsed.success || !parsed.data.conversationId || !indexable(parsed.data)) continue;
        const byId = versions.get(parsed.data.conversationId) ?? new Map<string, number>();
        versions.set(parsed.data.conversationId, byId.set(parsed.data.id, versionOf(parsed.data)));
      }
    }
    const rows = (await Promise.all([...versions.keys()].map((id) => findRow(db, id)))).filter(
      (row): row is ValidRow => isValidRow(row) && row.pending === undefined,
    );
    const docs = await db.searchDocs.bulkGet(rows.map((row) => row.doc));
    const stale = rows.filter((row, index) => {
      const indexed = docs[index]?.rows ?? {};
      return [...(versions.get(row.id) ?? [])].some(([id, version]) => indexed[id] !== version);
    });
    return { stale, from };
  });
  for (let start = 0; start < stale.length; start += BATCH) {
    const docs = stale.slice(start, start + BATCH).map((row) => row.doc);
    await db.transaction('rw', [db.messageRows, db.conversations, db.postings, db.searchDocs, db.attachments], async () => {
      // Read again inside the write transaction: the rows may have changed (or gone) since the scan.
      const rows = (await db.conversations.bulkGet(docs)).filter(isValidRow);
      const loaded = await Promise.all(rows.map((row) => loadMessages(db, row.id)));
      await reconcile(db, rows.map((row, index) => ({ row, messages: loaded[index]?.messages ?? [] })));
    });
  }
  if (scanAt - from > SLACK_MS) await db.meta.put({ key: SCAN_KEY, value: scanAt });
  return stale.length;
}
