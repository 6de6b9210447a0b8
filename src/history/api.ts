import type { KnowledgeContext } from '@/src/knowledge/collection-context';
import type { HistoryMessage, MessageContext, UserMessage } from './rows';
import type { ConversationDetails, ConversationSummary } from './conversations';
import type { ImportCounts } from './import';
import type { AttachmentRow } from '@/src/attachments/types';
import type { NewAttachment } from './attachments';

/**
 * The history as the pages use it. Writes run in IndexedDB transactions shared with the other
 * contexts; answers are written by the worker and only read here. Errors are AppErrors:
 * NOT_FOUND, BAD_REQUEST, CONFLICT (an answer still streaming), BACKUP_INVALID (import).
 */
export interface HistoryStore {
  /** `id`: one the page made (newId) so that it could start the answer before this write. */
  createConversation(input: { id?: string; title?: string; systemPrompt?: string }): Promise<ConversationSummary>;
  /**
   * `id` and `startedAt`: made by the page when it sent the question, before this write.
   * `attachments`: the files sent with it, saved in the same transaction as the message (all or
   * nothing; BAD_REQUEST when one fails its checks). A new file carries its `blob`; one without is a
   * file of this conversation sent again (edit-and-resend). Await this before starting the answer:
   * the worker reads the files by id.
   */
  addUserMessage(conversationId: string, input: { id?: string; startedAt?: number; text: string; context?: MessageContext; knowledge?: KnowledgeContext; attachments?: NewAttachment[] }): Promise<UserMessage>;
  /** A conversation's attachments with their bytes (to show them; the page makes the object URLs): `ids` in that order, or all. Damaged ones are left out. */
  getAttachments(conversationId: string, ids?: readonly string[]): Promise<AttachmentRow[]>;
  /**
   * Deletes messages after (and including, when inclusive) a message: for edit-and-resend and
   * regenerate. CONFLICT when one of them is an answer still streaming.
   */
  truncateAfter(conversationId: string, messageId: string, inclusive: boolean): Promise<void>;
  /** Newest first; 100 by default. Damaged rows are skipped (and still counted by countConversations). */
  listConversations(options?: { limit?: number; offset?: number }): Promise<ConversationSummary[]>;
  countConversations(): Promise<number>;
  lastConversation(): Promise<ConversationSummary | undefined>;
  getConversation(id: string): Promise<{ conversation: ConversationDetails; messages: HistoryMessage[]; damaged: number } | undefined>;
  setLastTargets(id: string, targets: { keyId: string | null; model: string }[]): Promise<void>;
  rename(id: string, title: string): Promise<void>;
  /** Stop the conversation's streaming answers first: the worker's next save would re-create an (orphaned) row. */
  deleteConversation(id: string): Promise<void>;
  /** After an answer completes: updatedAt, preview, messageCount, index. */
  touch(conversationId: string): Promise<void>;
  /** Every word must match, the last one as a prefix; newest first, 20 by default. The snippet is plain text. */
  search(query: string, options?: { limit?: number }): Promise<{ conversation: ConversationSummary; snippet: string }[]>;
  exportMarkdown(conversationId?: string): Promise<string>;
  exportJson(conversationId?: string): Promise<string>;
  /** Adds what the export holds that this history does not: what is already here is not added again (see ImportCounts). */
  importJson(content: string): Promise<ImportCounts>;
  /** Indexes answers the worker finished while no page touched their conversation, and unindexed imports. Listing and search call it. */
  reindexStale(): Promise<number>;
  /** Ids of damaged rows met so far (they fail their schema: skipped, kept, never deleted). */
  damagedRows(): { conversations: string[]; messages: string[] };
}

export interface HistoryOptions {
  now?: () => number;
}
