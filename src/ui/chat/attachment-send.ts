import type { KnowledgeContext } from '@/src/knowledge/collection-context';
import type { ReadAttachment } from '@/src/attachments/read-attachment';
import type { AttachmentRef } from '@/src/attachments/types';
import type { HistoryStore, MessageContext, NewAttachment } from '@/src/history';

/** Loaded with the first question that has files (use-chat.ts). */

/** One file given with a question: a new one with its bytes, or one the conversation holds (no `blob`), sent again. */
export type QuestionFile = NewAttachment;

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
  question: { id: string; startedAt: number; text: string; context?: MessageContext; knowledge?: KnowledgeContext },
  files: readonly (ReadAttachment | AttachmentRef)[],
): Promise<void> {
  if (conversation) await store.createConversation(conversation);
  try {
    await store.addUserMessage(conversationId, { ...question, attachments: files.map((file) => ('ref' in file ? questionFile(file) : file)) });
  } catch (caught) {
    if (conversation) await store.deleteConversation(conversation.id).catch(() => undefined);
    throw caught;
  }
}
