import type { BudgetCap } from '@/src/budget/schemas';

export type BudgetLevel = 'ok' | 'warn' | 'block';

/**
 * A cap's level: `block` once what was spent reaches the limit; `warn` from the warning share of it
 * (80 % by default), or when this request's estimated cost would take the total past the limit.
 */
export function levelOf(cap: BudgetCap, spentUsd: number, warnAt: number, estimateUsd: number | null = null): BudgetLevel {
  if (spentUsd >= cap.limitUsd) return 'block';
  if (spentUsd >= cap.limitUsd * warnAt || (estimateUsd !== null && spentUsd + estimateUsd > cap.limitUsd)) return 'warn';
  return 'ok';
}

const RANK: Record<BudgetLevel, number> = { ok: 0, warn: 1, block: 2 };

export function worstLevel(levels: readonly BudgetLevel[]): BudgetLevel {
  return levels.reduce<BudgetLevel>((worst, level) => (RANK[level] > RANK[worst] ? level : worst), 'ok');
}
