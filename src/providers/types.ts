import { renderPhrase, type Phrase } from '@/src/shared/i18n/text';
/**
 * The provider layer's contract with the background service worker.
 *
 * - `adapterFor(provider)` (registry.ts) returns a `ProviderAdapter` for any provider id.
 * - `adapter.streamChat(conn, req, opts)` yields `StreamEvent`s: `text` / `reasoning` deltas while the
 *   answer streams, then exactly one `usage` and one `finish` at the end. It throws `ProviderError`
 *   for every failure (HTTP, inside a 200 stream, network, timeout, abort).
 * - `adapter.listModels(conn, opts)` and the optional `adapter.embed(...)` throw `ProviderError` too.
 * - `testConnection(conn, opts)` (registry.ts) turns one `listModels` into a verdict for the options page.
 *
 * Usage semantics, the same for every provider:
 * - `inputTokens` counts the whole prompt, including tokens served from a cache;
 *   `cachedInputTokens` is the part of it read from a cache.
 * - `outputTokens` counts everything generated, including reasoning ("thinking") tokens;
 *   `reasoningTokens` is the part of it spent on reasoning.
 * - `estimated: true` when the provider reported nothing and the numbers are a chars/4 guess.
 *
 * A `ProviderError` message is written for the user (what happened, what to do) and never contains a
 * key, a header, the request body or prompt text.
 */
import type { ProviderId } from '@/src/providers/definitions';
import type { ProviderSettings, SecretInput } from '@/src/providers/schemas';
import type { ContentPart } from '@/src/attachments/types';

/** Chrome's on-device model has no key record, so it is not a `ProviderId`. */
export const CHROME_BUILT_IN = 'chrome-built-in';
/** A model downloaded into the browser and run there (Transformers.js, src/local-model): no key either. */
export const IN_BROWSER = 'in-browser';
export type KeylessProvider = typeof CHROME_BUILT_IN | typeof IN_BROWSER;
export type AdapterProvider = ProviderId | KeylessProvider;

/** Providers that answer on this device without a key: free, and usable without a vault. */
export function isKeyless(provider: string): provider is KeylessProvider {
  return provider === CHROME_BUILT_IN || provider === IN_BROWSER;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /**
   * Images and PDF documents that go with a user message, in the order attached (issue 16). Each
   * adapter sends them in its provider's own wire format in the same message; text files and PDFs
   * sent as text are already in `content`. Absent on every other message, so a request without
   * attachments is byte for byte what it was before.
   */
  parts?: ContentPart[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
}

export interface Connection {
  provider: AdapterProvider;
  secret: SecretInput;
  settings: ProviderSettings;
  /** The organisation's gateway (src/policy): its key is not the user's, so a refusal points to the policy box, not to editing a key. */
  organisation?: true;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  estimated: boolean;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'other';

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: FinishReason };

export const PROVIDER_ERROR_KINDS = [
  'key-rejected',
  'no-permission',
  'model-not-found',
  'rate-limited',
  'quota-exhausted',
  'overloaded',
  'context-too-long',
  'content-blocked',
  'origin-refused',
  /** The provider refused the request as malformed (an unsupported parameter, a bad setting). */
  'invalid-request',
  'network',
  'server',
  'bad-response',
  'aborted',
  'timeout',
  /** The extension refused to send: the address is not the connection's server, not granted, or plain http to another computer. */
  'origin-not-allowed',
  /** The server answered with a redirect, which is never followed with a key or a conversation. */
  'redirect-refused',
  /** The server sent more than the transport reads for one answer or one event (src/providers/limits.ts). */
  'response-too-large',
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set(['rate-limited', 'overloaded', 'server', 'network']);

export function isRetryableKind(kind: ProviderErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

export interface ProviderErrorOptions {
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  provider?: AdapterProvider;
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly provider?: AdapterProvider;
  /** The words for the user as a phrase the page renders (`message` holds them in the UI language, for logs and tests). */
  readonly phrase: Phrase;

  /** `text` must already be safe to show and log: build it with errors.ts, which redacts. */
  constructor(kind: ProviderErrorKind, text: Phrase, options: ProviderErrorOptions = {}) {
    super(renderPhrase(text));
    this.phrase = text;
    this.kind = kind;
    this.retryable = options.retryable ?? isRetryableKind(kind);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
    if (options.provider !== undefined) this.provider = options.provider;
  }

  toJSON(): { name: string; kind: ProviderErrorKind; message: string; retryable: boolean; retryAfterMs?: number; status?: number; provider?: AdapterProvider } {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.provider === undefined ? {} : { provider: this.provider }),
    };
  }
}

export interface ModelInfo {
  id: string;
  displayName?: string;
  contextWindow?: number;
}

export interface CallOptions {
  signal: AbortSignal;
  /** Injectable for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * The extension's origin, for the Ollama `OLLAMA_ORIGINS` hint: `chrome-extension://<id>` in
   * Chromium, `moz-extension://<uuid>` in Firefox (a UUID of its own per profile, not the add-on id).
   */
  extensionOrigin?: string;
  /** How long to wait for the first byte of the answer, from the moment the request is sent. Default 300 s. */
  firstByteTimeoutMs?: number;
  /** How long the answer may go silent once it has started. Default 120 s. */
  idleTimeoutMs?: number;
  /**
   * Whether the extension holds a host permission for an origin (`https://host[:port]`). Injectable
   * for tests; defaults to `browser.permissions.contains` (http.ts). Nothing is sent when it says no.
   */
  isOriginGranted?: (origin: string) => Promise<boolean>;
}

export interface EmbedResult {
  vectors: number[][];
  usage: Usage;
}

/**
 * What to embed. `purpose` is for the providers that embed a search query and the documents it
 * searches differently (Gemini, Vertex, Cohere: a task or input type); the others ignore it.
 */
export interface EmbedInput {
  model: string;
  texts: string[];
  purpose?: 'document' | 'query';
}

export interface ProviderAdapter {
  streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncIterable<StreamEvent>;
  listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]>;
  embed?(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult>;
}

export type ConnectionVerdict = 'works' | 'key-rejected' | 'no-permission' | 'not-reachable' | 'origin-refused' | 'not-allowed' | 'unknown';

export interface ConnectionTestResult {
  result: ConnectionVerdict;
  /** What happened and what to fix, rendered by the page. */
  phrase: Phrase;
  models?: number;
}
