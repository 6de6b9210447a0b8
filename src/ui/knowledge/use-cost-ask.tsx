import { useCallback, useRef, useState } from 'react';
import { ConfirmDialog } from '@/src/ui/shared/ConfirmDialog';
import type { CostAsk } from './collections-runner';
import { knowledgeStrings as words } from './strings';

/** The cost question before indexing with a paid model: `ask` resolves with the user's word; `dialog` shows it while asked. */
export function useCostAsk(): { ask: CostAsk; dialog: React.ReactNode } {
  const [question, setQuestion] = useState<string | undefined>();
  const answer = useRef<((go: boolean) => void) | undefined>(undefined);
  const ask = useCallback<CostAsk>(
    (text) =>
      new Promise<boolean>((resolve) => {
        answer.current = resolve;
        setQuestion(text);
      }),
    [],
  );
  const settle = (go: boolean) => {
    answer.current?.(go);
    answer.current = undefined;
    setQuestion(undefined);
  };
  const dialog = question ? (
    <ConfirmDialog title={words.costGo} confirmLabel={words.costGo} onConfirm={() => settle(true)} onCancel={() => settle(false)}>
      <p>{question}</p>
    </ConfirmDialog>
  ) : null;
  return { ask, dialog };
}
