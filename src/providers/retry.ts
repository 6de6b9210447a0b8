/**
 * Bounded retries with full-jitter exponential backoff, for failures worth retrying (rate-limited,
 * overloaded, server, network), and only before the answer's first event: once text has reached the
 * user, a retry would repeat it.
 */
import { t } from '@/src/shared/i18n/text';
import { ProviderError } from '@/src/providers/types';

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** When the provider asks to wait longer than this, the error goes to the user instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

export interface RetryNotice {
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: ProviderError;
}

export interface RetryHooks {
  /** Defaults to Math.random; tests pin it. */
  random?: () => number;
  onRetry?: (notice: RetryNotice) => void;
}

/** Full jitter: a random wait up to the exponential ceiling, but never less than the provider asked for. */
export function backoffDelayMs(attempt: number, error: ProviderError, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(Math.floor(random() * ceiling), error.retryAfterMs ?? 0);
}

function retryableNow(error: unknown, attempt: number, policy: RetryPolicy, signal: AbortSignal): error is ProviderError {
  return (
    error instanceof ProviderError &&
    error.retryable &&
    attempt < policy.maxAttempts &&
    !signal.aborted &&
    (error.retryAfterMs ?? 0) <= policy.maxRetryAfterMs
  );
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stopped = () => new ProviderError('aborted', t('provider_aborted'), { retryable: false });
    if (signal.aborted) {
      reject(stopped());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(stopped());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `start()` again after a retryable failure, as long as it had not yielded anything yet. */
export async function* streamWithRetry<T>(
  start: () => AsyncIterable<T>,
  signal: AbortSignal,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  hooks: RetryHooks = {},
): AsyncGenerator<T> {
  for (let attempt = 1; ; attempt += 1) {
    let emitted = false;
    try {
      for await (const event of start()) {
        emitted = true;
        yield event;
      }
      return;
    } catch (error) {
      if (emitted || !retryableNow(error, attempt, policy, signal)) throw error;
      const delayMs = backoffDelayMs(attempt, error, policy, hooks.random ?? Math.random);
      hooks.onRetry?.({ attempt, delayMs, error });
      await abortableSleep(delayMs, signal);
    }
  }
}
