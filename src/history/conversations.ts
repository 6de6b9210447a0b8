import type { ChatTarget } from '@/src/chat/port-protocol';
import { phrase } from '@/src/shared/i18n/text';
import type { HistoryDatabase } from '@/src/history/history-db';
import { AppError } from '@/src/shared/errors';
import { ConversationRecord, type ConversationRow } from './rows';

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  preview: string;
}

export interface ConversationDetails extends ConversationSummary {
  systemPrompt?: string;
  lastTargets?: ChatTarget[];
}

export type ValidRow = ConversationRow & ConversationRecord & { doc: number };

export function isValidRow(row: ConversationRow | undefined): row is ValidRow {
  return row !== undefined && typeof row.doc === 'number' && ConversationRecord.safeParse(row).success;
}

export function toSummary(row: ConversationRecord): ConversationSummary {
  return { id: row.id, title: row.title, createdAt: row.createdAt, updatedAt: row.updatedAt, messageCount: row.messageCount, preview: row.preview };
}

export function toDetails(row: ConversationRecord): ConversationDetails {
  const details: ConversationDetails = toSummary(row);
  if (row.systemPrompt !== undefined) details.systemPrompt = row.systemPrompt;
  // The row passed ConversationRecord, which drops (catches) a choice the port would refuse: keep what it kept.
  const targets = ConversationRecord.shape.lastTargets.safeParse(row.lastTargets);
  if (targets.success && targets.data !== undefined) details.lastTargets = targets.data.map((target) => ({ ...target }));
  return details;
}

export function findRow(db: HistoryDatabase, id: string): Promise<ConversationRow | undefined> {
  return db.conversations.where('id').equals(id).first();
}

/** The conversation's row, or NOT_FOUND (also for a damaged row: it is never rewritten). */
export async function requireRow(db: HistoryDatabase, id: string): Promise<ValidRow> {
  const row = await findRow(db, id);
  if (!isValidRow(row)) throw new AppError('NOT_FOUND', phrase('error_conversationGone'));
  return row;
}
