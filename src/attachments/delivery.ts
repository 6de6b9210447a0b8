import type { AdapterProvider } from '@/src/providers/types';
import { ATTACHMENT_LIMITS, type AttachmentRef, type Delivery } from './types';

/*
 * STAND-IN written by helper S (storage and worker) so the worker compiles and its tests run before
 * helper P's delivery.ts lands. Same signatures as the contract (contract16.md, part P); at merge
 * P's version replaces this file whole.
 */

/** What a model can take besides text. */
export interface ModelSight {
  vision: boolean;
  pdf: boolean;
}

/** The catalog's flags; models the catalog does not know see nothing here (P's version knows local vision models). */
export function sightOf(_provider: AdapterProvider, entry: { vision?: boolean; pdf?: boolean } | undefined, _model: string): ModelSight {
  return { vision: entry?.vision === true, pdf: entry?.pdf === true };
}

/** How one attachment reaches a model with `sight`. */
export function deliveryFor(sight: ModelSight, _provider: AdapterProvider, ref: AttachmentRef): Delivery {
  switch (ref.kind) {
    case 'image':
      return sight.vision ? 'image' : 'unsupported';
    case 'text':
      return 'text';
    case 'pdf':
      if (sight.pdf && ref.size <= ATTACHMENT_LIMITS.maxNativePdfBytes) return 'pdf';
      if (ref.scanned) return sight.vision ? 'pdf-pages' : 'unsupported';
      return 'pdf-text';
  }
}
