import type { AdapterProvider } from '@/src/providers/types';
import { ATTACHMENT_LIMITS, type AttachmentRef, type Delivery } from './types';

/**
 * Tokens an attachment adds to the request (helper P owns this file; this is the composer branch's
 * minimal version of the contract's signature, to be replaced by P's per-provider rules when merged).
 * Images by Anthropic's published rule (width x height / 750), PDF pages at Anthropic's upper
 * estimate per page, text at four characters a token: all estimates.
 */
const TOKENS_PER_PDF_PAGE = 3000;
/** A scan's page image drawn 1280 wide, US Letter proportions. */
const PAGE_IMAGE_TOKENS = Math.ceil((1280 * 1656) / 750);

function imageTokens(width: number = ATTACHMENT_LIMITS.maxImageSide, height: number = ATTACHMENT_LIMITS.maxImageSide): number {
  return Math.ceil((width * height) / 750);
}

export function attachmentTokens(_provider: AdapterProvider, _model: string, ref: AttachmentRef, delivery: Delivery): { tokens: number; estimated: boolean } {
  switch (delivery) {
    case 'image':
      return { tokens: imageTokens(ref.width, ref.height), estimated: true };
    case 'pdf':
      return { tokens: (ref.pages ?? 1) * TOKENS_PER_PDF_PAGE, estimated: true };
    case 'pdf-pages':
      return { tokens: Math.min(ref.pages ?? 1, ATTACHMENT_LIMITS.maxScannedPages) * PAGE_IMAGE_TOKENS, estimated: true };
    case 'pdf-text':
    case 'text':
      return { tokens: Math.ceil((ref.textChars ?? 0) / 4), estimated: true };
    case 'unsupported':
      return { tokens: 0, estimated: true };
  }
}
