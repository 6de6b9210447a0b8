import { phrase } from '@/src/shared/i18n/text';
import { formatCount } from '@/src/shared/i18n/format';
import { AppError } from '@/src/shared/errors';
import type { UnlockThrottleRow, VaultDatabase } from './db';

/** Free attempts before any delay; then 1 s, 2 s, 4 s, … up to 5 minutes. Data is never destroyed. */
const FREE_ATTEMPTS = 3;
const MAX_DELAY_MS = 5 * 60_000;

export function delayAfterFailures(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_MS);
}

/** The refusal while a delay runs; unlock and backup import say the same. */
export function throttledError(waitMs: number): AppError {
  return new AppError('THROTTLED', phrase('error_throttled', formatCount(Math.ceil(waitMs / 1000))), { retryAfterMs: waitMs });
}

/**
 * Kept in IndexedDB so that killing the worker or the browser does not reset the delay.
 * One counter for every passphrase guess: unlock, passphrase change and backup import.
 */
export class UnlockThrottle {
  constructor(
    private readonly db: VaultDatabase,
    private readonly now: () => number,
  ) {}

  async waitMs(): Promise<number> {
    return this.waitAfter(await this.db.state.get('unlock-throttle'));
  }

  /** The wait that the stored counter `row` imposes now (a caller that read it in its own transaction). */
  waitAfter(row: UnlockThrottleRow | undefined): number {
    if (!row) return 0;
    return Math.max(0, row.lastFailureAt + delayAfterFailures(row.failures) - this.now());
  }

  async recordFailure(): Promise<void> {
    await this.db.transaction('rw', ['state'], async (tx) => {
      const row = await tx.state.get('unlock-throttle');
      await tx.state.put({ key: 'unlock-throttle', failures: (row?.failures ?? 0) + 1, lastFailureAt: this.now() });
    });
  }

  async reset(): Promise<void> {
    await this.db.state.delete('unlock-throttle');
  }
}
