import { CorruptImageError, DECODABLE_IMAGE_TYPES, ImageTooLargeError, readImage, type Size } from './image';
import { PdfReadError } from './pdf';
import { BinaryFileError, isTextFile, readTextFile } from './read-text';
import { ATTACHMENT_LIMITS, type AttachmentKind, type AttachmentRef, type AttachmentSource } from './types';

/**
 * One file chosen, pasted, dropped or captured, read in the page into what is stored and sent: the
 * entry point the composer calls (loaded with the first attachment, not with the page).
 */

/** Why a file cannot go with the message; the chip says it in words (src/ui/chat). */
export type AttachmentProblem =
  | 'too-large'
  | 'unsupported'
  | 'corrupt-image'
  | 'image-too-large'
  | 'pdf-encrypted'
  | 'pdf-damaged'
  | 'binary-text'
  | 'read-failed';

/** What the page keeps of a read attachment until Send writes it to history. */
export interface ReadAttachment {
  ref: AttachmentRef;
  blob: Blob;
  text?: string;
  pageImages?: Blob[];
  /** The text (extracted or read) was cut at `maxTextChars`, or the PDF at `maxPdfPages`. */
  truncated?: boolean;
  /** Images: the picture's size as chosen, when it was downscaled (the chip says from what). */
  original?: Size;
}

export type ReadResult = { ok: true; attachment: ReadAttachment } | { ok: false; problem: AttachmentProblem };

/** What kind of attachment a file is, by its type and name; undefined when it is none we read. */
export function kindOf(file: { name: string; type: string }): AttachmentKind | undefined {
  const type = file.type.toLowerCase();
  if (type === 'application/pdf' || (type === '' && /\.pdf$/i.test(file.name))) return 'pdf';
  if (DECODABLE_IMAGE_TYPES.includes(type)) return 'image';
  if (isTextFile(file)) return 'text';
  return undefined;
}

/** A name for a file that came without one (a pasted screenshot). */
export function nameOf(file: File, kind: AttachmentKind | undefined): string {
  const name = file.name.trim().slice(0, 260);
  if (name) return name;
  const extension = file.type.split('/')[1]?.replace(/[^a-z0-9]/gi, '') || (kind === 'text' ? 'txt' : 'bin');
  return `pasted.${extension}`;
}

function problemOf(caught: unknown): AttachmentProblem {
  if (caught instanceof CorruptImageError) return 'corrupt-image';
  if (caught instanceof ImageTooLargeError) return 'image-too-large';
  if (caught instanceof PdfReadError) return caught.problem === 'encrypted' ? 'pdf-encrypted' : 'pdf-damaged';
  if (caught instanceof BinaryFileError) return 'binary-text';
  return 'read-failed';
}

/** Checks what can be known before reading: whether the file is a kind we read, and not too large. */
export function precheck(file: { name: string; type: string; size: number }): AttachmentProblem | undefined {
  if (kindOf(file) === undefined) return 'unsupported';
  if (file.size > ATTACHMENT_LIMITS.maxFileBytes) return 'too-large';
  return undefined;
}

/** Reads one file. Never throws: a file that cannot go gets its problem. */
export async function readAttachment(file: File, source: AttachmentSource, id: string = crypto.randomUUID()): Promise<ReadResult> {
  const kind = kindOf(file);
  const problem = precheck(file);
  if (problem || !kind) return { ok: false, problem: problem ?? 'unsupported' };
  const base = { id, kind, name: nameOf(file, kind), source } as const;
  try {
    if (kind === 'image') {
      const image = await readImage(file);
      const ref: AttachmentRef = { ...base, mime: image.mime, size: image.blob.size, width: image.width, height: image.height };
      if (image.blob.size !== file.size) ref.originalSize = file.size;
      if (image.removed) ref.removed = image.removed;
      return { ok: true, attachment: { ref, blob: image.blob, ...(image.original ? { original: image.original } : {}) } };
    }
    if (kind === 'pdf') {
      const { readPdf } = await import('./pdf-loader');
      const pdf = await readPdf(file);
      const ref: AttachmentRef = { ...base, mime: 'application/pdf', size: file.size, pages: pdf.pages, scanned: pdf.scanned, textChars: pdf.text.length };
      const attachment: ReadAttachment = { ref, blob: file, text: pdf.text };
      if (pdf.pageImages) attachment.pageImages = pdf.pageImages;
      if (pdf.truncated) attachment.truncated = true;
      return { ok: true, attachment };
    }
    const { text, truncated } = await readTextFile(file);
    const mime = file.type && file.type.length >= 3 ? file.type.slice(0, 128) : 'text/plain';
    const ref: AttachmentRef = { ...base, mime, size: file.size, textChars: text.length };
    return { ok: true, attachment: { ref, blob: file, text, ...(truncated ? { truncated } : {}) } };
  } catch (caught) {
    return { ok: false, problem: problemOf(caught) };
  }
}
