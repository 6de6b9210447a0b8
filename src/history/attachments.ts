import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { ATTACHMENT_LIMITS, AttachmentRef, type AttachmentRow } from '@/src/attachments/types';
import type { HistoryDatabase } from './history-db';
import type { HistoryMessage } from './rows';

/**
 * The history's side of attachments (issue 16): the `attachments` store holds one row per file
 * sent with a question, its bytes as a Blob; the user message row holds only the refs. The pages
 * write them with the question (`addUserMessage`, one transaction), read them to show them again,
 * export and import them; the worker reads them by id (src/chat/attachment-parts.ts).
 */

/**
 * One attachment given to `addUserMessage`: a new one carries its bytes (`blob`, and for PDFs and
 * text files the `text`, for scanned PDFs the `pageImages`); one without `blob` is a row this
 * conversation already holds (an edited question resent with the same files), moved to the new message.
 */
export type NewAttachment = AttachmentRef & { blob?: Blob; text?: string; pageImages?: Blob[] };

/** The ref part of a row or an input: what the message row stores (nothing else passes the strict schema). */
export function refOf(row: AttachmentRef): AttachmentRef {
  const ref: Record<string, unknown> = {};
  for (const key of Object.keys(AttachmentRef.shape)) {
    const value = (row as unknown as Record<string, unknown>)[key];
    if (value !== undefined) ref[key] = value;
  }
  return ref as AttachmentRef;
}

/** A row as stored passes these checks, or it is damaged (skipped, never rewritten). */
export function isValidAttachmentRow(row: unknown): row is AttachmentRow {
  if (typeof row !== 'object' || row === null) return false;
  const candidate = row as Partial<AttachmentRow>;
  return (
    AttachmentRef.safeParse(refOf(candidate as AttachmentRef)).success &&
    typeof candidate.conversationId === 'string' &&
    typeof candidate.messageId === 'string' &&
    candidate.blob instanceof Blob &&
    (candidate.text === undefined || typeof candidate.text === 'string') &&
    (candidate.pageImages === undefined || (Array.isArray(candidate.pageImages) && candidate.pageImages.every((image) => image instanceof Blob))) &&
    typeof candidate.createdAt === 'number'
  );
}

/** The checks a new attachment's bytes must pass before they are stored (the page read them; the limits are the contract's). */
export function checkAttachmentBytes(input: { blob: Blob; text?: string | undefined; pageImages?: Blob[] | undefined; kind: string; size: number }): boolean {
  const limit = input.kind === 'image' ? ATTACHMENT_LIMITS.maxImageBytes : ATTACHMENT_LIMITS.maxFileBytes;
  return (
    input.blob.size === input.size &&
    input.blob.size <= limit &&
    (input.text === undefined || input.text.length <= ATTACHMENT_LIMITS.maxTextChars) &&
    (input.pageImages === undefined || (input.pageImages.length <= ATTACHMENT_LIMITS.maxScannedPages && input.pageImages.every((image) => image.size <= ATTACHMENT_LIMITS.maxImageBytes)))
  );
}

const unsaveable = () => new AppError('BAD_REQUEST', phrase('error_messageUnsaveable'));

/**
 * Checks and writes the attachments of a new user message; the refs to store on it. Inside the
 * transaction that adds the message (over `attachments`), so the message and its files are saved
 * together or not at all.
 */
export async function writeAttachments(db: HistoryDatabase, conversationId: string, messageId: string, inputs: readonly NewAttachment[], at: number): Promise<AttachmentRef[]> {
  if (inputs.length > ATTACHMENT_LIMITS.perMessage || new Set(inputs.map((input) => input.id)).size !== inputs.length) throw unsaveable();
  const refs: AttachmentRef[] = [];
  const rows: AttachmentRow[] = [];
  const moved: string[] = [];
  for (const input of inputs) {
    const parsed = AttachmentRef.safeParse(refOf(input));
    if (!parsed.success) throw unsaveable();
    const ref = parsed.data;
    if (input.blob === undefined) {
      moved.push(ref.id);
    } else {
      if (!(input.blob instanceof Blob) || !checkAttachmentBytes({ ...input, blob: input.blob })) throw unsaveable();
      const row: AttachmentRow = { ...ref, conversationId, messageId, blob: input.blob, createdAt: at };
      if (typeof input.text === 'string') row.text = input.text;
      if (input.pageImages?.length) row.pageImages = input.pageImages;
      rows.push(row);
    }
    refs.push(ref);
  }
  if (moved.length) {
    const existing = await db.attachments.bulkGet(moved);
    if (existing.some((row) => !isValidAttachmentRow(row) || row.conversationId !== conversationId)) throw unsaveable();
    await db.attachments.bulkPut(existing.map((row) => ({ ...(row as AttachmentRow), messageId })));
  }
  // add, not put: an id already taken (another message's file) is refused, never overwritten.
  if (rows.length) await db.attachments.bulkAdd(rows);
  return refs;
}

/** The attachment ids a list of messages refers to. */
export function attachmentIds(messages: readonly HistoryMessage[]): string[] {
  return messages.flatMap((message) => (message.role === 'user' ? (message.attachments ?? []).map((ref) => ref.id) : []));
}

/**
 * What search finds of each attachment, by id: its name and its text (PDFs and text files). Read
 * only when the messages have attachments; inside a transaction over `attachments`.
 */
export async function attachmentTexts(db: HistoryDatabase, messages: readonly HistoryMessage[]): Promise<Map<string, string>> {
  const ids = attachmentIds(messages);
  const texts = new Map<string, string>();
  if (!ids.length) return texts;
  for (const row of await db.attachments.bulkGet(ids)) {
    if (isValidAttachmentRow(row)) texts.set(row.id, row.text === undefined ? row.name : `${row.name}\n${row.text}`);
  }
  return texts;
}

/**
 * Deletes the attachments of removed messages that no kept message refers to (an edited question
 * keeps its files: the new one refers to them). Inside the transaction that removes the messages.
 */
export async function dropUnreferenced(db: HistoryDatabase, removed: readonly HistoryMessage[], kept: readonly string[]): Promise<void> {
  const keep = new Set(kept);
  const doomed = attachmentIds(removed).filter((id) => !keep.has(id));
  if (doomed.length) await db.attachments.bulkDelete(doomed);
}

/** Every attachment of a conversation, damaged ones too: deleting a conversation deletes them all. */
export async function deleteAttachmentsOf(db: HistoryDatabase, conversationId: string): Promise<number> {
  return db.attachments.where('conversationId').equals(conversationId).delete();
}

/** The rows of a conversation's attachments, for display and export: `ids` in their order, or all; damaged and missing ones left out. */
export async function readAttachments(db: HistoryDatabase, conversationId: string, ids?: readonly string[]): Promise<AttachmentRow[]> {
  const rows = ids ? await db.attachments.bulkGet([...ids]) : await db.attachments.where('conversationId').equals(conversationId).toArray();
  return rows.filter((row): row is AttachmentRow => isValidAttachmentRow(row) && row.conversationId === conversationId);
}
