import { deleteConversationVectors, deleteMessageVectors } from '@/src/knowledge/history-index-vectors';
import { rescanHistoryIndex } from '@/src/knowledge/history-index';
import { phrase } from '@/src/shared/i18n/text';
import { HistoryDatabase } from '@/src/history/history-db';
import { AppError } from '@/src/shared/errors';
import { ChatTargets } from '@/src/chat/port-protocol';
import { KnowledgeContext } from '@/src/knowledge/collection-context';
import { MessageContext, type ConversationRow, type HistoryMessage, type UserMessage } from './rows';
import type { HistoryOptions, HistoryStore } from './api';
import { forget, reconcile } from './reconcile';
import { loadMessages } from './messages';
import { buildPending } from './build';
import { DEFAULT_TITLE, clip } from './text';
import { isValidRow, requireRow, findRow, toDetails, toSummary, type ValidRow } from './conversations';
import { reindexStale } from './stale';
import { runSearch } from './search';
import { exportJson, exportMarkdown } from './export';
import { importJson } from './import';
import { newId } from './ids';
import { deleteAttachmentsOf, dropUnreferenced, readAttachments, writeAttachments } from './attachments';

const MAX_TITLE = 200;

let sharedDb: HistoryDatabase | undefined;

export function openHistory(db?: HistoryDatabase, options: HistoryOptions = {}): HistoryStore {
  const chat = db ?? (sharedDb ??= new HistoryDatabase());
  const now = options.now ?? Date.now;
  const damagedConversations = new Set<string>();
  const damagedMessages = new Set<string>();
  let freshening: Promise<unknown> | undefined;

  const noteDamaged = (id: unknown) => void damagedConversations.add(String(id));
  const writing = <T>(work: () => Promise<T>): Promise<T> =>
    chat.transaction('rw', [chat.messageRows, chat.conversations, chat.postings, chat.searchDocs, chat.attachments], work);
  /** Recomputes a conversation's summary and index from its messages; inside `writing`. */
  const refresh = async (row: ValidRow, removed?: HistoryMessage[]): Promise<ValidRow> => {
    const { messages } = await loadMessages(chat, row.id);
    const [next] = await reconcile(chat, [removed ? { row, messages, removed } : { row, messages }]);
    return next ?? row;
  };
  /** Answers the worker finished, and imports left unindexed: one cheap read when there are none. */
  const fresh = (): Promise<unknown> =>
    (freshening ??= (async () => {
      await reindexStale(chat, now);
      await buildPending(chat);
    })()
      // Reading must work even when indexing cannot (a full disk): the next read tries again.
      .catch(() => console.warn('Keyward history: the search index could not be brought up to date.'))
      .finally(() => (freshening = undefined)));

  const store: HistoryStore = {
    async createConversation(input) {
      const title = clip(input.title ?? '', MAX_TITLE);
      const at = now();
      const row: ConversationRow = { id: input.id ?? newId(), title: title || DEFAULT_TITLE, createdAt: at, updatedAt: at, messageCount: 0, preview: '' };
      if (title) row.titleSet = true;
      if (input.systemPrompt !== undefined) row.systemPrompt = input.systemPrompt;
      const saved = await writing(async () => {
        const doc = await chat.conversations.add(row);
        return (await reconcile(chat, [{ row: { ...row, doc }, messages: [] }]))[0];
      });
      return toSummary(saved ?? row);
    },

    async addUserMessage(conversationId, input) {
      const context = input.context === undefined ? undefined : MessageContext.safeParse(input.context);
      const knowledge = input.knowledge === undefined ? undefined : KnowledgeContext.safeParse(input.knowledge);
      if (typeof input.text !== 'string' || (context && !context.success) || (knowledge && !knowledge.success)) throw new AppError('BAD_REQUEST', phrase('error_messageUnsaveable'));
      const message: UserMessage = { id: input.id ?? newId(), conversationId, role: 'user', text: input.text, startedAt: input.startedAt ?? now() };
      if (context?.data) message.context = context.data;
      if (knowledge?.data) message.knowledge = knowledge.data;
      await writing(async () => {
        const row = await requireRow(chat, conversationId);
        // The files first, in the same transaction: the message never refers to a file that is not saved.
        if (input.attachments?.length) message.attachments = await writeAttachments(chat, conversationId, message.id, input.attachments, now());
        await chat.messageRows.add(message);
        await refresh(row);
      });
      return message;
    },

    async truncateAfter(conversationId, messageId, inclusive) {
      const removed = await writing(async () => {
        const row = await requireRow(chat, conversationId);
        const { messages } = await loadMessages(chat, conversationId);
        const at = messages.findIndex((message) => message.id === messageId);
        if (at < 0) throw new AppError('NOT_FOUND', phrase('error_messageGone'));
        const doomed = messages.slice(inclusive ? at : at + 1);
        if (doomed.some((message) => message.role === 'assistant' && message.status === 'streaming')) {
          throw new AppError('CONFLICT', phrase('error_stopAnswerFirst'));
        }
        await chat.messageRows.bulkDelete(doomed.map((message) => message.id));
        await refresh(row, doomed);
        // Edit-and-resend (inclusive) sends the edited question's files again: those stay, for the new question to take over.
        const edited = messages[at];
        const kept = inclusive && edited?.role === 'user' ? (edited.attachments ?? []).map((ref) => ref.id) : [];
        await dropUnreferenced(chat, doomed, kept);
        return doomed.map((message) => message.id);
      });
      // Their vectors for search by meaning, in the knowledge database (issue 19; after this one's transaction).
      await deleteMessageVectors(conversationId, removed);
    },

    async listConversations(options = {}) {
      await fresh();
      const limit = Math.max(0, options.limit ?? 100);
      const rows = await chat.conversations.orderBy('updatedAt').reverse().offset(Math.max(0, options.offset ?? 0)).limit(limit).toArray();
      return rows.flatMap((row) => (isValidRow(row) ? [toSummary(row)] : (noteDamaged(row.id), [])));
    },

    countConversations: () => chat.conversations.count(),

    async lastConversation() {
      await fresh();
      const row = await chat.conversations.orderBy('updatedAt').reverse().filter((candidate) => isValidRow(candidate)).first();
      return row && toSummary(row);
    },

    async getConversation(id) {
      await fresh();
      return chat.transaction('r', [chat.conversations, chat.messageRows], async () => {
        const row = await findRow(chat, id);
        if (!row) return undefined;
        if (!isValidRow(row)) return void noteDamaged(row.id);
        const { messages, damaged } = await loadMessages(chat, id);
        for (const messageId of damaged) damagedMessages.add(messageId);
        return { conversation: toDetails(row), messages, damaged: damaged.length };
      });
    },

    getAttachments: (conversationId, ids) => chat.transaction('r', [chat.attachments], () => readAttachments(chat, conversationId, ids)),

    async setLastTargets(id, targets) {
      const parsed = ChatTargets.safeParse(targets);
      if (!parsed.success) throw new AppError('BAD_REQUEST', phrase('error_modelsUnsaveable'));
      await writing(async () => chat.conversations.put({ ...(await requireRow(chat, id)), lastTargets: parsed.data }));
    },

    async rename(id, title) {
      const clean = clip(title, MAX_TITLE);
      await writing(async () => {
        const row = await requireRow(chat, id);
        await refresh(clean ? { ...row, title: clean, titleSet: true } : { ...row, title: DEFAULT_TITLE, titleSet: false });
      });
    },

    async deleteConversation(id) {
      await writing(async () => {
        const row = await findRow(chat, id);
        if (!row) return;
        const { messages } = await loadMessages(chat, id);
        await chat.messageRows.where('conversationId').equals(id).delete();
        if (typeof row.doc === 'number') {
          await forget(chat, row.doc, messages);
          await chat.conversations.delete(row.doc);
        }
        // After `forget`, which reads their text to take it out of the index.
        await deleteAttachmentsOf(chat, id);
      });
      // Its vectors for search by meaning, in the knowledge database (issue 19; another database, so after this one's transaction).
      await deleteConversationVectors(id);
    },

    async touch(conversationId) {
      await writing(async () => refresh(await requireRow(chat, conversationId)));
    },

    async search(query, options = {}) {
      await fresh();
      const matches = await runSearch(chat, query, Math.min(options.limit ?? 20, 500), noteDamaged);
      return matches.map(({ row, snippet }) => ({ conversation: toSummary(row), snippet }));
    },

    exportMarkdown: (conversationId) => exportMarkdown(chat, conversationId, now),
    exportJson: (conversationId) => exportJson(chat, conversationId, now),
    importJson: async (content) => {
      const counts = await importJson(chat, content, now);
      // Imported conversations may be older than search by meaning's pass has got to: it goes through again.
      await rescanHistoryIndex(chat, now).catch(() => undefined);
      return counts;
    },
    reindexStale: async () => {
      const stale = await reindexStale(chat, now);
      return stale + (await buildPending(chat));
    },
    damagedRows: () => ({ conversations: [...damagedConversations], messages: [...damagedMessages] }),
  };
  return store;
}
