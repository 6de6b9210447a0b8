import { phrase } from '@/src/shared/i18n/text';
import { answerErrorText } from '@/src/chat/answer-record';
import type { HistoryDatabase } from '@/src/history/history-db';
import { AppError } from '@/src/shared/errors';
import type { HistoryMessage } from './rows';
import { findRow, isValidRow, toDetails, type ValidRow } from './conversations';
import { loadMessages } from './messages';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportedAttachment, type ExportedConversation, type HistoryExport } from './export-format';
import { attachmentIds, readAttachments } from './attachments';
import type { AttachmentRow } from '@/src/attachments/types';
import { toBase64 } from '@/src/vault/encoding';

const time = (at: number): string => new Date(at).toISOString();

const base64Of = async (blob: Blob): Promise<string> => toBase64(new Uint8Array(await blob.arrayBuffer()));

/** An attachment row as exported: its ref and text as they are, its bytes in base64. */
async function exported(row: AttachmentRow): Promise<ExportedAttachment> {
  const { conversationId: _conversation, blob, pageImages, createdAt: _created, ...rest } = row;
  const out: ExportedAttachment = { ...rest, data: await base64Of(blob) };
  if (pageImages?.length) out.pageImages = await Promise.all(pageImages.map(base64Of));
  return out;
}

/**
 * One conversation, or every valid one newest first. Damaged rows are left out (and left in place).
 * `withFiles`: the attachments its messages refer to, in base64 (JSON); Markdown only names them.
 */
async function collect(db: HistoryDatabase, conversationId: string | undefined, withFiles = false): Promise<ExportedConversation[]> {
  let rows: ValidRow[];
  if (conversationId === undefined) {
    rows = (await db.conversations.orderBy('updatedAt').reverse().toArray()).filter(isValidRow);
  } else {
    const row = await findRow(db, conversationId);
    if (!isValidRow(row)) throw new AppError('NOT_FOUND', phrase('error_conversationGone'));
    rows = [row];
  }
  const out: ExportedConversation[] = [];
  for (const row of rows) {
    const { messages } = await loadMessages(db, row.id);
    const conversation: ExportedConversation = { ...toDetails(row), messages };
    const ids = withFiles ? attachmentIds(messages) : [];
    if (ids.length) conversation.attachments = await Promise.all((await readAttachments(db, row.id, ids)).map(exported));
    out.push(conversation);
  }
  return out;
}

export async function exportJson(db: HistoryDatabase, conversationId: string | undefined, now: () => number): Promise<string> {
  const file: HistoryExport = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now(), conversations: await collect(db, conversationId, true) };
  return JSON.stringify(file, null, 2);
}

/** A file's size as people read it (the export is not localized: English units, as its headings). */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
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
  if (message.role === 'user' && message.attachments?.length) lines.push('', ...message.attachments.map((ref) => `[Attachment: ${ref.name} (${ref.kind}, ${sizeText(ref.size)})]`));
  if (message.role === 'assistant' && message.error) lines.push('', `*${answerErrorText(message.error)}*`);
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
