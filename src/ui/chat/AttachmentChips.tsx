import type { AttachmentProblem } from '@/src/attachments/read-attachment';
import { ATTACHMENT_LIMITS, type Delivery } from '@/src/attachments/types';
import { formatUsd } from '@/src/shared/money';
import { IconButton } from '@/src/ui/shared/IconButton';
import { CloseIcon, FileIcon, ImageIcon, PdfIcon } from '@/src/ui/shared/icons';
import { useEffect, useMemo } from 'react';
import type { ChatTarget } from '@/src/chat/port-protocol';
import type { ModelGroup } from './model-options';
import { useSelectedModel } from './use-selected-model';
import type { AttachmentPlan } from './attachment-plan';
import { attachmentStrings, formatBytes } from './attachment-strings';
import type { DraftAttachment } from './use-attachments';
import { useAttachmentPlans } from './use-attachment-plans';

const text = attachmentStrings;

export function problemText(problem: AttachmentProblem): string {
  switch (problem) {
    case 'too-large':
      return text.problem.tooLarge(formatBytes(ATTACHMENT_LIMITS.maxFileBytes));
    case 'unsupported':
      return text.problem.unsupported;
    case 'corrupt-image':
      return text.problem.corruptImage;
    case 'image-too-large':
      return text.problem.imageTooLarge(formatBytes(ATTACHMENT_LIMITS.maxImageBytes));
    case 'pdf-encrypted':
      return text.problem.pdfEncrypted;
    case 'pdf-damaged':
      return text.problem.pdfDamaged;
    case 'binary-text':
      return text.problem.binaryText;
    case 'read-failed':
      return text.problem.readFailed;
  }
}

/** What the model will get: "sent as PDF", "sent as text, 12 pages", "sent as 3 page images". */
function sentAs(delivery: Delivery, item: DraftAttachment): string | undefined {
  const ref = item.read?.ref;
  switch (delivery) {
    case 'image':
      return text.sentAsImage;
    case 'pdf':
      return text.sentAsPdf;
    case 'pdf-text':
      return ref?.pages ? text.sentAsTextPages(ref.pages) : text.sentAsText;
    case 'pdf-pages':
      return text.sentAsPageImages(item.read?.pageImages?.length ?? Math.min(ref?.pages ?? 1, ATTACHMENT_LIMITS.maxScannedPages));
    case 'text':
      return text.sentAsText;
    case 'unsupported':
      return undefined;
  }
}

/** The chip's second line: size, tokens and cost, how it is sent, what reading changed. */
function details(item: DraftAttachment, plan: AttachmentPlan | undefined): string[] {
  const ref = item.read?.ref;
  const parts = [formatBytes(ref?.size ?? item.size)];
  if (plan && plan.delivery !== 'unsupported') {
    parts.push(text.tokens(plan.tokens));
    parts.push(plan.cost === undefined ? text.priceUnknown : plan.cost === 0 ? text.free : formatUsd(plan.cost));
    const sent = sentAs(plan.delivery, item);
    if (sent) parts.push(sent);
  }
  if (ref?.removed === 'location') parts.push(text.locationRemoved);
  else if (ref?.removed === 'metadata') parts.push(text.metadataRemoved);
  const original = item.read?.original;
  if (original) parts.push(text.downscaled(original.width, original.height));
  if (item.read?.truncated) {
    if (ref?.kind === 'pdf' && ref.pages !== undefined && ref.pages > ATTACHMENT_LIMITS.maxPdfPages) parts.push(text.pdfPagesLeft(ATTACHMENT_LIMITS.maxPdfPages));
    else parts.push(text.truncated(ref?.textChars ?? ATTACHMENT_LIMITS.maxTextChars));
  }
  return parts;
}

interface Props {
  items: readonly DraftAttachment[];
  /** The chosen model's targets (the first answers: the estimates are for it), and the picker's choices (models of the user's keys that see). */
  targets: readonly ChatTarget[] | undefined;
  groups: readonly ModelGroup[];
  onRemove(id: string): void;
  /** Told how each file goes to the model (the composer holds a message with a file that cannot go). */
  onPlans(plans: ReadonlyMap<string, AttachmentPlan>): void;
}

/**
 * The files going with the next message, above the message box: a thumbnail or an icon, the name,
 * its size, tokens and cost for the chosen model, how it will be sent, and a problem when it cannot
 * go. Each has a remove button named after the file.
 */
/** Up to three models of the user's keys that see, for "this model cannot see: choose one that can, such as …". */
function seeing(groups: readonly ModelGroup[]): string[] {
  const names = groups.flatMap((group) => group.options.filter((option) => option.usable && option.details?.badges.includes('vision')).map((option) => option.details?.name ?? option.label));
  return [...new Set(names)].slice(0, 3);
}

export function AttachmentChips({ items, targets, groups, onRemove, onPlans }: Props) {
  const model = useSelectedModel(targets);
  const seeingModels = useMemo(() => seeing(groups), [groups]);
  const plans = useAttachmentPlans(items, model);
  useEffect(() => onPlans(plans), [plans, onPlans]);
  const modelName = model?.name ?? model?.id;
  return (
    <ul className="attachment-chips" aria-label={text.listLabel}>
      {items.map((item) => {
        const plan = plans.get(item.id);
        const kind = item.read?.ref.kind;
        const Icon = kind === 'pdf' ? PdfIcon : kind === 'image' ? ImageIcon : FileIcon;
        const problem = item.problem ? problemText(item.problem) : plan?.delivery === 'unsupported' ? text.problem.cannotSee(modelName ?? '', seeingModels) : undefined;
        const detailText = item.state === 'reading' ? text.reading : details(item, plan).join(' · ');
        return (
          <li key={item.id} className="attachment-chip" data-state={problem ? 'problem' : item.state} data-testid="attachment-chip" aria-busy={item.state === 'reading' || undefined}>
            {item.preview ? <img className="attachment-thumb" src={item.preview} alt="" /> : <Icon className="icon attachment-icon" aria-hidden="true" focusable="false" />}
            <div className="attachment-body">
              <span className="attachment-name" title={item.name}>
                {item.name}
              </span>
              {/* One line each, cut with an ellipsis (the whole text is its tooltip, and is read out). A problem takes the details' place. */}
              {problem ? (
                <span className="attachment-problem" role="alert" title={problem}>
                  {problem}
                </span>
              ) : (
                <span className="attachment-details" data-testid="attachment-details" title={detailText}>
                  {detailText}
                </span>
              )}
            </div>
            <IconButton icon={CloseIcon} small label={text.remove(item.name)} onClick={() => onRemove(item.id)} />
          </li>
        );
      })}
    </ul>
  );
}
