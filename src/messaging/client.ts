import { phrase } from '@/src/shared/i18n/text';
import { isPhrase } from '@/src/shared/i18n/phrase-schema';
import { sendRuntimeMessage } from '@/src/platform/messaging';
import { AppError, ERROR_CODES, type ErrorCode } from '@/src/shared/errors';
import type { MessageType, Reply, RequestOf, ResponseOf } from './protocol';

function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
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
    reply = (await sendRuntimeMessage({ channel: 'keyward', type, payload })) as Reply<ResponseOf<T>> | undefined;
  } catch (error) {
    if (workerStoppedMidRequest(error)) throw backgroundRestarted();
    throw new AppError('INTERNAL', phrase('error_backgroundNoAnswer'));
  }
  if (!reply) throw new AppError('INTERNAL', phrase('error_backgroundEmpty'));
  if (reply.ok) return reply.data;
  const { code, phrase: said, retryAfterMs } = reply.error;
  throw new AppError(isErrorCode(code) ? code : 'INTERNAL', isPhrase(said) ? said : phrase('genericError'), retryAfterMs === undefined ? undefined : { retryAfterMs });
}
