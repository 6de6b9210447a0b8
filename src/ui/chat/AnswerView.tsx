import { lazy, Suspense, useSyncExternalStore } from 'react';
import { strings } from '@/src/ui/strings';
import type { AnswerItem } from './chat-items';
import { AnswerErrorView } from './AnswerErrorView';
import { BudgetWarning } from './BudgetWarning';
import { AnswerMeta } from './AnswerMeta';
import { CopyButton } from './CopyButton';
import type { LiveText } from './live-text';
import { Markdown } from './Markdown';
import { PlainLiveText } from './PlainLiveText';
import type { KnowledgeContext } from '@/src/knowledge/collection-context';

/** The sources an answer cites (issue 19): loaded with the first answer to a question sent with a collection. */
const Citations = lazy(() => import('@/src/ui/knowledge/Citations').then((module) => ({ default: module.Citations })));

export interface AnswerActions {
  onRegenerate?: () => void;
  onContinue?: () => void;
  onRetry?: () => void;
}

interface Props extends AnswerActions {
  item: AnswerItem;
  vaultLocked: boolean;
  /** The collection excerpts its question was sent with: the answer's [n] cite them. */
  knowledge?: KnowledgeContext | undefined;
}

function useIsEmpty(text: LiveText): boolean {
  return useSyncExternalStore(
    (listener) => text.subscribe(listener),
    () => text.isEmpty,
  );
}

/** Whether an answer was cut off and can be continued: stopped, interrupted, failed part-way, or ended at the length limit. */
export function canContinue(item: AnswerItem): boolean {
  const { status, finishReason } = item.record;
  if (item.text.isEmpty) return false;
  return status === 'stopped' || status === 'interrupted' || status === 'failed' || (status === 'complete' && finishReason === 'length');
}

function statusLabel(item: AnswerItem): string | undefined {
  const { status, finishReason } = item.record;
  if (status === 'stopped') return strings.chat.status.stopped;
  if (status === 'interrupted') return strings.chat.status.interrupted;
  if (status === 'complete' && finishReason === 'length') return strings.chat.status.cutOff;
  return undefined;
}

/** One answer: markdown body (streaming in place), status, error with Retry, details and actions. */
export function AnswerView({ item, vaultLocked, knowledge, onRegenerate, onContinue, onRetry }: Props) {
  const streaming = item.record.status === 'streaming';
  const empty = useIsEmpty(item.text);
  const reasoningEmpty = useIsEmpty(item.reasoning);
  const label = statusLabel(item);
  const { error } = item.record;

  return (
    <article className="message answer" aria-label={item.continued ? strings.chat.continuedLabel : strings.chat.assistant} data-status={item.record.status}>
      {item.continued && <span className="badge">{strings.chat.continued}</span>}
      {streaming && item.progress?.current && <p className="muted progress">{strings.chat.trying(item.progress.current)}</p>}
      {streaming && item.progress?.note && <p className="warning progress">{item.progress.note}</p>}
      {!reasoningEmpty && (
        <details className="reasoning">
          <summary>{strings.chat.reasoning}</summary>
          <PlainLiveText source={item.reasoning} />
        </details>
      )}
      <div className="answer-body" aria-live="polite" aria-busy={streaming}>
        {streaming && empty && <p className="muted waiting">{strings.chat.waiting}</p>}
        <Markdown source={item.text} />
      </div>
      {!streaming && knowledge && (
        <Suspense fallback={null}>
          <Citations answer={item.text.text()} knowledge={knowledge} />
        </Suspense>
      )}
      {label && <p className="badge status">{label}</p>}
      {item.budget && item.budget.length > 0 && !error && <BudgetWarning notices={item.budget} />}
      {error && item.record.status !== 'streaming' && (
        <AnswerErrorView
          error={error}
          at={item.record.completedAt ?? item.record.updatedAt}
          provider={item.record.answeredBy?.provider}
          vaultLocked={vaultLocked}
          budget={item.budget ?? []}
          {...(onRetry ? { onRetry } : {})}
        />
      )}
      {!streaming && <AnswerMeta record={item.record} />}
      {!streaming && (
        <div className="message-actions" role="group" aria-label={strings.chat.answerActions}>
          {!empty && <CopyButton text={() => item.text.text()} />}
          {onRegenerate && (
            <button type="button" onClick={onRegenerate}>
              {strings.chat.regenerate}
            </button>
          )}
          {onContinue && (
            <button type="button" onClick={onContinue}>
              {strings.chat.continueAnswer}
            </button>
          )}
        </div>
      )}
    </article>
  );
}

