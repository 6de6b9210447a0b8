import { phrase, renderPhrase, type Phrase } from './i18n/text';

/**
 * Every failure that crosses a context boundary is one of these codes, with a phrase for the user:
 * a message name and its substitutions (src/shared/i18n), rendered in the UI language by the page
 * that shows it. The worker sends the phrase, never the words. Phrases never contain keys,
 * passphrases, headers or prompt text.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'FORBIDDEN_SENDER',
  'UNKNOWN_MESSAGE',
  'VAULT_ABSENT',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'WRONG_PASSPHRASE',
  /** A change that loosens a protection (auto-lock, export, wipe, a key's server) came without the passphrase. */
  'PASSPHRASE_REQUIRED',
  'THROTTLED',
  'WEAK_PASSPHRASE',
  'VAULT_DAMAGED',
  'RECORD_DAMAGED',
  'VAULT_DOWNGRADE',
  'BACKUP_INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'STORAGE_FULL',
  'PERMISSION_DENIED',
  /** The organisation's policy (managed storage, src/policy) forbids it. */
  'POLICY_FORBIDS',
  'PROVIDER_ERROR',
  /** A used-up budget cap refused a request sent as a message (an embedding); chat answers carry the kind `budget-exceeded` instead. */
  'BUDGET_EXCEEDED',
  'INTERNAL',
  /** The background worker stopped while it handled the request: the reply was lost, not refused. */
  'BACKGROUND_RESTARTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses a context boundary: a code for the program, a phrase for the user. */
export interface AppErrorShape {
  code: ErrorCode;
  phrase: Phrase;
  retryAfterMs?: number;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly phrase: Phrase;
  readonly retryAfterMs?: number;

  /**
   * `text` is a phrase everywhere but in pages, which may also pass words they already rendered
   * through the text mechanism (src/ui/strings.ts); a unit test keeps plain strings out of the
   * worker and the domains (tests/unit/i18n/codes-not-words.test.ts).
   */
  constructor(code: ErrorCode, text: Phrase | string, options?: { retryAfterMs?: number }) {
    super(typeof text === 'string' ? text : renderPhrase(text));
    this.code = code;
    this.phrase = typeof text === 'string' ? phrase('genericError') : text;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  toShape(): AppErrorShape {
    return this.retryAfterMs === undefined
      ? { code: this.code, phrase: this.phrase }
      : { code: this.code, phrase: this.phrase, retryAfterMs: this.retryAfterMs };
  }
}

/** IndexedDB signals a full disk with QuotaExceededError, sometimes wrapped by Dexie. */
export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'QuotaExceededError') return true;
  const inner = (error as { inner?: unknown }).inner;
  return inner instanceof Error && inner.name === 'QuotaExceededError';
}

/**
 * Turns anything thrown into a safe shape. Unknown errors get a generic phrase: their text
 * could carry data we must not echo (a thrown Response body, a stack with arguments).
 */
export function toSafeError(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  if (isQuotaError(error)) return { code: 'STORAGE_FULL', phrase: phrase('error_storageFull') };
  return { code: 'INTERNAL', phrase: phrase('error_internal') };
}
