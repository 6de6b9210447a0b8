/**
 * Every failure that crosses a context boundary is one of these codes, with a message written
 * for the user. Messages never contain keys, passphrases, headers or prompt text.
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
  'PROVIDER_ERROR',
  'INTERNAL',
  /** The background worker stopped while it handled the request: the reply was lost, not refused. */
  'BACKGROUND_RESTARTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}

export class AppError extends Error implements AppErrorShape {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options?: { retryAfterMs?: number }) {
    super(message);
    this.code = code;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  toShape(): AppErrorShape {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
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
 * Turns anything thrown into a safe shape. Unknown errors get a generic message: their text
 * could carry data we must not echo (a thrown Response body, a stack with arguments).
 */
export function toSafeError(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  if (isQuotaError(error)) {
    return {
      code: 'STORAGE_FULL',
      message: 'The browser refused to save: storage is full. Free some disk space and try again; nothing was changed.',
    };
  }
  return { code: 'INTERNAL', message: 'Something went wrong inside the extension. Nothing was changed; please try again.' };
}
