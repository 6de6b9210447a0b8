/**
 * One HTTP call to a provider, with the two deadlines a streamed answer needs: the first byte
 * (reasoning models think for minutes before it) and silence once the answer has started.
 * Every provider request leaves from `send` below, so the egress rules live there too:
 * - the URL must be http(s), on an origin the connection's settings name (errorContextFor), and
 *   granted to the extension; plain http only to this computer unless the user allowed it;
 * - redirects are never followed (the key and the conversation would go along);
 * - at most MAX_RESPONSE_BYTES of an answer are read (limits.ts).
 * Every failure leaves here as a ProviderError.
 */
import { phrase } from '@/src/shared/i18n/text';
import { hasOrigins } from '@/src/platform/permissions';
import {
  abortedError,
  badResponse,
  errorFromFailure,
  errorFromHttp,
  errorFromStreamPayload,
  originNotAllowed,
  redirectRefused,
  responseTooLarge,
  timeoutError,
  type ErrorContext,
} from '@/src/providers/errors';
import { PROVIDERS } from '@/src/providers/definitions';
import { isPlainHttpElsewhere } from '@/src/providers/hosts';
import { parseJson, pick } from '@/src/providers/json';
import { MAX_RESPONSE_BYTES } from '@/src/providers/limits';
import { isKeyless, ProviderError, type CallOptions, type Connection } from '@/src/providers/types';

export const DEFAULT_FIRST_BYTE_TIMEOUT_MS = 300_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
/** Error bodies are read for their message only; anything longer is cut. */
const MAX_ERROR_BODY_CHARS = 65_536;
const MAX_JSON_BODY_CHARS = 50_000_000;

export interface HttpCall {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface OpenedStream {
  response: Response;
  /** The body as it arrives, under the first-byte and idle deadlines. Ending iteration early cancels it. */
  chunks: AsyncGenerator<Uint8Array>;
}

/** The connection's base URL without a trailing slash: its own setting, else the provider's default. */
export function baseUrlOf(conn: Connection, ctx: ErrorContext): string {
  const configured = conn.settings.baseUrl?.trim();
  const fallback = isKeyless(conn.provider) ? undefined : PROVIDERS[conn.provider].defaultBaseUrl;
  const base = configured !== undefined && configured !== '' ? configured : fallback;
  if (base === undefined) {
    throw new ProviderError('invalid-request', phrase('provider_noBaseUrl'), {
      provider: ctx.provider,
      retryable: false,
    });
  }
  return base.replace(/\/+$/, '');
}

function isDone(result: ReadableStreamReadResult<Uint8Array>): result is ReadableStreamReadDoneResult<Uint8Array> {
  return result.done === true;
}

class Deadlines {
  private readonly startedAt = Date.now();
  private readonly firstByteMs: number;
  private readonly idleMs: number;
  readonly controller = new AbortController();
  readonly signal: AbortSignal;
  private firstByteSeen = false;
  private readonly opts: CallOptions;
  private readonly ctx: ErrorContext;

  constructor(opts: CallOptions, ctx: ErrorContext) {
    this.opts = opts;
    this.ctx = ctx;
    this.firstByteMs = opts.firstByteTimeoutMs ?? DEFAULT_FIRST_BYTE_TIMEOUT_MS;
    this.idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.signal = AbortSignal.any([opts.signal, this.controller.signal]);
  }

  markFirstByte(): void {
    this.firstByteSeen = true;
  }

  /** Waits for `work` under the deadline that applies now; on expiry or abort, cancels the request. */
  async race<T>(work: Promise<T>): Promise<T> {
    const phase = this.firstByteSeen ? 'idle' : 'first-byte';
    const limitMs = phase === 'idle' ? this.idleMs : this.firstByteMs;
    const remaining = phase === 'idle' ? this.idleMs : Math.max(0, this.startedAt + this.firstByteMs - Date.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Reject before aborting, so the race settles as a timeout and not as the fetch's AbortError.
        reject(timeoutError(this.ctx, phase, limitMs));
        this.controller.abort();
      }, remaining);
      onAbort = () => reject(abortedError(this.ctx));
      if (this.opts.signal.aborted) onAbort();
      else this.opts.signal.addEventListener('abort', onAbort, { once: true });
    });
    work.catch(() => undefined); // the loser of the race must not surface as an unhandled rejection
    try {
      return await Promise.race([work, stop]);
    } catch (error) {
      throw errorFromFailure(error, this.ctx, this.opts.signal);
    } finally {
      clearTimeout(timer);
      if (onAbort !== undefined) this.opts.signal.removeEventListener('abort', onAbort);
    }
  }
}

async function* readChunks(response: Response, deadlines: Deadlines, ctx: ErrorContext): AsyncGenerator<Uint8Array> {
  if (response.body === null) return;
  const reader = response.body.getReader();
  let received = 0;
  try {
    for (;;) {
      const result = await deadlines.race(reader.read());
      if (isDone(result)) return;
      if (result.value.byteLength === 0) continue;
      deadlines.markFirstByte();
      received += result.value.byteLength;
      // The finally below cancels the body and aborts the request.
      if (received > MAX_RESPONSE_BYTES) throw responseTooLarge(ctx, 'response');
      yield result.value;
    }
  } finally {
    reader.cancel().catch(() => undefined);
    deadlines.controller.abort();
  }
}

async function readText(chunks: AsyncIterable<Uint8Array>, maxChars: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of chunks) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= maxChars) break;
  }
  return (text + decoder.decode()).slice(0, maxChars);
}

/**
 * Whether the browser granted the extension access to an origin. The pattern leaves the port out:
 * Firefox refuses ports in match patterns, and a pattern without one covers every port in both
 * browsers (the exact origin, port included, was already checked against the connection).
 */
export async function isOriginGrantedByBrowser(origin: string): Promise<boolean> {
  try {
    const url = new URL(origin);
    return await hasOrigins([`${url.protocol}//${url.hostname}/*`]);
  } catch {
    return false;
  }
}

/**
 * The egress guard: throws, before anything is sent, unless the URL is http(s), on one of the
 * origins the connection's settings name, not plain http to another computer (unless the user
 * allowed it), and granted to the extension.
 */
async function checkDestination(urlText: string, opts: CallOptions, ctx: ErrorContext): Promise<void> {
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw originNotAllowed(ctx, 'not-http');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw originNotAllowed(ctx, 'not-http');
  const destination = ctx.destination;
  if (destination === undefined) throw originNotAllowed(ctx, 'no-destination');
  if (!destination.origins.includes(url.origin)) throw originNotAllowed(ctx, 'other-origin', url.origin);
  if (isPlainHttpElsewhere(url) && !destination.insecureHttp) throw originNotAllowed(ctx, 'insecure-http', url.origin);
  const isGranted = opts.isOriginGranted ?? isOriginGrantedByBrowser;
  // A check that fails or throws counts as not granted.
  const granted = await Promise.resolve()
    .then(() => isGranted(url.origin))
    .catch(() => false);
  if (!granted) throw originNotAllowed(ctx, 'not-granted', url.origin);
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

async function send(call: HttpCall, opts: CallOptions, ctx: ErrorContext): Promise<OpenedStream> {
  if (opts.signal.aborted) throw abortedError(ctx);
  await checkDestination(call.url, opts, ctx);
  if (opts.signal.aborted) throw abortedError(ctx);
  const deadlines = new Deadlines(opts, ctx);
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const init: RequestInit = {
    method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
    signal: deadlines.signal,
    // Never follow a redirect: the key headers and the body would go to wherever it points. The
    // browser then answers with an unreadable 'opaqueredirect' response (Node with the 3xx itself).
    redirect: 'manual',
  };
  if (call.headers !== undefined) init.headers = call.headers;
  if (call.body !== undefined) init.body = call.body;
  const response = await deadlines.race(fetchImpl(call.url, init));
  if (response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    deadlines.controller.abort();
    throw redirectRefused(ctx, response.status);
  }
  const chunks = readChunks(response, deadlines, ctx);
  if (!response.ok) {
    const bodyText = await readText(chunks, MAX_ERROR_BODY_CHARS);
    throw errorFromHttp(response.status, response.headers, bodyText, ctx);
  }
  return { response, chunks };
}

export type StreamFraming = 'sse' | 'ndjson' | 'eventstream';

/**
 * Sends a request whose answer is a stream, and checks that it really is one: a captive portal's
 * HTML page is a bad response, and a JSON error body sent with status 200 instead of an SSE stream
 * is reported as the error it carries.
 */
export async function openStream(call: HttpCall, opts: CallOptions, ctx: ErrorContext, framing: StreamFraming = 'sse'): Promise<OpenedStream> {
  const opened = await send(call, opts, ctx);
  const type = opened.response.headers.get('content-type') ?? '';
  if (/text\/html/i.test(type)) {
    await opened.response.body?.cancel().catch(() => undefined);
    throw badResponse(ctx, opened.response.status);
  }
  if (framing === 'sse' && /application\/json/i.test(type)) {
    const json = parseJson(await readText(opened.chunks, MAX_ERROR_BODY_CHARS));
    throw pick(json, 'error') !== undefined ? errorFromStreamPayload(json, ctx) : badResponse(ctx, opened.response.status);
  }
  return opened;
}

/** Sends a request whose answer is one JSON document. */
export async function fetchJson(call: HttpCall, opts: CallOptions, ctx: ErrorContext): Promise<unknown> {
  const { response, chunks } = await send(call, opts, ctx);
  const text = await readText(chunks, MAX_JSON_BODY_CHARS);
  try {
    return JSON.parse(text);
  } catch {
    throw badResponse(ctx, response.status);
  }
}
