import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { browser } from '@/src/platform/browser';
import { AppError, ERROR_CODES, type ErrorCode } from '@/src/shared/errors';
import type { MessageType, Reply, RequestOf, ResponseOf } from './protocol';

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * The worker's phrase, checked before it is rendered: a message name (a name no language has
 * renders as the generic error, never as the name) and at most nine substitutions, each words or
 * a phrase, a few levels deep.
 */
function isPhrase(value: unknown, depth = 0): value is Phrase {
  if (typeof value !== 'object' || value === null || depth > 3) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  return (
    typeof key === 'string' &&
    /^[A-Za-z0-9_]{1,100}$/.test(key) &&
    Array.isArray(params) &&
    params.length <= 9 &&
    params.every((param) => (typeof param === 'string' ? param.length <= 10_000 : isPhrase(param, depth + 1)))
  );
}

/**
 * Chrome rejects a pending `sendMessage` with "…message channel closed before a response was
 * received" (or "message port closed") when the worker that was handling it stopped.
 */
function workerStoppedMidRequest(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /(message channel|message port) closed before a response was received/i.test(text);
}

function backgroundRestarted(): AppError {
  return new AppError(
    'BACKGROUND_RESTARTED',
    phrase('error_backgroundRestarted'),
  );
}

/** Sends one typed request to the background and returns its response, or throws an AppError. */
export async function send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  let reply: Reply<ResponseOf<T>> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ channel: 'keyward', type, payload })) as Reply<ResponseOf<T>> | undefined;
  } catch (error) {
    if (workerStoppedMidRequest(error)) throw backgroundRestarted();
    throw new AppError('INTERNAL', phrase('error_backgroundNoAnswer'));
  }
  if (!reply) throw new AppError('INTERNAL', phrase('error_backgroundEmpty'));
  if (reply.ok) return reply.data;
  const { code, phrase: said, retryAfterMs } = reply.error;
  throw new AppError(isErrorCode(code) ? code : 'INTERNAL', isPhrase(said) ? said : phrase('genericError'), retryAfterMs === undefined ? undefined : { retryAfterMs });
}
