import { useEffect, useState } from 'react';
import type { SelectedModel } from '@/src/page/estimate';
import type { AttachmentPlan } from './attachment-plan';
import { usePrices } from './prices';
import type { DraftAttachment } from './use-attachments';

/**
 * The plans of the read attachments for the chosen model (attachment-plan.ts, loaded with the
 * first attachment), renewed when the files, the model or the prices change. Empty while none is
 * read or no model is chosen.
 */
export function useAttachmentPlans(items: readonly DraftAttachment[], model: SelectedModel | undefined): ReadonlyMap<string, AttachmentPlan> {
  const prices = usePrices();
  const [plans, setPlans] = useState<ReadonlyMap<string, AttachmentPlan>>(new Map());
  const refs = items.flatMap((item) => (item.read ? [item.read.ref] : []));
  const key = `${model?.provider ?? ''}:${model?.id ?? ''}:${refs.map((ref) => ref.id).join(',')}`;
  useEffect(() => {
    if (!model || refs.length === 0) {
      setPlans(new Map());
      return undefined;
    }
    let live = true;
    void import('./attachment-plan')
      .then(({ planAttachments }) => planAttachments(model, refs, prices))
      .then((next) => live && setPlans(next))
      .catch(() => live && setPlans(new Map()));
    return () => {
      live = false;
    };
    // Keyed by the model and the files' ids: the objects are new on every render.
  }, [key, prices]);
  return plans;
}
