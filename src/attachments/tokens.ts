import type { AdapterProvider } from '@/src/providers/types';
import { ATTACHMENT_LIMITS, type AttachmentRef, type Delivery } from './types';

/*
 * STAND-IN written by helper S (storage and worker) so the budget estimate compiles and its tests
 * run before helper P's tokens.ts (each provider's documented image and PDF rules) lands. Same
 * signature as the contract; at merge P's version replaces this file whole. Every figure here is
 * an estimate and says so.
 */

/** Anthropic's published rule of thumb (width × height / 750), used here for every provider. */
const imageTokens = (width: number = ATTACHMENT_LIMITS.maxImageSide, height: number = ATTACHMENT_LIMITS.maxImageSide): number => Math.ceil((width * height) / 750);

export function attachmentTokens(_provider: AdapterProvider, _model: string, ref: AttachmentRef, delivery: Delivery): { tokens: number; estimated: boolean } {
  switch (delivery) {
    case 'text':
    case 'pdf-text':
      return { tokens: Math.ceil((ref.textChars ?? 0) / 4), estimated: true };
    case 'image':
      return { tokens: imageTokens(ref.width, ref.height), estimated: true };
    case 'pdf-pages':
      return { tokens: Math.min(ref.pages ?? 1, ATTACHMENT_LIMITS.maxScannedPages) * imageTokens(), estimated: true };
    case 'pdf':
      return { tokens: (ref.pages ?? 1) * 1_500 + Math.ceil((ref.textChars ?? 0) / 4), estimated: true };
    case 'unsupported':
      return { tokens: 0, estimated: false };
  }
}
