import type { AdapterProvider } from '@/src/providers/types';
import { ATTACHMENT_LIMITS, type AttachmentRef, type Delivery } from './types';

/**
 * How each attachment reaches a model (helper P owns this file; this is the composer branch's
 * minimal version of the contract's signatures, to be replaced by P's when merged).
 */
export interface ModelSight {
  vision: boolean;
  pdf: boolean;
}

/** Local model names that see (the catalog does not list local servers' models). */
const LOCAL_VISION = /llava|bakllava|vision|-vl\b|qwen2?\.?5?-?vl|gemma3|minicpm-v|moondream|pixtral|llama3\.2-vision|granite3?\.?\d?-vision/i;

/** Providers that take PDFs as documents when their model sees. */
const NATIVE_PDF: ReadonlySet<AdapterProvider> = new Set(['anthropic', 'gemini', 'vertex', 'bedrock', 'openai']);

export function sightOf(provider: AdapterProvider, entry: { vision?: boolean; pdf?: boolean } | undefined, model: string): ModelSight {
  const vision = entry?.vision ?? LOCAL_VISION.test(model);
  return { vision, pdf: entry?.pdf ?? (vision && NATIVE_PDF.has(provider)) };
}

export function deliveryFor(sight: ModelSight, _provider: AdapterProvider, ref: AttachmentRef): Delivery {
  switch (ref.kind) {
    case 'image':
      return sight.vision ? 'image' : 'unsupported';
    case 'pdf':
      if (ref.scanned) return sight.vision ? 'pdf-pages' : 'unsupported';
      return sight.pdf && ref.size <= ATTACHMENT_LIMITS.maxNativePdfBytes ? 'pdf' : 'pdf-text';
    case 'text':
      return 'text';
  }
}
