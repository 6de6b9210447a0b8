import { z } from 'zod/mini';
import { ConversationRecord, HistoryMessage } from './rows';
import { ATTACHMENT_LIMITS, AttachmentRef } from '@/src/attachments/types';

export const EXPORT_FORMAT = 'keyward-history';
/** Attachments (issue 16) were added without a new version: a file without them reads as before, and an older build ignores them. */
export const EXPORT_VERSION = 1;

/** Base64 characters of the largest file the page accepts. */
const MAX_BASE64 = Math.ceil(ATTACHMENT_LIMITS.maxFileBytes / 3) * 4;
const base64 = () => z.string().check(z.maxLength(MAX_BASE64));

/**
 * One attachment in an export: its ref, the message it belongs to, its bytes in base64 (`data`),
 * and for PDFs and text files the text, for scanned PDFs the page images.
 */
export const ExportedAttachment = z.extend(AttachmentRef, {
  messageId: z.string().check(z.minLength(1)),
  data: base64(),
  text: z.optional(z.string().check(z.maxLength(ATTACHMENT_LIMITS.maxTextChars))),
  pageImages: z.optional(z.array(base64()).check(z.maxLength(ATTACHMENT_LIMITS.maxScannedPages))),
});
export type ExportedAttachment = z.infer<typeof ExportedAttachment>;

export const ExportedConversation = z.extend(ConversationRecord, {
  messages: z.array(HistoryMessage),
  /**
   * Checked one by one on import (ExportedAttachment, then the bytes against the ref): a damaged
   * one is skipped and counted, the rest of the file is imported.
   */
  attachments: z.optional(z.array(z.unknown())),
});
export type ExportedConversation = z.infer<typeof ExportedConversation>;

export const HistoryExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.number(),
  conversations: z.array(ExportedConversation),
});
export type HistoryExport = z.infer<typeof HistoryExport>;
