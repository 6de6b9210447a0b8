import Dexie, { type IndexableTypeArrayReadonly } from 'dexie';
import type { HistoryDatabase } from '@/src/history/history-db';
import { PENDING_KEY, type HistoryMessage, type PostingKey, type SearchDocRow } from './rows';
import { BLOCK_SIZE, blockOf, offsetOf, updatePosting, type Posting } from './postings';
import { collectTerms, indexKeys } from './tokenize';
import { indexable, searchableText, summarize, versionOf } from './summary';
import { isValidRow, type ValidRow } from './conversations';
import { loadMessages } from './messages';
import { attachmentTexts } from './attachments';

/**
 * Conversations indexed per transaction: a whole block, so each posting row is written once
 * (writing the rows is most of the work: 300 conversations a batch took four times as long as
 * 2,000). Their messages are read and tokenized LOAD conversations at a time, so only the
 * posting lists are held for the whole block.
 */
const BATCH = BLOCK_SIZE;
const LOAD = 250;

/**
 * Indexes conversations marked `pending` (imported, or found by the upgrade from version 1),
 * a batch of one block at a time: the block's existing rows are read with one range request
 * and every posting row is written once per batch. Returns how many were indexed.
 */
export async function buildPending(db: HistoryDatabase): Promise<number> {
  // The flag spares a look at the `pending` index, which stays slow to read for a while after
  // many entries left it (LevelDB keeps their tombstones until it compacts). Without the flag
  // (a database older than it), the index is read once.
  if ((await db.meta.get(PENDING_KEY))?.value === 0) return 0;
  let done = 0;
  const skipped = new Set<number>();
  for (;;) {
    const pending = (await db.conversations.where('pending').equals(1).primaryKeys()).filter((doc) => !skipped.has(doc));
    const first = pending[0];
    if (first === undefined) {
      if (skipped.size === 0) await clearFlag(db);
      return done;
    }
    const batch = pending.filter((doc) => blockOf(doc) === blockOf(first)).slice(0, BATCH);
    done += await db.transaction('rw', [db.messageRows, db.conversations, db.postings, db.searchDocs, db.attachments], () => buildBatch(db, batch, skipped));
  }
}

/** Cleared in the same transaction that sees no pending row, so an import writing one meanwhile keeps it set. */
async function clearFlag(db: HistoryDatabase): Promise<void> {
  await db.transaction('rw', [db.conversations, db.meta], async () => {
    if ((await db.conversations.where('pending').equals(1).count()) === 0) await db.meta.put({ key: PENDING_KEY, value: 0 });
  });
}

async function buildBatch(db: HistoryDatabase, docs: number[], skipped: Set<number>): Promise<number> {
  const rows: ValidRow[] = [];
  for (const row of await db.conversations.bulkGet(docs)) {
    if (row?.pending !== 1) continue;
    if (isValidRow(row)) rows.push(row);
    // A damaged row is never rewritten, so it stays pending: do not come back to it in this run.
    else if (typeof row.doc === 'number') skipped.add(row.doc);
  }
  if (!rows.length) return 0;
  const block = blockOf(rows[0]?.doc ?? 0);
  const offsets = new Map<string, number[]>();
  const searchDocs: SearchDocRow[] = [];
  const next: ValidRow[] = [];
  for (let start = 0; start < rows.length; start += LOAD) {
    const part = rows.slice(start, start + LOAD);
    const loaded = await Promise.all(part.map((row) => loadMessages(db, row.id)));
    const texts = await attachmentTexts(db, loaded.flatMap((each) => each.messages));
    part.forEach((row, index) => next.push(indexRow(row, loaded[index]?.messages ?? [], texts, offsets, searchDocs)));
  }
  const existing = await existingRows(db, block, [...offsets.keys()]);
  const keys: PostingKey[] = [];
  const values: Posting[] = [];
  for (const [term, list] of offsets) {
    const value = updatePosting(existing.get(term), list, []);
    if (value) {
      keys.push([block, term]);
      values.push(value);
    }
  }
  await db.postings.bulkPut(values, keys as unknown as IndexableTypeArrayReadonly);
  await db.searchDocs.bulkPut(searchDocs);
  await db.conversations.bulkPut(next);
  return next.length;
}

/** A conversation's summary; its terms go to `offsets` (the block's posting lists) and `searchDocs`. */
function indexRow(row: ValidRow, messages: HistoryMessage[], texts: ReadonlyMap<string, string>, offsets: Map<string, number[]>, searchDocs: SearchDocRow[]): ValidRow {
  const summary = summarize(row, messages);
  delete summary.pending;
  const title = summary.titleSet ? summary.title : '';
  const terms = collectTerms(title, new Set());
  const versions: Record<string, number> = {};
  for (const message of messages) {
    if (!indexable(message)) continue;
    versions[message.id] = versionOf(message);
    collectTerms(searchableText(message, texts), terms);
  }
  for (const key of indexKeys(terms)) {
    const list = offsets.get(key);
    if (list) list.push(offsetOf(row.doc));
    else offsets.set(key, [offsetOf(row.doc)]);
  }
  searchDocs.push({ doc: row.doc, title, rows: versions });
  return summary;
}

/**
 * The current rows of the terms about to be written. Reading a row by key costs about six times
 * as much as reading it within a range, so a batch touching much of its block reads the block.
 */
async function existingRows(db: HistoryDatabase, block: number, terms: string[]): Promise<Map<string, Posting>> {
  const range = () => db.postings.where(':id').between([block, Dexie.minKey], [block, Dexie.maxKey], true, true);
  const total = await range().count();
  const out = new Map<string, Posting>();
  if (total === 0) return out;
  if (total < terms.length * 6) {
    const [keys, values] = await Promise.all([range().primaryKeys(), range().toArray()]);
    keys.forEach(([, term], index) => {
      const value = values[index];
      if (value) out.set(term, value);
    });
    return out;
  }
  const keys = terms.map((term): PostingKey => [block, term]);
  const values = await db.postings.bulkGet(keys);
  values.forEach((value, index) => {
    if (value) out.set(terms[index] ?? '', value);
  });
  return out;
}
