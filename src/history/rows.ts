import { z } from 'zod/mini';
import { AnswerRecord } from '@/src/chat/answer-record';
import { ChatTargets } from '@/src/chat/port-protocol';
import { ATTACHMENT_LIMITS, AttachmentRef } from '@/src/attachments/types';
import { KnowledgeContext } from '@/src/knowledge/collection-context';

/** Page text attached to a user message (a page or a selection the question is about). */
export const MessageContext = z.object({
  kind: z.enum(['page', 'selection']),
  title: z.string(),
  url: z.string(),
  text: z.string(),
});
export type MessageContext = z.infer<typeof MessageContext>;

/** A message the user typed. Written by the page; `startedAt` orders it among the answers. */
export const UserMessage = z.object({
  id: z.string().check(z.minLength(1)),
  conversationId: z.string().check(z.minLength(1)),
  role: z.literal('user'),
  text: z.string(),
  startedAt: z.number(),
  context: z.optional(MessageContext),
  /** Files sent with the question, without their bytes (those are rows of the `attachments` store, attachments.ts). */
  attachments: z.optional(z.array(AttachmentRef).check(z.maxLength(ATTACHMENT_LIMITS.perMessage))),
  /** Excerpts of the user's collections sent with the question, which its answer cites (issue 19: src/knowledge/collection-context.ts). */
  knowledge: z.optional(KnowledgeContext),
});
export type UserMessage = z.infer<typeof UserMessage>;

export const HistoryMessage = z.discriminatedUnion('role', [UserMessage, AnswerRecord]);
export type HistoryMessage = UserMessage | AnswerRecord;


export const ConversationRecord = z.object({
  id: z.string().check(z.minLength(1)),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messageCount: z.number(),
  preview: z.string(),
  systemPrompt: z.optional(z.string()),
  /**
   * The model (or chain) last used in it, read with the chat port's own check of targets (one
   * parser of a choice). One that no longer passes it is dropped, not the conversation.
   */
  lastTargets: z.optional(z.catch(z.optional(ChatTargets), undefined)),
});
export type ConversationRecord = z.infer<typeof ConversationRecord>;

/**
 * What is stored: the record, plus its number in the search index (`doc`, the primary key),
 * whether the user chose the title (then the first message never replaces it), and `pending`
 * while its messages are not indexed yet (after an import or the upgrade from version 1).
 */
export type ConversationRow = ConversationRecord & { doc?: number; titleSet?: boolean; pending?: 1 };

export type StoredMessageRow = HistoryMessage;

/**
 * What a conversation is indexed under: its title, and each message at the version indexed
 * (an answer's `updatedAt`, a question's `startedAt`). A reindex tokenizes the messages and
 * writes only the terms that appeared or disappeared.
 */
export interface SearchDocRow {
  doc: number;
  title: string;
  rows: Record<string, number>;
}

export interface MetaRow {
  key: string;
  value: number;
}

/** Meta row set while conversations wait to be indexed (1) and cleared once none do (0). */
export const PENDING_KEY = 'pending';

export type PostingKey = [block: number, term: string];
