import type { BudgetCap, BudgetNotice } from '@/src/budget/schemas';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { formatDateTime, formatNumber } from '@/src/shared/i18n/format';
import { t } from '@/src/shared/i18n/text';
import { formatUsd, formatUsdPair } from '@/src/shared/money';
import type { BudgetLevel } from './evaluate';

/** "the monthly budget for OpenAI": one message per period and scope, so each language words it whole. */
function nameOf(cap: BudgetCap, keyLabel: string): string {
  const day = cap.period === 'day';
  if (cap.scope === 'global') return day ? t('budget_name_day_global') : t('budget_name_month_global');
  if (cap.scope === 'key') return day ? t('budget_name_day_key', keyLabel) : t('budget_name_month_key', keyLabel);
  const provider = PROVIDERS[cap.target as ProviderId]?.name ?? cap.target ?? '';
  return day ? t('budget_name_day_provider', provider) : t('budget_name_month_provider', provider);
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

/** A cap's state in words (in the UI language): which cap, how much of it is spent, and when it starts again. */
export function noticeOf({ cap, spentUsd, level, resetsAt, keyLabel, estimateUsd }: NoticeFacts): BudgetNotice {
  const name = nameOf(cap, keyLabel);
  const [spent, limit] = formatUsdPair(spentUsd, cap.limitUsd);
  // Says what is so, not what to click: the page offers the one button that goes over the budget.
  // Written here in the UI language (src/shared/i18n), not yet sent as a phrase: see issue 13's notes.
  const message =
    level === 'block'
      ? t('budget_usedUp', name, spent, limit, when(resetsAt))
      : estimateUsd !== null && spentUsd + estimateUsd > cap.limitUsd
        ? t('budget_wouldPass', formatUsd(estimateUsd), name, spent, limit)
        : t('budget_share', formatNumber(Math.floor((spentUsd / cap.limitUsd) * 100) / 100, { style: 'percent' }), name, spent, limit, when(resetsAt));
  return { capId: cap.id, name, limitUsd: cap.limitUsd, spentUsd, level, resetsAt, message };
}
