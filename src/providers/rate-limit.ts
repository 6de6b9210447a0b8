/**
 * A client-side token bucket per key, so a user-set "requests per minute" is kept before the provider
 * has to refuse. Keys are the key records' ids, never the secrets themselves.
 */
import { formatCount } from '@/src/shared/i18n/format';
import { pluralPhrase } from '@/src/shared/i18n/text';
import { ProviderError } from '@/src/providers/types';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiterOptions {
  /** The limit for keys that have none of their own. 0 or Infinity: no limit. */
  requestsPerMinute: number;
  now?: () => number;
}

const MINUTE_MS = 60_000;
const MAX_TRACKED_KEYS = 1_000;

export class RequestRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly defaultLimit: number;
  private readonly now: () => number;

  constructor(options: RateLimiterOptions) {
    this.defaultLimit = options.requestsPerMinute;
    this.now = options.now ?? Date.now;
  }

  /** Takes one request from the key's bucket if there is one, else says how long until there is. */
  tryAcquire(key: string, requestsPerMinute: number = this.defaultLimit): Admission {
    if (!(requestsPerMinute > 0) || !Number.isFinite(requestsPerMinute)) return { ok: true };
    const now = this.now();
    const perMs = requestsPerMinute / MINUTE_MS;
    const bucket = this.buckets.get(key) ?? { tokens: requestsPerMinute, updatedAt: now };
    bucket.tokens = Math.min(requestsPerMinute, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.remember(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
  }

  /** Like tryAcquire, but throws a 'rate-limited' ProviderError carrying retryAfterMs. */
  acquire(key: string, requestsPerMinute: number = this.defaultLimit): void {
    const admission = this.tryAcquire(key, requestsPerMinute);
    if (admission.ok) return;
    const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
    throw new ProviderError(
      'rate-limited',
      pluralPhrase('provider_ownLimit', requestsPerMinute, formatCount(seconds)),
      { retryAfterMs: admission.retryAfterMs },
    );
  }

  private remember(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_TRACKED_KEYS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }
}
