import { deliveryFor, sightOf } from '@/src/attachments/delivery';
import { attachmentTokens } from '@/src/attachments/tokens';
import type { AttachmentRef, Delivery } from '@/src/attachments/types';
import { estimateInputCost, type SelectedModel } from '@/src/page/estimate';
import type { Prices } from '@/src/usage/prices';
import { loadCatalog } from './catalog-loader';

/** How one attachment goes to the chosen model, and what it adds to the request. */
export interface AttachmentPlan {
  delivery: Delivery;
  tokens: number;
  /** The count is an estimate (the provider's rule is approximate or unknown). */
  estimated: boolean;
  /** USD at the model's input price; undefined when its price is unknown; 0 when free. */
  cost: number | undefined;
}

/**
 * Plans the chips' attachments for a model: what the catalog says it sees (and whether it reads
 * PDFs), how each file will be sent (deliveryFor, the same decision the worker makes) and its
 * tokens and cost at the model's input price. Loaded with the first attachment.
 */
export async function planAttachments(model: SelectedModel, refs: readonly AttachmentRef[], prices: Prices | undefined): Promise<Map<string, AttachmentPlan>> {
  const catalog = model.provider === 'chrome-built-in' ? undefined : await loadCatalog();
  const entry = model.provider === 'chrome-built-in' ? undefined : catalog?.findModel(model.provider, model.id);
  const sight = sightOf(model.provider, entry, model.id);
  const plans = new Map<string, AttachmentPlan>();
  for (const ref of refs) {
    const delivery = deliveryFor(sight, model.provider, ref);
    const { tokens, estimated } = attachmentTokens(model.provider, model.id, ref, delivery);
    plans.set(ref.id, { delivery, tokens, estimated, cost: prices ? estimateInputCost(tokens, model, prices) : undefined });
  }
  return plans;
}
