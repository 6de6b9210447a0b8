/**
 * What every adapter needs to put a message's attachments (`ChatMessage.parts`: images and PDF
 * documents, base64) into its own wire format. The formats themselves live in each adapter; the
 * examples they follow are in tests/fixtures/provider-formats/ with where and when they were read.
 */
import type { ContentPart, ImageType } from '@/src/attachments/types';
import type { ChatMessage } from '@/src/providers/types';

export type ImagePart = Extract<ContentPart, { type: 'image' }>;
export type DocumentPart = Extract<ContentPart, { type: 'document' }>;

/** The parts a message carries. Only user messages carry any (request.ts refuses them elsewhere). */
export function partsOf(message: ChatMessage): readonly ContentPart[] {
  return message.role === 'user' ? (message.parts ?? []) : [];
}

/** Whether a message has anything to send: text, or at least one part. */
export function hasContent(message: ChatMessage): boolean {
  return message.content !== '' || partsOf(message).length > 0;
}

/** `data:<mime>;base64,<data>`: how OpenAI-style APIs (and Cohere) take inline bytes. */
export function dataUrl(part: ContentPart): string {
  return `data:${part.mime};base64,${part.data}`;
}

/** Bedrock Converse names image formats without the `image/` prefix. */
export function bedrockImageFormat(mime: ImageType): 'png' | 'jpeg' | 'gif' | 'webp' {
  switch (mime) {
    case 'image/png':
      return 'png';
    case 'image/jpeg':
      return 'jpeg';
    case 'image/gif':
      return 'gif';
    case 'image/webp':
      return 'webp';
  }
}

const BEDROCK_NAME_MAX = 200;

/**
 * A Bedrock document name: AWS allows only letters and digits, single whitespace characters,
 * hyphens, parentheses and square brackets, 1 to 200 characters (DocumentBlock, Bedrock API
 * reference). Names are kept distinct within a request so that the model can tell the documents apart. Accents are dropped (é → e); anything else (dots, underscores, other scripts)
 * becomes a space;
 * the `.pdf` extension is dropped. AWS advises a neutral name because the model reads it: the name
 * is the user's own file name, so only its shape is changed.
 */
export function bedrockDocumentName(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    name
      .replace(/\.pdf$/i, '')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, BEDROCK_NAME_MAX - 5)
      .trim() || 'Document';
  let candidate = base;
  for (let copy = 2; taken.has(candidate); copy += 1) candidate = `${base} (${String(copy)})`;
  return candidate;
}
