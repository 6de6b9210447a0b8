import type { MessageContext } from '@/src/history';
import { ATTACHMENT_LIMITS } from '@/src/attachments/types';
import type { ChatMessage } from '@/src/providers/types';
import type { ChatItem } from './chat-items';

/** A question with the page text it is about, as the model reads it. */
export function userContent(text: string, context?: MessageContext): string {
  if (!context) return text;
  const what = context.kind === 'selection' ? 'Selected text from' : 'Content of';
  return `${text}\n\n---\n${what} the page "${context.title}" (${context.url}):\n\n${context.text}`;
}

/** A message as the page sends it on the chat port: a question names its files by id (the worker reads them). */
export type OutgoingMessage = ChatMessage & { attachments?: string[] };

/**
 * The messages to send for a conversation: the system prompt, then each question and answer, each
 * question with the ids of its files (so regenerate, continue and later questions send them again).
 * A continued answer is joined to the part before it; answers with no text (failed) are left out,
 * and questions left next to each other are joined (with their files), so roles always alternate.
 */
export function buildMessages(systemPrompt: string | undefined, items: readonly ChatItem[]): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  if (systemPrompt?.trim()) messages.push({ role: 'system', content: systemPrompt });
  for (const item of items) {
    const role = item.kind === 'user' ? 'user' : 'assistant';
    const content = item.kind === 'user' ? userContent(item.message.text, item.message.context) : item.text.text();
    if (!content) continue;
    const files = item.kind === 'user' ? (item.message.attachments ?? []).map((ref) => ref.id) : [];
    const previous = messages[messages.length - 1];
    if (previous?.role === role) {
      previous.content += role === 'assistant' ? content : `\n\n${content}`;
      if (files.length > 0) previous.attachments = [...(previous.attachments ?? []), ...files].slice(0, ATTACHMENT_LIMITS.perMessage);
    } else messages.push({ role, content, ...(files.length > 0 ? { attachments: files } : {}) });
  }
  return messages;
}
