import type { IndexableTypeArrayReadonly } from 'dexie';
import type { HistoryDatabase } from '@/src/history/history-db';
import type { HistoryMessage, PostingKey, SearchDocRow } from './rows';
import { blockOf, offsetOf, updatePosting, type Posting } from './postings';
import { collectTerms, indexKeys } from './tokenize';
import { indexable, searchableText, summarize, versionOf } from './summary';
import type { ValidRow } from './conversations';
import { attachmentTexts } from './attachments';

export interface IndexChange {
  doc: number;
  add: Iterable<string>;
  remove: Iterable<string>;
}

/** Writes index changes: one read and one write per posting row touched, whatever the number of conversations. */
export async function applyChanges(db: HistoryDatabase, changes: IndexChange[]): Promise<void> {
  const edits = new Map<string, { key: PostingKey; add: number[]; remove: number[] }>();
  const edit = (doc: number, term: string) => {
    const id = `${blockOf(doc)}:${term}`;
    let entry = edits.get(id);
    if (!entry) edits.set(id, (entry = { key: [blockOf(doc), term], add: [], remove: [] }));
    return entry;
  };
  for (const { doc, add, remove } of changes) {
    for (const term of add) edit(doc, term).add.push(offsetOf(doc));
    for (const term of remove) edit(doc, term).remove.push(offsetOf(doc));
  }
  if (edits.size === 0) return;
  const list = [...edits.values()];
  // Dexie's key types do not describe compound outbound keys.
  const keys = (picked: PostingKey[]) => picked as unknown as IndexableTypeArrayReadonly;
  const current = await db.postings.bulkGet(list.map((entry) => entry.key));
  const puts: { key: PostingKey; value: Posting }[] = [];
  const deletes: PostingKey[] = [];
  list.forEach((entry, index) => {
    const next = updatePosting(current[index], entry.add, entry.remove);
    if (next) puts.push({ key: entry.key, value: next });
    else if (current[index]) deletes.push(entry.key);
  });
  if (puts.length) await db.postings.bulkPut(puts.map((put) => put.value), keys(puts.map((put) => put.key)));
  if (deletes.length) await db.postings.bulkDelete(deletes);
}

export interface Reconcile {
  row: ValidRow;
  /** The conversation's messages now. */
  messages: HistoryMessage[];
  /** Messages deleted in this transaction: what they were indexed under is removed. */
  removed?: HistoryMessage[];
}

/**
 * Brings summaries and the index of conversations in line with their messages. Only messages
 * that are new or gone since the last time are tokenized into changes; the others tell which
 * terms must stay. Call inside a read-write transaction over conversations, postings, searchDocs
 * and attachments (read: their text is indexed with their message), before a removed message's
 * attachments are deleted.
 */
export async function reconcile(db: HistoryDatabase, items: Reconcile[]): Promise<ValidRow[]> {
  const docs = await db.searchDocs.bulkGet(items.map((item) => item.row.doc));
  const texts = await attachmentTexts(db, items.flatMap(({ messages, removed = [] }) => [...messages, ...removed]));
  const changes: IndexChange[] = [];
  const nextDocs: SearchDocRow[] = [];
  const rows = items.map(({ row, messages, removed = [] }, index) => {
    const next = summarize(row, messages);
    // Everything not indexed yet is added below: a conversation still waiting for its import's index is done too.
    delete next.pending;
    const doc = docs[index];
    const indexed = doc?.rows ?? {};
    const kept = new Set<string>();
    const added = new Set<string>();
    const gone = new Set<string>();
    // A title derived from the first question adds nothing to search: only a chosen one is indexed.
    const title = next.titleSet ? next.title : '';
    if (doc?.title === title) collectTerms(title, kept);
    else {
      collectTerms(title, added);
      if (doc) collectTerms(doc.title, gone);
    }
    const versions: Record<string, number> = {};
    for (const message of messages) {
      if (!indexable(message)) continue;
      versions[message.id] = versionOf(message);
      collectTerms(searchableText(message, texts), indexed[message.id] === versionOf(message) ? kept : added);
    }
    for (const message of removed) {
      if (indexed[message.id] === versionOf(message)) collectTerms(searchableText(message, texts), gone);
    }
    const keep = indexKeys(kept);
    const add = indexKeys(added);
    const drop = indexKeys(gone);
    changes.push({
      doc: row.doc,
      add: [...add].filter((key) => !keep.has(key) && !drop.has(key)),
      remove: [...drop].filter((key) => !keep.has(key) && !add.has(key)),
    });
    nextDocs.push({ doc: row.doc, title, rows: versions });
    return next;
  });
  await db.conversations.bulkPut(rows);
  await db.searchDocs.bulkPut(nextDocs);
  await applyChanges(db, changes);
  return rows;
}

/** Removes a conversation from the index: what it was indexed under, computed from its messages (call before deleting their attachments). */
export async function forget(db: HistoryDatabase, doc: number, messages: HistoryMessage[]): Promise<void> {
  const indexed = await db.searchDocs.get(doc);
  if (!indexed) return;
  const texts = await attachmentTexts(db, messages);
  const terms = collectTerms(indexed.title, new Set());
  for (const message of messages) {
    if (indexed.rows[message.id] === versionOf(message)) collectTerms(searchableText(message, texts), terms);
  }
  await applyChanges(db, [{ doc, add: [], remove: indexKeys(terms) }]);
  await db.searchDocs.delete(doc);
}
