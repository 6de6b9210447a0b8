/**
 * Turns whatever a provider sends back when things go wrong (an HTTP status and body, an error event
 * inside a 200 stream, a failed fetch) into a `ProviderError` with a message written for the user.
 * Only the provider's own short error text may be quoted, and only after `redact()`.
 */
import { formatCount } from '@/src/shared/i18n/format';
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { PROVIDERS } from '@/src/providers/definitions';
import { errorInfoFromJson, errorInfoFromText, parseTryAgainIn, retryAfterFromHeaders, type ErrorInfo } from '@/src/providers/error-body';
import { expectedOrigins } from '@/src/providers/hosts';
import { MAX_EVENT_BYTES, MAX_RESPONSE_BYTES, megabytes } from '@/src/providers/limits';
import { safeProviderDetail } from '@/src/providers/redact';
import { CHROME_BUILT_IN, IN_BROWSER, isKeyless, ProviderError, type AdapterProvider, type Connection, type ProviderErrorKind } from '@/src/providers/types';

/** Where a connection's requests may go, decided from its settings before anything is sent. */
export interface Destination {
  /** Exact origins (`scheme://host[:port]`); a request to any other is refused. */
  origins: readonly string[];
  /** The user allowed plain http to a computer other than this one (the `allowInsecureHttp` setting). */
  insecureHttp: boolean;
}

export interface ErrorContext {
  provider: AdapterProvider;
  /** Every secret of the connection: removed verbatim from anything quoted. */
  secrets: readonly string[];
  model?: string;
  extensionOrigin?: string;
  /** Set by errorContextFor from the connection. Without it the transport sends nothing. */
  destination?: Destination;
  /** The organisation's gateway (Connection.organisation). */
  organisation?: true;
}

export function errorContextFor(conn: Connection, model?: string, extensionOrigin?: string): ErrorContext {
  const secrets = Object.values(conn.secret).filter((value): value is string => typeof value === 'string' && value !== '');
  const destination: Destination = { origins: expectedOrigins(conn.provider, conn.settings), insecureHttp: conn.settings.allowInsecureHttp === 'yes' };
  return {
    provider: conn.provider,
    secrets,
    destination,
    ...(model === undefined ? {} : { model }),
    ...(extensionOrigin === undefined ? {} : { extensionOrigin }),
    ...(conn.organisation ? { organisation: true as const } : {}),
  };
}

export function providerName(provider: AdapterProvider): string {
  if (provider === CHROME_BUILT_IN) return 'Chrome’s built-in AI';
  if (provider === IN_BROWSER) return 'The in-browser model';
  return PROVIDERS[provider].name;
}

function isLocal(provider: AdapterProvider): boolean {
  return !isKeyless(provider) && PROVIDERS[provider].local;
}

const has = (signals: readonly string[], ...names: string[]): boolean => names.some((name) => signals.includes(name));

const CONTEXT_TOO_LONG_TEXT =
  /prompt is too long|maximum context length|context length|context window|context_length|too many (input )?tokens|input is too long|exceeds the maximum number of tokens|input token count|reduce the length/i;

function kindFrom(status: number | undefined, info: ErrorInfo, ctx: ErrorContext, emptyBody: boolean): ProviderErrorKind {
  const { signals } = info;
  const text = info.message ?? '';
  if (status === 403 && emptyBody && ctx.provider === 'ollama') return 'origin-refused';
  // Explicit codes first: they are stable, unlike the wording of messages.
  if (has(signals, 'insufficient_quota', 'billing_hard_limit_reached', 'servicequotaexceededexception')) return 'quota-exhausted';
  if (has(signals, 'context_length_exceeded', 'exceed_context_size_error', 'string_above_max_length')) return 'context-too-long';
  if (
    has(signals, 'api_key_invalid', 'invalid_api_key', 'authentication_error', 'unauthenticated', 'unrecognizedclientexception',
      'invalidsignatureexception', 'expiredtokenexception', 'incompletesignatureexception', 'missingauthenticationtokenexception')
  ) {
    return 'key-rejected';
  }
  if (has(signals, 'overloaded_error', 'serviceunavailableexception', 'modelnotreadyexception') || status === 529) return 'overloaded';
  if (has(signals, 'content_filter', 'responsibleaipolicyviolation', 'prohibited_content', 'content_policy_violation')) return 'content-blocked';
  if (has(signals, 'rate_limit_error', 'rate_limit_exceeded', 'throttlingexception', 'resource_exhausted') || status === 429) return 'rate-limited';
  if (has(signals, 'permission_error', 'permission_denied', 'accessdeniedexception')) return 'no-permission';
  if (has(signals, 'model_not_found', 'not_found_error', 'resourcenotfoundexception', 'deploymentnotfound')) return 'model-not-found';
  // Then the wording, for providers that only send a message.
  if (status === 402 || /credit balance is too low/i.test(text)) return 'quota-exhausted';
  if (CONTEXT_TOO_LONG_TEXT.test(text) || status === 413) return 'context-too-long';
  if (/overloaded/i.test(text) && (status ?? 500) >= 500) return 'overloaded';
  if (/model identifier is invalid|model .*not found/i.test(text)) return 'model-not-found';
  if (status === undefined) return 'server';
  if (status === 401) return 'key-rejected';
  if (status === 403) return 'no-permission';
  if (status === 404) return 'model-not-found';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'invalid-request';
}

/** Why a provider refused an image or a PDF the request carried (issue 16). */
export type AttachmentRefusal = 'too-large' | 'unreadable' | 'model-cannot-see' | 'document';

// Wordings the providers use (their API error texts, as documented or reported), most specific first.
const MODEL_CANNOT_SEE_TEXT =
  /(does not|doesn't|do not|cannot|can't) (support|accept|process|take) (the )?(image|images|vision|multimodal)|image_url is only supported by certain models|image input is not supported|images? (are|is) not supported|not a (multimodal|vision) model|missing data required for image input|vision is not (supported|enabled)/i;
const TOO_LARGE_TEXT =
  /\b(image|images|file|pdf|document|attachment|payload)\b[^.]{0,80}?\b(exceeds?|too large|too big|larger than|over the (maximum|limit))/i;
const DOCUMENT_TEXT =
  /\b(pdf|document)\b[^.]{0,80}?\b(not valid|invalid|could not|couldn't|unable|encrypted|password|corrupt|damaged|has no pages|too many pages)|maximum of \d+ pdf pages|(could not|couldn't|unable to|failed to) (process|read|parse|load) (the )?(provided )?(pdf|document)/i;
const UNREADABLE_TEXT =
  /(could not|couldn't|unable to|failed to|cannot) (process|decode|read|parse|load) (the )?(input |provided )?(image|picture)|invalid image|unsupported image|not a valid image|image is not valid|image (format|type) (is )?not supported|image: unknown format|the image appears to be|media_type: input should be 'image\//i;
const UNREADABLE_SIGNALS = ['invalid_image', 'invalid_image_format', 'image_parse_error', 'invalid_image_url', 'unsupported_image'];

/** What about an attachment a refusal names, from the provider's codes and wording; undefined when it names none. */
export function attachmentRefusalOf(info: ErrorInfo): AttachmentRefusal | undefined {
  const text = info.message ?? '';
  if (MODEL_CANNOT_SEE_TEXT.test(text)) return 'model-cannot-see';
  if (TOO_LARGE_TEXT.test(text)) return 'too-large';
  if (DOCUMENT_TEXT.test(text)) return 'document';
  if (has(info.signals, ...UNREADABLE_SIGNALS) || UNREADABLE_TEXT.test(text)) return 'unreadable';
  return undefined;
}

interface MessageFacts {
  status?: number;
  detail?: string;
  retryAfterMs?: number;
  /** The request was refused because of an attachment: the message says which problem. */
  refusal?: AttachmentRefusal;
}

function refusalMessage(refusal: AttachmentRefusal, name: string): Phrase {
  switch (refusal) {
    case 'too-large':
      return phrase('provider_attachmentTooLarge', name);
    case 'unreadable':
      return phrase('provider_imageUnreadable', name);
    case 'model-cannot-see':
      return phrase('provider_modelCannotSee', name);
    case 'document':
      return phrase('provider_documentRefused', name);
  }
}

/** The words for an error kind, in the UI language (answer errors are kept with the answer in the history). */
function baseMessage(kind: ProviderErrorKind, ctx: ErrorContext, facts: MessageFacts): Phrase {
  const name = providerName(ctx.provider);
  const status = facts.status === undefined ? undefined : String(facts.status);
  switch (kind) {
    case 'key-rejected':
      return phrase('provider_keyRejected', name);
    case 'no-permission':
      return phrase('provider_noPermission', name);
    case 'model-not-found':
      return ctx.provider === 'ollama' ? phrase('provider_ollamaNoModel', ctx.model ?? '', ctx.model ?? '<model>') : phrase('provider_modelNotFound', name, ctx.model ?? '');
    case 'rate-limited':
      return facts.retryAfterMs === undefined
        ? phrase('provider_rateLimited', name)
        : phrase('provider_rateLimitedFor', name, formatCount(Math.max(1, Math.ceil(facts.retryAfterMs / 1000))));
    case 'quota-exhausted':
      return phrase('provider_quotaExhausted', name);
    case 'overloaded':
      return phrase('provider_overloaded', name);
    case 'context-too-long':
      return phrase('provider_contextTooLong');
    case 'content-blocked':
      return phrase('provider_contentBlocked', name);
    case 'origin-refused':
      return phrase('provider_ollamaOrigin', ctx.extensionOrigin ?? '<extension origin>');
    case 'invalid-request':
      if (facts.refusal !== undefined) return refusalMessage(facts.refusal, name);
      return status === undefined ? phrase('provider_invalidRequest', name) : phrase('provider_invalidRequestStatus', name, status);
    case 'network':
      return isLocal(ctx.provider) ? phrase('provider_networkLocal', name) : phrase('provider_network', name);
    case 'server':
      return status === undefined ? phrase('provider_server', name) : phrase('provider_serverStatus', name, status);
    case 'bad-response':
      return status === undefined ? phrase('provider_badResponse', name) : phrase('provider_badResponseStatus', name, status);
    case 'aborted':
      return phrase('provider_aborted');
    case 'timeout':
      return phrase('provider_timeout', name);
    case 'origin-not-allowed':
      return phrase('provider_originNotAllowed');
    case 'redirect-refused':
      return phrase('provider_redirectRefused');
    case 'response-too-large':
      return phrase('provider_responseTooLarge', name);
  }
}

export function makeError(kind: ProviderErrorKind, ctx: ErrorContext, facts: MessageFacts = {}, retryable?: boolean): ProviderError {
  const base = baseMessage(kind, ctx, facts);
  const message = facts.detail === undefined ? base : phrase('provider_said', base, providerName(ctx.provider), facts.detail);
  return new ProviderError(kind, message, {
    provider: ctx.provider,
    ...(retryable === undefined ? {} : { retryable }),
    ...(facts.status === undefined ? {} : { status: facts.status }),
    ...(facts.retryAfterMs === undefined ? {} : { retryAfterMs: facts.retryAfterMs }),
  });
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

/**
 * An attachment refusal is an error about the request (400, 413, 415, 422, or an error inside a
 * stream; 500 too, which Ollama answers for an image its model cannot read): never a key, quota,
 * rate or availability problem, which keep their own kinds.
 */
function refusalFor(status: number | undefined, info: ErrorInfo): AttachmentRefusal | undefined {
  if (status !== undefined && ![400, 413, 415, 422, 500].includes(status)) return undefined;
  return attachmentRefusalOf(info);
}

/** An HTTP response that is not 2xx. `bodyText` is the response body, never the request's. */
export function errorFromHttp(status: number, headers: Headers, bodyText: string, ctx: ErrorContext): ProviderError {
  const trimmed = bodyText.trim();
  const info = errorInfoFromText(trimmed) ?? { signals: [] };
  const amazonType = headers.get('x-amzn-errortype')?.split(':')[0]?.toLowerCase();
  if (amazonType) info.signals.push(amazonType);
  const refusal = refusalFor(status, info);
  const kind = refusal === undefined ? kindFrom(status, info, ctx, trimmed === '') : 'invalid-request';
  const retryAfterMs =
    retryAfterFromHeaders(headers) ?? info.retryAfterMs ?? (kind === 'rate-limited' && info.message ? parseTryAgainIn(info.message) : undefined);
  const quotable = info.message !== undefined && !looksLikeHtml(info.message) ? info.message : undefined;
  const detail = kind === 'origin-refused' ? undefined : safeProviderDetail(quotable, ctx.secrets);
  return makeError(kind, ctx, {
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(refusal === undefined ? {} : { refusal }),
    ...(retryAfterMs === undefined || !['rate-limited', 'overloaded', 'server'].includes(kind) ? {} : { retryAfterMs }),
  });
}

/** An error reported inside an HTTP 200 stream (Anthropic `event: error`, `{"error": …}` data, an Ollama error line…). */
export function errorFromStreamPayload(payload: unknown, ctx: ErrorContext, extraSignals: readonly string[] = []): ProviderError {
  const info = errorInfoFromJson(payload);
  info.signals.push(...extraSignals.map((signal) => signal.toLowerCase()));
  const unrefused = kindFrom(undefined, info, ctx, false);
  // A stream error that names no key, quota, rate or availability problem may be about an attachment.
  const refusal = unrefused === 'server' ? refusalFor(undefined, info) : undefined;
  const kind = refusal === undefined ? unrefused : 'invalid-request';
  const retryAfterMs = info.retryAfterMs ?? (kind === 'rate-limited' && info.message ? parseTryAgainIn(info.message) : undefined);
  const detail = safeProviderDetail(info.message, ctx.secrets);
  return makeError(kind, ctx, {
    ...(detail === undefined ? {} : { detail }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(refusal === undefined ? {} : { refusal }),
  });
}

export function badResponse(ctx: ErrorContext, status?: number): ProviderError {
  return makeError('bad-response', ctx, status === undefined ? {} : { status });
}

export function abortedError(ctx: ErrorContext): ProviderError {
  return makeError('aborted', ctx);
}

export function timeoutError(ctx: ErrorContext, phase: 'first-byte' | 'idle', ms: number): ProviderError {
  const seconds = formatCount(Math.max(1, Math.round(ms / 1000)));
  const name = providerName(ctx.provider);
  const message = phase === 'first-byte' ? phrase('provider_timeout_firstByte', name, seconds) : phrase('provider_timeout_idle', name, seconds);
  return new ProviderError('timeout', message, { provider: ctx.provider });
}

export function streamCutError(ctx: ErrorContext): ProviderError {
  return new ProviderError('network', phrase('provider_streamCut', providerName(ctx.provider)), {
    provider: ctx.provider,
  });
}

/** Anything thrown by `fetch` or a body read that is not already a ProviderError. */
export function errorFromFailure(error: unknown, ctx: ErrorContext, userSignal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (userSignal.aborted) return abortedError(ctx);
  return makeError('network', ctx);
}

export function redirectRefused(ctx: ErrorContext, status: number | undefined): ProviderError {
  return makeError('redirect-refused', ctx, status === undefined || status === 0 ? {} : { status }, false);
}

export type RefusalReason = 'not-http' | 'other-origin' | 'insecure-http' | 'not-granted' | 'no-destination';

/** Why the transport refused to send. Only origins are named (never a path, query or header). */
export function originNotAllowed(ctx: ErrorContext, reason: RefusalReason, origin?: string): ProviderError {
  const name = providerName(ctx.provider);
  const where = origin ?? phrase('provider_refused_thatAddress');
  const message = ((): Phrase => {
    switch (reason) {
      case 'not-http':
        return phrase('provider_refused_notHttp');
      case 'other-origin':
        return phrase('provider_refused_otherOrigin', where, name);
      case 'insecure-http':
        return phrase('provider_refused_insecureHttp', where);
      case 'not-granted':
        // The gateway's access is allowed in the options page's policy box (GatewayAccess.tsx); a user's key is saved again.
        return ctx.organisation ? phrase('policy_gatewayNotGranted', where) : phrase('provider_refused_notGranted', where);
      case 'no-destination':
        return phrase('provider_refused_noDestination');
    }
  })();
  return new ProviderError('origin-not-allowed', message, { provider: ctx.provider, retryable: false });
}

/**
 * More data than limits.ts allows: in all (`response`) or in one event or line not yet ended
 * (`event`). `ctx` is absent where a parser runs without one; the message then names no provider.
 */
export function responseTooLarge(ctx: ErrorContext | undefined, scope: 'response' | 'event'): ProviderError {
  const who = ctx === undefined ? phrase('provider_theServer') : providerName(ctx.provider);
  return new ProviderError(
    'response-too-large',
    scope === 'response'
      ? phrase('provider_tooLarge_response', who, formatCount(megabytes(MAX_RESPONSE_BYTES)))
      : phrase('provider_tooLarge_event', who, formatCount(megabytes(MAX_EVENT_BYTES))),
    { retryable: false, ...(ctx === undefined ? {} : { provider: ctx.provider }) },
  );
}
