import type { HistoryDatabase } from '@/src/history/history-db';
import type { HistoryExport } from './export-format';
import { newId } from './ids';

export interface Ids {
  /** Ids already in the database. */
  taken: Set<string>;
  /** Ids given out by this import. */
  used: Set<string>;
}

/** The file's id, unless the database or the file already has it. */
export function claim(ids: Ids, id: string): string {
  const next = ids.taken.has(id) || ids.used.has(id) ? newId() : id;
  ids.used.add(next);
  return next;
}

/**
 * Which of `ids` are already stored: looked up one by one when few, read from the list of all
 * keys when many (a lookup costs about as much as twenty entries of the list).
 */
async function stored(ids: string[], total: number, lookup: (id: string) => Promise<boolean>, all: () => Promise<unknown[]>): Promise<Set<string>> {
  if (ids.length * 20 < total) {
    const found = await Promise.all(ids.map(lookup));
    return new Set(ids.filter((_, index) => found[index]));
  }
  const wanted = new Set(ids);
  return new Set((await all()).filter((key): key is string => typeof key === 'string' && wanted.has(key)));
}

export async function takenIds(db: HistoryDatabase, file: HistoryExport): Promise<{ conversations: Ids; messages: Ids; attachments: Ids }> {
  const conversationIds = file.conversations.map((conversation) => conversation.id);
  const messageIds = file.conversations.flatMap((conversation) => conversation.messages.map((message) => message.id));
  const attachmentIds = file.conversations.flatMap((conversation) =>
    conversation.messages.flatMap((message) => (message.role === 'user' ? (message.attachments ?? []).map((ref) => ref.id) : [])),
  );
  return db.transaction('r', [db.conversations, db.messageRows, db.attachments], async () => ({
    conversations: {
      taken: await stored(
        conversationIds,
        await db.conversations.count(),
        async (id) => (await db.conversations.where('id').equals(id).count()) > 0,
        () => db.conversations.orderBy('id').keys(),
      ),
      used: new Set(),
    },
    messages: {
      taken: await stored(
        messageIds,
        await db.messageRows.count(),
        async (id) => (await db.messageRows.where(':id').equals(id).count()) > 0,
        () => db.messageRows.toCollection().primaryKeys(),
      ),
      used: new Set(),
    },
    attachments: {
      taken: await stored(
        attachmentIds,
        await db.attachments.count(),
        async (id) => (await db.attachments.where(':id').equals(id).count()) > 0,
        () => db.attachments.toCollection().primaryKeys(),
      ),
      used: new Set(),
    },
  }));
}
