import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { attachmentTokens } from '@/src/attachments/tokens';
import { deliveryFor, sightOf, type LimitBreach } from '@/src/attachments/delivery';
import { formatNumber } from '@/src/shared/i18n/format';
import type { AttachmentRow, ContentPart, Delivery, ImageType } from '@/src/attachments/types';
import { IMAGE_TYPES } from '@/src/attachments/types';
import type { AnswersDatabase } from '@/src/history/answers-db';
import type { AdapterProvider, ChatMessage } from '@/src/providers/types';
import type { AttachmentSummary } from '@/src/usage/rows';
import type { PortChatMessage } from './port-protocol';
import { toBase64 } from '@/src/vault/encoding';

/**
 * The worker's side of attachments (issue 16): a start names its files by id; they are read here
 * in one transaction, and for each target (each model of a fallback chain decides again) turned
 * into the provider message's `parts` (images, native PDFs, scanned pages) and text inlined into
 * its content (text files, PDFs as text). The bytes are encoded only when a target is about to be
 * sent, and dropped once it has been (see `dropParts`).
 */

/** A provider message with its attachments' parts (the adapter's wire format is built from them). */
export type PartsMessage = ChatMessage & { parts?: ContentPart[] };

/** The files of one start, by id, in the order the messages name them. */
export type StartFiles = ReadonlyMap<string, AttachmentRow>;

/** What the catalog says a model takes (src/catalog: `vision`, and `pdf` once the catalog has it). */
export type SightEntry = { vision?: boolean; pdf?: boolean } | undefined;

/**
 * A row the worker can use: the fields it reads, of the right types. The page checked the whole
 * row with the zod AttachmentRef when it wrote it (history/attachments.ts); the worker only guards
 * against a damaged row (its size budget has no room for a second copy of those checks).
 */
function isUsableRow(row: unknown, id: string, conversationId: string): row is AttachmentRow {
  if (typeof row !== 'object' || row === null) return false;
  const { id: rowId, conversationId: owner, kind, name, mime, size, blob, text, pageImages } = row as Partial<AttachmentRow>;
  return (
    rowId === id &&
    owner === conversationId &&
    (kind === 'image' || kind === 'pdf' || kind === 'text') &&
    typeof name === 'string' &&
    typeof mime === 'string' &&
    typeof size === 'number' &&
    blob instanceof Blob &&
    (text === undefined || typeof text === 'string') &&
    (pageImages === undefined || (Array.isArray(pageImages) && pageImages.every((page) => page instanceof Blob)))
  );
}

const idsOf = (messages: readonly PortChatMessage[]): string[] => messages.flatMap((message) => (message.role === 'user' ? (message.attachments ?? []) : []));

/**
 * Reads the files the messages name, in one read transaction. Every id must be a valid row of this
 * conversation: otherwise nothing is sent (an AppError the answer shows). No ids: no read at all.
 */
export async function readStartFiles(db: AnswersDatabase, conversationId: string | undefined, messages: readonly PortChatMessage[]): Promise<StartFiles> {
  const ids = [...new Set(idsOf(messages))];
  const files = new Map<string, AttachmentRow>();
  if (!ids.length) return files;
  const missing = () => new AppError('NOT_FOUND', phrase('answer_attachmentMissing'));
  if (conversationId === undefined) throw missing();
  const rows = await db.transaction('r', ['attachments'], (tables) => Promise.all(ids.map((id) => tables.attachments.get(id))));
  rows.forEach((row, index) => {
    const id = ids[index] ?? '';
    if (!isUsableRow(row, id, conversationId)) throw missing();
    files.set(id, row);
  });
  return files;
}

/** How each file goes to one target. */
export function deliveriesFor(files: StartFiles, provider: AdapterProvider, model: string, entry: SightEntry): Map<string, Delivery> {
  const sight = sightOf(provider, entry, model);
  return new Map([...files.values()].map((row) => [row.id, deliveryFor(sight, provider, row)]));
}

export const unsupportedIn = (deliveries: ReadonlyMap<string, Delivery>): boolean => [...deliveries.values()].includes('unsupported');

/** Input tokens the files add for one target (estimated where the provider's rules are not known exactly). */
export function filesTokens(files: StartFiles, deliveries: ReadonlyMap<string, Delivery>, provider: AdapterProvider, model: string): { tokens: number; estimated: boolean } {
  let tokens = 0;
  let estimated = false;
  for (const row of files.values()) {
    const counted = attachmentTokens(provider, model, row, deliveries.get(row.id) ?? 'unsupported');
    tokens += counted.tokens;
    estimated ||= counted.estimated;
  }
  return { tokens, estimated };
}

/** For the audit log: how many files of each kind and their bytes; never a name or a byte of content. */
export function summarize(files: StartFiles): AttachmentSummary | undefined {
  if (!files.size) return undefined;
  const summary: AttachmentSummary = { count: 0, images: 0, pdfs: 0, texts: 0, bytes: 0 };
  for (const row of files.values()) {
    summary.count++;
    summary.bytes += row.size;
    if (row.kind === 'image') summary.images++;
    else if (row.kind === 'pdf') summary.pdfs++;
    else summary.texts++;
  }
  return summary;
}

const KIND_WORDS: Record<Delivery, string> = {
  text: 'text file',
  'pdf-text': 'PDF, its text',
  pdf: 'PDF',
  'pdf-pages': 'scanned PDF',
  image: 'image',
  unsupported: '',
};

/** A text file or a PDF's text as the model reads it: a header naming the file, the text (page marks kept), an end mark. */
export function inlinedText(row: AttachmentRow, delivery: Delivery): string {
  return `--- Attachment: ${row.name} (${KIND_WORDS[delivery]}) ---\n${row.text ?? ''}\n--- End of ${row.name} ---`;
}

const base64Of = async (blob: Blob): Promise<string> => toBase64(new Uint8Array(await blob.arrayBuffer()));

const imageType = (mime: string): ImageType => ((IMAGE_TYPES as readonly string[]).includes(mime) ? (mime as ImageType) : 'image/jpeg');

async function partsOf(row: AttachmentRow, delivery: Delivery): Promise<ContentPart[]> {
  switch (delivery) {
    case 'image': {
      const part: ContentPart = { type: 'image', mime: imageType(row.mime), data: await base64Of(row.blob) };
      if (row.width !== undefined) part.width = row.width;
      if (row.height !== undefined) part.height = row.height;
      return [part];
    }
    case 'pdf':
      return [{ type: 'document', mime: 'application/pdf', data: await base64Of(row.blob), name: row.name }];
    case 'pdf-pages':
      return Promise.all((row.pageImages ?? []).map(async (page): Promise<ContentPart> => ({ type: 'image', mime: imageType(page.type), data: await base64Of(page) })));
    default:
      return [];
  }
}

/**
 * The provider messages for one target, text only: each user message's text files and PDF texts
 * inlined after its text, in the order attached. Checked with the rest of the request (its size
 * limit) before anything is encoded.
 */
export function withInlinedText(messages: readonly PortChatMessage[], files: StartFiles, deliveries: ReadonlyMap<string, Delivery>): ChatMessage[] {
  return messages.map(({ role, content, attachments }): ChatMessage => {
    const texts: string[] = [];
    for (const id of role === 'user' ? (attachments ?? []) : []) {
      const row = files.get(id);
      const delivery = deliveries.get(id);
      if (row && (delivery === 'text' || delivery === 'pdf-text')) texts.push(inlinedText(row, delivery));
    }
    return { role, content: texts.length ? [content, ...texts].join('\n\n') : content };
  });
}

/** Each message's parts for one target (images, native PDFs, scanned pages, in the order attached), encoded now; undefined for a message without. */
export async function partsFor(messages: readonly PortChatMessage[], files: StartFiles, deliveries: ReadonlyMap<string, Delivery>): Promise<(ContentPart[] | undefined)[]> {
  return Promise.all(
    messages.map(async ({ role, attachments }) => {
      const parts: ContentPart[] = [];
      for (const id of role === 'user' ? (attachments ?? []) : []) {
        const row = files.get(id);
        const delivery = deliveries.get(id);
        if (row && delivery) parts.push(...(await partsOf(row, delivery)));
      }
      return parts.length ? parts : undefined;
    }),
  );
}

/** Both: the messages one target receives. Call only for a target that takes every file (no `unsupported`). */
export async function messagesFor(messages: readonly PortChatMessage[], files: StartFiles, deliveries: ReadonlyMap<string, Delivery>): Promise<PartsMessage[]> {
  return withParts(withInlinedText(messages, files, deliveries), await partsFor(messages, files, deliveries));
}

/** `messages` (one for one with `parts`) with their parts attached. */
export function withParts(messages: readonly ChatMessage[], parts: readonly (ContentPart[] | undefined)[]): PartsMessage[] {
  return messages.map((message, index) => {
    const own = parts[index];
    return own ? { ...message, parts: own } : { ...message };
  });
}

/**
 * Drops the encoded bytes once the request has left: the adapter and the retry and fallback
 * layers hold the request object for the whole stream, so emptying its parts is what lets the
 * base64 go. A retry or the next target encodes again from the Blobs.
 */
export function dropParts(messages: readonly PartsMessage[]): void {
  for (const message of messages) {
    if (message.parts) {
      message.parts.length = 0;
      delete message.parts;
    }
  }
}

/** A model of the user's keys that can see, named in the refusal. */
export interface SeeingModel {
  model: string;
  keyLabel: string;
}

/** The refusal when no target of the chain can take the files: names models of the user's keys that can. */
export function unseenPhrase(model: string, seeing: readonly SeeingModel[]): Phrase {
  if (!seeing.length) return phrase('answer_attachmentUnseenNone', model);
  return phrase('answer_attachmentUnseen', model, seeing.map((each) => `${each.model} (${each.keyLabel})`).join(', '));
}

/** The refusal when a target can take the files but not this many, or not this large (the provider's own limits, delivery.ts). */
export function overLimitPhrase(model: string, breach: LimitBreach): Phrase {
  const mb = (bytes: number) => formatNumber(Math.round((bytes / 1024 / 1024) * 100) / 100);
  if (breach.limit === 'image-bytes') return phrase('answer_attachmentImageOverLimit', model, breach.ref.name, mb(breach.ref.size), mb(breach.max));
  if (breach.limit === 'images') return phrase('answer_attachmentTooManyImages', model, formatNumber(breach.max), formatNumber(breach.count));
  return phrase('answer_attachmentTooManyDocuments', model, formatNumber(breach.max), formatNumber(breach.count));
}
