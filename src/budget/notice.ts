import type { BudgetCap, BudgetNotice } from '@/src/budget/schemas';
import { PROVIDERS, type ProviderId } from '@/src/providers/definitions';
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import type { BudgetLevel } from './evaluate';

/** "the monthly budget for OpenAI": one message per period and scope, so each language words it whole. */
function nameOf(cap: BudgetCap, keyLabel: string | Phrase): Phrase {
  const day = cap.period === 'day';
  if (cap.scope === 'global') return day ? phrase('budget_name_day_global') : phrase('budget_name_month_global');
  if (cap.scope === 'key') return day ? phrase('budget_name_day_key', keyLabel) : phrase('budget_name_month_key', keyLabel);
  const provider = PROVIDERS[cap.target as ProviderId]?.name ?? cap.target ?? '';
  return day ? phrase('budget_name_day_provider', provider) : phrase('budget_name_month_provider', provider);
}

export interface NoticeFacts {
  cap: BudgetCap;
  spentUsd: number;
  level: BudgetLevel;
  resetsAt: number;
  /** The key's label, for key caps (a phrase for a key that is gone). */
  keyLabel: string | Phrase;
  /** This request's estimated cost, when known. */
  estimateUsd: number | null;
}

/**
 * A cap's state as phrases the page renders: which cap, how much of it is spent, and when it starts
 * again. The amounts, the share and the time travel as numbers inside the phrase (PhraseValue):
 * the page writes them in its language.
 */
export function noticeOf({ cap, spentUsd, level, resetsAt, keyLabel, estimateUsd }: NoticeFacts): BudgetNotice {
  const name = nameOf(cap, keyLabel);
  const spent = { usd: spentUsd, pairedWith: cap.limitUsd };
  const limit = { usd: cap.limitUsd, pairedWith: spentUsd };
  const when = { moment: resetsAt };
  // Says what is so, not what to click: the page offers the one button that goes over the budget.
  const sentence =
    level === 'block'
      ? phrase('budget_usedUp', name, spent, limit, when)
      : estimateUsd !== null && spentUsd + estimateUsd > cap.limitUsd
        ? phrase('budget_wouldPass', { usd: estimateUsd }, name, spent, limit)
        : phrase('budget_share', { share: Math.floor((spentUsd / cap.limitUsd) * 100) / 100 }, name, spent, limit, when);
  return { capId: cap.id, namePhrase: name, limitUsd: cap.limitUsd, spentUsd, level, resetsAt, phrase: sentence };
}
