import type { BudgetCap, BudgetNotice } from '@/src/budget/schemas';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { formatUsd, formatUsdPair } from '@/src/shared/money';
import type { BudgetLevel } from './evaluate';

function scopeName(cap: BudgetCap, keyLabel: string): string {
  if (cap.scope === 'global') return 'for all providers';
  if (cap.scope === 'key') return `for the key "${keyLabel}"`;
  return `for ${PROVIDERS[cap.target as ProviderId]?.name ?? cap.target ?? ''}`;
}

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export interface NoticeFacts {
  cap: BudgetCap;
  spentUsd: number;
  level: BudgetLevel;
  resetsAt: number;
  /** The key's label, for key caps. */
  keyLabel: string;
  /** This request's estimated cost, when known. */
  estimateUsd: number | null;
}

/** A cap's state in words: which cap, how much of it is spent, and when it starts again. */
export function noticeOf({ cap, spentUsd, level, resetsAt, keyLabel, estimateUsd }: NoticeFacts): BudgetNotice {
  const name = `the ${cap.period === 'day' ? 'daily' : 'monthly'} budget ${scopeName(cap, keyLabel)}`;
  const [spent, limit] = formatUsdPair(spentUsd, cap.limitUsd);
  const amounts = `${spent} of ${limit}`;
  // Says what is so, not what to click: the page offers the one button that goes over the budget.
  const message =
    level === 'block'
      ? `Used up: ${name} (${amounts}). It resets ${when(resetsAt)}.`
      : estimateUsd !== null && spentUsd + estimateUsd > cap.limitUsd
        ? `This request (about ${formatUsd(estimateUsd)}) would go past ${name} (${amounts} spent).`
        : `${Math.floor((spentUsd / cap.limitUsd) * 100)}% of ${name} is spent (${amounts}). It resets ${when(resetsAt)}.`;
  return { capId: cap.id, name, limitUsd: cap.limitUsd, spentUsd, level, resetsAt, message };
}
