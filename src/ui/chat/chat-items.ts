import type { AnswerRecord } from '@/src/chat/answer-record';
import type { HistoryMessage, UserMessage } from '@/src/history';
import { LiveText } from './live-text';
import type { BudgetNotice } from '@/src/budget/schemas';
export interface UserItem {
  kind: 'user';
  message: UserMessage;
}

/** What the background said while the answer streams (not saved; the record has the final word). */
export interface AnswerProgress {
  /** The target answering now, as "model (provider)". */
  current?: string;
  note?: string;
}

export interface AnswerItem {
  kind: 'answer';
  id: string;
  record: AnswerRecord;
  /** The answer text: appended to in place while streaming, without re-rendering React. */
  text: LiveText;
  reasoning: LiveText;
  /** Continues the answer just before it (asked with "Continue"). */
  continued: boolean;
  progress?: AnswerProgress;
  /** Budgets at their warning share or used up when this answer was asked for. */
  budget?: BudgetNotice[];
}

export type ChatItem = UserItem | AnswerItem;

export function answerItem(record: AnswerRecord, continued: boolean): AnswerItem {
  const done = record.status !== 'streaming';
  return { kind: 'answer', id: record.id, record, text: new LiveText(record.text, done), reasoning: new LiveText(record.reasoning, done), continued };
}

/** History rows as chat items; an answer right after another answer is a continuation of it. */
export function itemsFromHistory(messages: readonly HistoryMessage[]): ChatItem[] {
  const items: ChatItem[] = [];
  for (const message of messages) {
    if (message.role === 'user') items.push({ kind: 'user', message });
    else items.push(answerItem(message, items[items.length - 1]?.kind === 'answer'));
  }
  return items;
}

/** A placeholder record for an answer that was just requested. */
export function pendingRecord(id: string, conversationId: string, now = Date.now()): AnswerRecord {
  return { id, conversationId, role: 'assistant', status: 'streaming', text: '', reasoning: '', fellBackFrom: [], startedAt: now, updatedAt: now };
}

/** The index of the user message an answer (or a chain of continued answers) replies to. */
export function questionIndexOf(items: readonly ChatItem[], answerIndex: number): number {
  let index = answerIndex;
  while (index >= 0 && items[index]?.kind === 'answer') index--;
  return index;
}
