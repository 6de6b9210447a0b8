import { useEffect, useRef, type ReactNode } from 'react';
import { strings } from '@/src/ui/strings';
import type { AnswerActions } from './AnswerView';
import { AnswerView, canContinue } from './AnswerView';
import { questionIndexOf, type ChatItem } from './chat-items';
import { loadMarkdownRenderer } from './Markdown';
import { UserMessageView } from './UserMessageView';
import { useStickToBottom } from './use-stick-to-bottom';

interface Props {
  items: readonly ChatItem[];
  /** Actions apply only when nothing streams or is being saved. */
  idle: boolean;
  vaultLocked: boolean;
  onRegenerate(): void;
  onContinue(answerId: string): void;
  onRetry(answerId: string): void;
  onEdit(messageId: string, text: string): void;
  children?: ReactNode;
}

/** The conversation: questions and answers in order, with the actions each one allows now. */
export function MessageList({ items, idle, vaultLocked, onRegenerate, onContinue, onRetry, onEdit, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useStickToBottom(ref);
  // The renderer is not part of the first paint; fetched right after it, it is there before the first answer.
  useEffect(() => void loadMarkdownRenderer().catch(() => undefined), []);
  const lastIndex = items.length - 1;

  return (
    <div className="message-list" ref={ref} role="region" aria-label={strings.chat.messagesLabel} tabIndex={0}>
      {children}
      <ol>
        {items.map((item, index) => {
          if (item.kind === 'user') {
            return (
              <li key={item.message.id}>
                <UserMessageView item={item} {...(idle ? { onEdit: (text: string) => onEdit(item.message.id, text) } : {})} />
              </li>
            );
          }
          const last = index === lastIndex;
          const actions: AnswerActions = {};
          if (idle && last) {
            const failed = item.record.status === 'failed';
            if (!failed) actions.onRegenerate = onRegenerate;
            if (canContinue(item)) actions.onContinue = () => onContinue(item.id);
            if (item.record.error) actions.onRetry = () => onRetry(item.id);
          }
          const question = items[questionIndexOf(items, index)];
          const knowledge = question?.kind === 'user' ? question.message.knowledge : undefined;
          return (
            <li key={item.id}>
              <AnswerView item={item} vaultLocked={vaultLocked} knowledge={knowledge} {...actions} />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
