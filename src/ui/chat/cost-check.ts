import { send } from '@/src/messaging/client';
import type { BudgetEstimate } from '@/src/budget/schemas';
import type { ChatTarget } from '@/src/chat/port-protocol';

/**
 * Asks the background what a request would cost before it is sent. Only a large request, or one
 * that reaches a budget's warning share or cap, needs the user's word; anything else (including a
 * failed estimate) goes straight through.
 */
export async function costNeedingConfirmation(target: ChatTarget, promptChars: number): Promise<BudgetEstimate | undefined> {
  try {
    const estimate = await send('budget.estimate', { target, promptChars: Math.min(promptChars, 50_000_000) });
    return estimate.large || estimate.level !== 'ok' ? estimate : undefined;
  } catch {
    return undefined;
  }
}
