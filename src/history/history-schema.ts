import type { DatabaseSchema } from '@/src/platform/idb';

/**
 * The history database (`keyward-chat`, its name since version 1), declared once in Dexie's
 * syntax: the pages read and edit it with Dexie (history-db.ts), the worker writes answers into it
 * over raw IndexedDB (answers-db.ts); both derive their stores from this declaration.
 *
 * Version 2 adds the history: conversations, the user messages (in `messages`, next to the
 * worker's answers, ordered by `startedAt`) and the search index (`postings`, `searchDocs`, `meta`).
 * Its content migration is migrate-v2.ts, run by whichever side opens a version 1 database first.
 *
 * Version 3 adds `attachments` (issue 16): one row per image, PDF or text file sent with a question,
 * the bytes as a Blob (never base64 in a message row), found by id (the worker), by conversation
 * (deleting one) and by message. It only adds a store: no content migration.
 */
export const HISTORY_SCHEMA: DatabaseSchema = {
  name: 'keyward-chat',
  versions: [
    { version: 1, stores: { messages: '&id, conversationId, status, startedAt' } },
    {
      version: 2,
      stores: {
        // [updatedAt+conversationId] leaves out user messages and one-off answers (no valid key).
        messages: '&id, conversationId, status, startedAt, [conversationId+startedAt], [updatedAt+conversationId]',
        conversations: '++doc, &id, updatedAt, pending',
        postings: '',
        searchDocs: '&doc',
        meta: '&key',
      },
    },
    { version: 3, stores: { attachments: '&id, conversationId, messageId' } },
  ],
};
