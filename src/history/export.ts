import { phrase } from '@/src/shared/i18n/text';
import type { HistoryDatabase } from '@/src/history/history-db';
import { AppError } from '@/src/shared/errors';
import type { HistoryMessage } from './rows';
import { findRow, isValidRow, toDetails, type ValidRow } from './conversations';
import { loadMessages } from './messages';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedConversation, type HistoryExport } from './export-format';

const time = (at: number): string => new Date(at).toISOString();

/** One conversation, or every valid one newest first. Damaged rows are left out (and left in place). */
async function collect(db: HistoryDatabase, conversationId: string | undefined): Promise<ExportedConversation[]> {
  let rows: ValidRow[];
  if (conversationId === undefined) {
    rows = (await db.conversations.orderBy('updatedAt').reverse().toArray()).filter(isValidRow);
  } else {
    const row = await findRow(db, conversationId);
    if (!isValidRow(row)) throw new AppError('NOT_FOUND', phrase('error_conversationGone'));
    rows = [row];
  }
  const out: ExportedConversation[] = [];
  for (const row of rows) out.push({ ...toDetails(row), messages: (await loadMessages(db, row.id)).messages });
  return out;
}

export async function exportJson(db: HistoryDatabase, conversationId: string | undefined, now: () => number): Promise<string> {
  const file: HistoryExport = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now(), conversations: await collect(db, conversationId) };
  return JSON.stringify(file, null, 2);
}

function heading(message: HistoryMessage): string {
  if (message.role === 'user') return `## You · ${time(message.startedAt)}`;
  const parts = ['## Assistant'];
  if (message.answeredBy) parts.push(`${message.answeredBy.model} (${message.answeredBy.provider})`);
  parts.push(time(message.startedAt));
  if (message.status !== 'complete') parts.push(message.status);
  return parts.join(' · ');
}

function messageMarkdown(message: HistoryMessage): string {
  const lines = [heading(message), ''];
  if (message.role === 'user' && message.context) {
    lines.push(`*From the ${message.context.kind}: ${message.context.title} <${message.context.url}>*`, '');
  }
  lines.push(message.text);
  if (message.role === 'assistant' && message.error) lines.push('', `*${message.error.message}*`);
  return lines.join('\n');
}

/** Markdown: a heading per conversation, then per message (who, model, time); message text as it is. */
export async function exportMarkdown(db: HistoryDatabase, conversationId: string | undefined, now: () => number): Promise<string> {
  const conversations = await collect(db, conversationId);
  const parts = conversations.map((conversation) => {
    const head = [`# ${conversation.title}`, '', `*Started ${time(conversation.createdAt)} · last message ${time(conversation.updatedAt)}*`];
    if (conversation.systemPrompt) head.push('', '## System prompt', '', conversation.systemPrompt);
    return [head.join('\n'), ...conversation.messages.map(messageMarkdown)].join('\n\n');
  });
  if (conversationId === undefined) parts.unshift(`*Keyward history, exported ${time(now())}: ${conversations.length} conversations*`);
  return `${parts.join('\n\n---\n\n')}\n`;
}
