import type { BudgetCap, BudgetNotice } from '@/src/budget/schemas';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { formatDateTime, formatNumber } from '@/src/shared/i18n/format';
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { formatUsd, formatUsdPair } from '@/src/shared/money';
import type { BudgetLevel } from './evaluate';

/** "the monthly budget for OpenAI": one message per period and scope, so each language words it whole. */
function nameOf(cap: BudgetCap, keyLabel: string): Phrase {
  const day = cap.period === 'day';
  if (cap.scope === 'global') return day ? phrase('budget_name_day_global') : phrase('budget_name_month_global');
  if (cap.scope === 'key') return day ? phrase('budget_name_day_key', keyLabel) : phrase('budget_name_month_key', keyLabel);
  const provider = PROVIDERS[cap.target as ProviderId]?.name ?? cap.target ?? '';
  return day ? phrase('budget_name_day_provider', provider) : phrase('budget_name_month_provider', provider);
}

function when(ms: number): string {
  return formatDateTime(ms, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
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

/**
 * A cap's state as phrases the page renders: which cap, how much of it is spent, and when it starts
 * again. The amounts, share and time inside are written with format.ts in the text's language (the
 * same in the worker and the pages, both read the browser's); the raw numbers travel beside them.
 */
export function noticeOf({ cap, spentUsd, level, resetsAt, keyLabel, estimateUsd }: NoticeFacts): BudgetNotice {
  const name = nameOf(cap, keyLabel);
  const [spent, limit] = formatUsdPair(spentUsd, cap.limitUsd);
  // Says what is so, not what to click: the page offers the one button that goes over the budget.
  const sentence =
    level === 'block'
      ? phrase('budget_usedUp', name, spent, limit, when(resetsAt))
      : estimateUsd !== null && spentUsd + estimateUsd > cap.limitUsd
        ? phrase('budget_wouldPass', formatUsd(estimateUsd), name, spent, limit)
        : phrase('budget_share', formatNumber(Math.floor((spentUsd / cap.limitUsd) * 100) / 100, { style: 'percent' }), name, spent, limit, when(resetsAt));
  return { capId: cap.id, namePhrase: name, limitUsd: cap.limitUsd, spentUsd, level, resetsAt, phrase: sentence };
}
