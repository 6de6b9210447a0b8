import type { HistoryMessage, ConversationRow } from './rows';
import { DEFAULT_TITLE, previewFrom, titleFrom } from './text';

/** The version of a message the index saw: an answer changes while it streams, a question never. */
export const versionOf = (message: HistoryMessage): number => (message.role === 'user' ? message.startedAt : message.updatedAt);

/** Answers are indexed once they stop changing: a streaming text would leave half-words behind. */
export const indexable = (message: HistoryMessage): boolean => message.role === 'user' || message.status !== 'streaming';

/**
 * The searchable text of a message: its text, the title of the page it was about, and its
 * attachments' names and text (`texts`, by attachment id: attachments.ts `attachmentTexts`).
 */
export function searchableText(message: HistoryMessage, texts?: ReadonlyMap<string, string>): string {
  if (message.role !== 'user') return message.text;
  const parts = [message.text];
  if (message.context) parts.push(message.context.title);
  for (const ref of message.attachments ?? []) parts.push(texts?.get(ref.id) ?? ref.name);
  return parts.join('\n');
}

/** The summary fields of a conversation, recomputed from its messages. */
export function summarize<T extends ConversationRow>(row: T, messages: HistoryMessage[]): T {
  let updatedAt = row.updatedAt;
  let lastText = '';
  let firstQuestion: string | undefined;
  for (const message of messages) {
    if (/\S/u.test(message.text)) lastText = message.text;
    if (message.role === 'user') firstQuestion ??= message.text;
    updatedAt = Math.max(updatedAt, message.role === 'user' ? message.startedAt : message.updatedAt);
  }
  const title = row.titleSet ? row.title : firstQuestion === undefined ? row.title || DEFAULT_TITLE : titleFrom(firstQuestion);
  return { ...row, title, updatedAt, messageCount: messages.length, preview: previewFrom(lastText) };
}
