import type { ReadAttachment } from '@/src/attachments/read-attachment';
import type { AttachmentRef, AttachmentRow } from '@/src/attachments/types';
import type { HistoryStore, MessageContext, UserMessage } from '@/src/history';
import { AppError } from '@/src/shared/errors';
import { phrase } from '@/src/shared/i18n/text';
import { loadedHistory } from './history-store';

/** Loaded with the first question that has files (use-chat.ts) or the first one shown with them (MessageAttachments). */

/** One file given with a question: a new one with its bytes, or one the conversation holds (no `blob`), sent again. */
export type QuestionFile = AttachmentRef & { blob?: Blob; text?: string; pageImages?: Blob[] };

/**
 * The history's attachment calls as the chat makes them (helper S's API, issue 16):
 * `addUserMessage` with `attachments` (the message and its files in one transaction, awaited before
 * the answer starts: the worker reads the files by id), and `getAttachments` (the bytes, to show
 * them again). Until that API is merged, a store without it refuses: nothing is sent without its files.
 */
export interface AttachmentHistory {
  addUserMessage(conversationId: string, input: { id?: string; startedAt?: number; text: string; context?: MessageContext; attachments?: QuestionFile[] }): Promise<UserMessage>;
  getAttachments(conversationId: string, ids?: readonly string[]): Promise<AttachmentRow[]>;
}

export async function attachmentHistory(): Promise<AttachmentHistory> {
  const store = (await loadedHistory()) as unknown as Partial<AttachmentHistory>;
  if (typeof store.getAttachments !== 'function') throw new AppError('INTERNAL', phrase('error_internal'));
  return store as AttachmentHistory;
}

/** What the history stores of a file read in the page. */
function questionFile(file: ReadAttachment): QuestionFile {
  return { ...file.ref, blob: file.blob, ...(file.text === undefined ? {} : { text: file.text }), ...(file.pageImages ? { pageImages: file.pageImages } : {}) };
}

/**
 * Saves a question with its files (one transaction in the history): new files with their bytes,
 * or refs of files the conversation holds (an edited question keeps its files). `conversation`:
 * the new conversation to create first, removed again when the question cannot be saved.
 */
export async function saveWithFiles(
  store: HistoryStore,
  conversationId: string,
  conversation: { id: string; title?: string; systemPrompt?: string } | undefined,
  question: { id: string; startedAt: number; text: string; context?: MessageContext },
  files: readonly (ReadAttachment | AttachmentRef)[],
): Promise<void> {
  const history = await attachmentHistory();
  if (conversation) await store.createConversation(conversation);
  try {
    await history.addUserMessage(conversationId, { ...question, attachments: files.map((file) => ('ref' in file ? questionFile(file) : file)) });
  } catch (caught) {
    if (conversation) await store.deleteConversation(conversation.id).catch(() => undefined);
    throw caught;
  }
}
