import Dexie, { type EntityTable, type Table } from 'dexie';
import { declareSchema } from '@/src/platform/dexie-schema';
import type { AnswerRecord } from '@/src/chat/answer-record';
import type { ConversationRow, MetaRow, SearchDocRow, StoredMessageRow, PostingKey } from './rows';
import type { Posting } from './postings';
import type { AttachmentRow } from '@/src/attachments/types';
import { HISTORY_SCHEMA } from './history-schema';
import { upgradeToV2 } from './migrate-v2';

/**
 * The pages' handle on the history (Dexie): they read and edit it directly, as IndexedDB is one
 * store for every context of the extension's origin. The worker writes its answers into the same
 * database through answers-db.ts. No key ever goes here.
 */
export class HistoryDatabase extends Dexie {
  messages!: EntityTable<AnswerRecord, 'id'>;
  /** Keyed by `doc`, the conversation's number in the search index; `id` is its public id. */
  conversations!: Table<ConversationRow, number>;
  /** Search index: outbound keys `[term, block]`, see postings.ts. */
  postings!: Table<Posting, PostingKey>;
  searchDocs!: Table<SearchDocRow, number>;
  meta!: Table<MetaRow, string>;
  /** Files sent with questions, their bytes as Blobs (attachments.ts). */
  attachments!: Table<AttachmentRow, string>;

  constructor(name = HISTORY_SCHEMA.name) {
    super(name);
    declareSchema(this, HISTORY_SCHEMA, { 2: upgradeToV2 });
  }

  /** The rows of `messages` as the history sees them: user and assistant rows, any of which may be damaged. */
  get messageRows(): Table<StoredMessageRow, string> {
    return this.table('messages');
  }
}
