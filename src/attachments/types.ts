import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';

/**
 * Attachments: images, PDFs and text files that go with a question (issue 16).
 *
 * Where each piece lives (README.md in this folder says why):
 * - The page that attaches a file reads it (images downscaled and re-encoded without metadata,
 *   PDF text extracted with pdf.js), shows a chip, and on Send writes one `AttachmentRow` per file
 *   into the history database's `attachments` store, then the user message row with the
 *   `AttachmentRef`s, then opens the chat port with the ids (`ChatMessage.attachments`).
 * - The worker reads the rows by id (raw IndexedDB, no Dexie), decides per target how each one is
 *   sent (`Delivery`, delivery.ts), turns them into `ContentPart`s for the provider adapter, and drops
 *   the bytes when the request has been sent.
 * - History keeps the rows (Blobs, never base64 in message rows), exports them, deletes them with
 *   their conversation.
 */

export const ATTACHMENT_KINDS = ['image', 'pdf', 'text'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Where the attachment came from (shown on the chip; recorded in the audit log as a count). */
export const ATTACHMENT_SOURCES = ['file', 'paste', 'drop', 'tab', 'region'] as const;
export type AttachmentSource = (typeof ATTACHMENT_SOURCES)[number];

/** Image types every seeing provider accepts; anything else is re-encoded to one of these in the page. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Limits, one place: the chip and the worker say the same numbers. */
export const ATTACHMENT_LIMITS = {
  /** Files per message. */
  perMessage: 10,
  /** A file the page is willing to read at all (bigger ones are refused before reading). */
  maxFileBytes: 50 * 1024 * 1024,
  /** What one image may weigh once re-encoded (the strictest provider's inline limit is 5 MB: Anthropic). */
  maxImageBytes: 5 * 1024 * 1024,
  /** Longest side an image is downscaled to: no seeing model uses more (OpenAI high detail 2048, Anthropic 1568). */
  maxImageSide: 2048,
  /** A PDF sent as a document (Anthropic 32 MB request, Bedrock 4.5 MB per document: the smaller wins). */
  maxNativePdfBytes: 4.5 * 1024 * 1024,
  /** PDF pages read; beyond it the chip says how many were left out. */
  maxPdfPages: 500,
  /** Characters of extracted or plain text per attachment. */
  maxTextChars: 2_000_000,
  /** Scanned PDF pages offered as images. */
  maxScannedPages: 20,
} as const;

/**
 * What the history and the port know about one attachment: no bytes. Stored on the user message
 * row (`attachments`), shown as a chip, exported with the conversation.
 */
export const AttachmentRef = lazySchema(() =>
  z.strictObject({
    id: z.string().check(z.minLength(8), z.maxLength(64)),
    kind: z.enum(ATTACHMENT_KINDS),
    /** The file's name, or a made-up one for a paste or capture ("Screenshot of example.com.png"). */
    name: z.string().check(z.minLength(1), z.maxLength(260)),
    /** The type of the bytes stored (after re-encoding for images). */
    mime: z.string().check(z.minLength(3), z.maxLength(128)),
    /** Bytes stored (what an image or a native PDF sends before base64). */
    size: z.int().check(z.gte(0)),
    /** Bytes of the file as chosen, when re-encoding changed it. */
    originalSize: z.optional(z.int().check(z.gte(0))),
    source: z.enum(ATTACHMENT_SOURCES),
    /** Images: pixels after downscaling. */
    width: z.optional(z.int().check(z.gte(1))),
    height: z.optional(z.int().check(z.gte(1))),
    /** Images: what re-encoding removed ('location' when the file carried GPS data). */
    removed: z.optional(z.enum(['location', 'metadata'])),
    /** PDFs: pages in the file, and whether it has no text layer (then its pages go as images). */
    pages: z.optional(z.int().check(z.gte(0))),
    scanned: z.optional(z.boolean()),
    /** PDFs and text files: characters of text extracted (what a model without native PDF reads). */
    textChars: z.optional(z.int().check(z.gte(0))),
  }),
);
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** One row of the history database's `attachments` store. */
export interface AttachmentRow extends AttachmentRef {
  conversationId: string;
  /** The user message it belongs to. */
  messageId: string;
  /** The bytes: the re-encoded image, the PDF as chosen, or the text file. */
  blob: Blob;
  /** PDFs and text files: the text, PDF pages marked `[Page N]` so answers can cite them. */
  text?: string;
  /** Scanned PDFs: the first pages rendered as JPEG. */
  pageImages?: Blob[];
  createdAt: number;
}

/**
 * How an attachment reaches a given model (delivery.ts decides, the chip shows it, the worker obeys):
 * - `image`: as an image part;
 * - `pdf`: the PDF itself as a document part (providers that read PDFs natively);
 * - `pdf-text`: the extracted text, with page marks, in the message text;
 * - `pdf-pages`: a scanned PDF's pages as image parts;
 * - `text`: a text file's content in the message text;
 * - `unsupported`: this model cannot take it (an image to a model that does not see).
 */
export type Delivery = 'image' | 'pdf' | 'pdf-text' | 'pdf-pages' | 'text' | 'unsupported';

/** What an adapter receives besides the message text: bytes in base64, in the order attached. */
export type ContentPart =
  | { type: 'image'; mime: ImageType; data: string; width?: number; height?: number }
  | { type: 'document'; mime: 'application/pdf'; data: string; name: string };
