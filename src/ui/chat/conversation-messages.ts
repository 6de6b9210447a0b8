import type { KnowledgeContext } from '@/src/knowledge/collection-context';
import { knowledgeText } from '@/src/knowledge/collection-text';
import type { MessageContext } from '@/src/history';
import { ATTACHMENT_LIMITS } from '@/src/attachments/types';
import type { PortChatMessage } from '@/src/chat/port-protocol';
import type { ChatItem } from './chat-items';

/** A question with the page text it is about, and the excerpts of collections it was sent with, as the model reads it. */
export function userContent(text: string, context?: MessageContext, knowledge?: KnowledgeContext): string {
  let content = text;
  if (context) {
    const what = context.kind === 'selection' ? 'Selected text from' : 'Content of';
    content += `\n\n---\n${what} the page "${context.title}" (${context.url}):\n\n${context.text}`;
  }
  if (knowledge) content += `\n\n${knowledgeText(knowledge)}`;
  return content;
}

/**
 * The messages to send for a conversation: the system prompt, then each question and answer. A
 * continued answer is joined to the part before it; answers with no text (failed) are left out, and
 * questions left next to each other are joined, so roles always alternate. A question's files go
 * by id (the worker reads them from the history): regenerate and edit-and-resend send them again.
 */
export function buildMessages(systemPrompt: string | undefined, items: readonly ChatItem[]): PortChatMessage[] {
  const messages: PortChatMessage[] = [];
  if (systemPrompt?.trim()) messages.push({ role: 'system', content: systemPrompt });
  for (const item of items) {
    const role = item.kind === 'user' ? 'user' : 'assistant';
    const content = item.kind === 'user' ? userContent(item.message.text, item.message.context, item.message.knowledge) : item.text.text();
    const files = item.kind === 'user' ? (item.message.attachments ?? []).map((ref) => ref.id) : [];
    if (!content && !files.length) continue;
    const previous = messages[messages.length - 1];
    if (previous?.role === role) {
      if (content) previous.content += role === 'assistant' ? content : `\n\n${content}`;
      if (files.length) previous.attachments = [...(previous.attachments ?? []), ...files].slice(0, ATTACHMENT_LIMITS.perMessage);
    } else messages.push(files.length ? { role, content, attachments: files } : { role, content });
  }
  return messages;
}
