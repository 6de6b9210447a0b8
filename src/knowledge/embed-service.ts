/**
 * The worker's side of embeddings (issue 19, part wip-embed): `knowledge.embed` and `knowledge.models`.
 *
 * An embedding request is a provider call like a chat attempt: the key's requests-per-minute limit and
 * the budgets apply before it is sent, retryable failures (rate-limited, overloaded, server, network)
 * are retried with the chat's retry policy, and every attempt is recorded (kind `embedding`) with its
 * tokens and cost. The texts are never logged, audited or put in an error: only their count and size.
 */
import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { BudgetExceededError } from '@/src/budget/errors';
import { loadedEmbeddings } from '@/src/catalog/catalog';
import { badResponse, errorContextFor, providerName } from '@/src/providers/errors';
import { PROVIDERS } from '@/src/providers/definitions';
import { adapterFor } from '@/src/providers/registry';
import { abortableSleep, backoffDelayMs, DEFAULT_RETRY_POLICY } from '@/src/providers/retry';
import { IN_BROWSER, ProviderError, type CallOptions, type Connection, type EmbedInput, type EmbedResult } from '@/src/providers/types';
import { overridesOf } from '@/src/usage/overrides';
import { pricesWith } from '@/src/usage/prices';
import type { CallInput } from '@/src/usage/recorder';
import { readSettings, readSpendSettings } from '@/src/settings/settings-store';
import { errorClassOf } from '@/src/audit/audited';
import { toBase64 } from '@/src/vault/encoding';
import { isVaultGone, type KeyRecords } from '@/src/vault/key-records';
import type { SpendServices } from '@/src/usage/spend-services';
import type { RequestRateLimiter } from '@/src/providers/rate-limit';
import type { RetryPolicy } from '@/src/providers/retry';
import { keyConnection, listKeys, type KeyAccessDeps } from '@/src/policy/key-access';
import type { EmbeddingModelOption, EmbedRequest, EmbedResponse } from './embed-schemas';

/** What embedding needs of the worker's services (src/background/services.ts passes itself). */
export interface EmbedDeps {
  keys: Pick<KeyRecords, 'useSecret' | 'list' | 'destination'>;
  /** The organisation policy: blocked keys are refused, and its gateway is one of the keys (src/policy/key-access.ts). */
  policy: KeyAccessDeps['policy'];
  spend: Pick<SpendServices, 'budgets' | 'recorder' | 'prices'>;
  limiter: RequestRateLimiter;
  keepAlive: { acquire(): () => void };
  /** The local servers' Origin rules are in place before a request goes out. */
  localOrigins: { ready(): Promise<unknown> };
  now: () => number;
  retryPolicy?: RetryPolicy;
  extensionOrigin?: string;
  fetch?: typeof fetch;
}

/** One batch of up to 128 texts can take a while on a busy provider, but not minutes. */
const EMBED_TIMEOUT_MS = 60_000;

function callOptions(services: EmbedDeps, signal: AbortSignal): CallOptions {
  const opts: CallOptions = { signal, firstByteTimeoutMs: EMBED_TIMEOUT_MS, idleTimeoutMs: EMBED_TIMEOUT_MS };
  if (services.extensionOrigin) opts.extensionOrigin = services.extensionOrigin;
  if (services.fetch) opts.fetch = services.fetch;
  return opts;
}

/** The in-browser model needs no key; any other is used as the policy allows (src/policy/key-access.ts). */
async function connectionOf(services: EmbedDeps, keyId: string | null): Promise<Connection> {
  if (keyId === null) return { provider: IN_BROWSER, secret: {}, settings: {} };
  return keyConnection(services, keyId);
}

/** A vector as the page takes it: L2-normalised, little-endian Float32, base64. Anything not a finite number is a bad answer. */
export function encodeVector(values: readonly number[]): string | undefined {
  let norm = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) return undefined;
    norm += value * value;
  }
  if (values.length === 0 || norm === 0) return undefined;
  const scale = 1 / Math.sqrt(norm);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((value, index) => view.setFloat32(index * 4, value * scale, true));
  return toBase64(bytes);
}

/** Sends one batch, retrying what is worth retrying; each failed attempt is recorded as it fails. */
async function embedWithRetry(services: EmbedDeps, connection: Connection, input: EmbedInput, call: Omit<CallInput, 'startedAt' | 'endedAt' | 'outcome'>): Promise<{ result: EmbedResult; startedAt: number }> {
  const embed = adapterFor(connection.provider).embed;
  if (embed === undefined) throw new AppError('BAD_REQUEST', phrase('knowledge_noEmbeddings', providerName(connection.provider)));
  const policy = services.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const signal = new AbortController().signal;
  for (let attempt = 1; ; attempt += 1) {
    const startedAt = services.now();
    try {
      if (call.keyId !== null) services.limiter.acquire(call.keyId, (await readSettings()).requestsPerMinutePerKey);
      return { result: await embed(connection, input, callOptions(services, signal)), startedAt };
    } catch (error) {
      services.spend.recorder.track({ ...call, startedAt, endedAt: services.now(), outcome: 'error', errorKind: errorClassOf(error) });
      const again = error instanceof ProviderError && error.retryable && attempt < policy.maxAttempts && (error.retryAfterMs ?? 0) <= policy.maxRetryAfterMs;
      if (!again) throw error;
      await abortableSleep(backoffDelayMs(attempt, error, policy, Math.random), signal);
    }
  }
}

/** `knowledge.embed`: one batch of texts → normalised vectors, after the rate limit and the budgets, recorded with its cost. */
export async function embedTexts(services: EmbedDeps, request: EmbedRequest): Promise<EmbedResponse> {
  const { target, texts } = request;
  const connection = await connectionOf(services, target.keyId);
  const call = { kind: 'embedding', provider: connection.provider, model: target.model, keyId: target.keyId } as const;
  const { budgets } = services.spend;
  const promptChars = texts.reduce((sum, text) => sum + text.length, 0);
  try {
    // An embedding has input tokens only: no answer to add to the estimate.
    await budgets.pass(await budgets.check([call], { promptChars, maxTokens: 0 }, false), () => undefined);
  } catch (error) {
    if (error instanceof BudgetExceededError) throw new AppError('BUDGET_EXCEEDED', error.notice.phrase);
    throw error;
  }
  await services.localOrigins.ready();
  const release = services.keepAlive.acquire();
  try {
    // Search queries and the texts they search are embedded differently by some providers (a task type).
    const input: EmbedInput = { model: target.model, texts, purpose: request.purpose === 'query' ? 'query' : 'document' };
    const { result, startedAt } = await embedWithRetry(services, connection, input, call);
    const vectors = result.vectors.map(encodeVector);
    const dims = result.vectors[0]?.length ?? 0;
    if (vectors.length !== texts.length || result.vectors.some((vector) => vector.length !== dims) || vectors.some((vector) => vector === undefined)) {
      const error = badResponse(errorContextFor(connection, target.model), 200);
      services.spend.recorder.track({ ...call, startedAt, endedAt: services.now(), outcome: 'error', errorKind: error.kind });
      throw error;
    }
    const row = await services.spend.recorder.record({ ...call, startedAt, endedAt: services.now(), usage: result.usage, outcome: 'ok' }).catch(() => undefined);
    return { vectors: vectors as string[], dims, inputTokens: result.usage.inputTokens, costUsd: row ? row.cost : null };
  } catch (error) {
    // The provider error's phrase (providers/errors.ts) goes to the page, which renders it; it never holds the texts.
    if (error instanceof ProviderError) throw new AppError('PROVIDER_ERROR', error.phrase, error.retryAfterMs === undefined ? undefined : { retryAfterMs: error.retryAfterMs });
    throw error;
  } finally {
    release();
  }
}

/** The catalog's embedding models of a provider, priced with the user's own prices over them. */
async function catalogEmbeddings(services: EmbedDeps): Promise<(provider: string) => { id: string; dims: number | null; pricePer1MInputUsd: number | null }[]> {
  const prices = pricesWith(await services.spend.prices.ready(), overridesOf((await readSpendSettings()).priceOverrides));
  return (provider) =>
    loadedEmbeddings(provider as never).map((entry) => ({ id: entry.id, dims: entry.dims ?? null, pricePer1MInputUsd: prices.price(provider, entry.id)?.input ?? null }));
}

/** Names of the embedding models local servers usually run: nomic-embed-text, mxbai-embed-large, bge-m3, all-minilm, snowflake-arctic-embed, e5, gte. */
const EMBEDDING_NAME = /embed|bge|minilm|gte|(^|[/_-])e5|arctic/i;

/** A local server's embedding models, from its own model list (a few seconds at most; none when it does not answer). */
async function liveEmbeddingModels(services: EmbedDeps, keyId: string): Promise<string[]> {
  try {
    const connection = await connectionOf(services, keyId);
    await services.localOrigins.ready();
    const opts = { ...callOptions(services, new AbortController().signal), firstByteTimeoutMs: 5_000, idleTimeoutMs: 5_000 };
    return (await adapterFor(connection.provider).listModels(connection, opts)).map((model) => model.id).filter((id) => EMBEDDING_NAME.test(id));
  } catch {
    return [];
  }
}

/**
 * `knowledge.models`: every saved key whose provider embeds, with that provider's embedding models:
 * the catalog's (with price and dimensions) for hosted providers, the server's own list for local
 * servers (free). The in-browser models are the page's to add (embed-client.ts).
 */
export async function embeddingModels(services: EmbedDeps): Promise<{ models: EmbeddingModelOption[] }> {
  // A locked or absent vault has no keys to offer, but the in-browser model needs none.
  const keys = await listKeys(services).catch((error: unknown) => {
    if (isVaultGone(error)) return [];
    throw error;
  });
  const catalogOf = await catalogEmbeddings(services);
  const perKey = await Promise.all(
    keys.map(async (key): Promise<EmbeddingModelOption[]> => {
      if (key.damaged || adapterFor(key.provider).embed === undefined) return [];
      const local = PROVIDERS[key.provider].local;
      const models = local ? (await liveEmbeddingModels(services, key.id)).map((id) => ({ id, dims: null, pricePer1MInputUsd: 0 })) : catalogOf(key.provider);
      return models.map((model) => ({ target: { keyId: key.id, model: model.id }, label: `${model.id} · ${key.label}`, provider: key.provider, dims: model.dims, pricePer1MInputUsd: model.pricePer1MInputUsd, local }));
    }),
  );
  return { models: perKey.flat() };
}
