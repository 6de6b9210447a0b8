/**
 * Conversation history, read and written directly by the pages (IndexedDB is shared by every
 * context of the extension); the worker writes the answers. See src/history/README.md.
 */
export { openHistory } from './store';
export type { HistoryStore, HistoryOptions } from './api';
export type { ConversationSummary, ConversationDetails } from './conversations';
export type { ImportCounts } from './import';
export type { NewAttachment } from './attachments';
export { UserMessage, MessageContext, HistoryMessage } from './rows';
export type { AnswerRecord } from '@/src/chat/answer-record';
export { EXPORT_FORMAT, EXPORT_VERSION, HistoryExport } from './export-format';
export { DEFAULT_TITLE } from './text';
