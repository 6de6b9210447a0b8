import { setToolbarBadge } from '@/src/platform/badge';
import type { BudgetLevel } from './evaluate';

/**
 * The toolbar badge follows the fullest cap: its percentage in amber from the warning share, "MAX"
 * in red once a cap blocks, nothing otherwise. Missing or failing badge APIs are ignored.
 */
export async function showBudgetBadge(level: BudgetLevel, fraction: number): Promise<void> {
  try {
    const text = level === 'ok' ? '' : level === 'block' ? 'MAX' : `${Math.floor(fraction * 100)}%`;
    await setToolbarBadge(text, level === 'ok' ? undefined : level === 'block' ? '#b91c1c' : '#b45309');
  } catch {
    // No badge in this context (tests, a browser without the API).
  }
}
