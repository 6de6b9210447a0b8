/**
 * The one way pages embed text (issue 19): history by meaning and collections call `embedTexts`,
 * which sends `knowledge.embed` to the worker in batches. The worker holds the keys, applies the rate
 * limit and budgets, retries what is worth retrying (429, 5xx, network) with the chat's retry policy,
 * and records usage and cost; this side cuts the work into batches, decodes the vectors and adds up
 * what they cost.
 */
import { phrase } from '@/src/shared/i18n/text';
import { AppError } from '@/src/shared/errors';
import { send } from '@/src/messaging/client';
import { estimateTokens } from '@/src/providers/usage';
import { IN_BROWSER } from '@/src/providers/types';
import { fromBase64 } from '@/src/vault/encoding';
import { MAX_EMBED_CHARS, MAX_EMBED_TEXTS, type EmbeddingModelOption, type EmbeddingTarget, type EmbedPurpose } from './embed-schemas';

export type { EmbeddingModelOption, EmbeddingTarget, EmbedPurpose };

export interface EmbeddedTexts {
  /** One unit-length vector per text, in the texts' order. */
  vectors: Float32Array[];
  dims: number;
  inputTokens: number;
  /** USD; null when the model's price is unknown (then some batch had no price). */
  costUsd: number | null;
}

/** The stable id of an embedding model: the vector store's `model` field (vectors of two models never mix). */
export function embeddingModelKey(target: EmbeddingTarget): string {
  return `${target.keyId ?? 'local'}/${target.model}`;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** base64 of little-endian Float32 → a Float32Array (a view on the decoded bytes where the platform is little-endian, as all current ones are). */
export function decodeVector(base64: string): Float32Array {
  const bytes = fromBase64(base64);
  if (bytes.byteLength % 4 !== 0) throw new AppError('INTERNAL', phrase('genericError'));
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.byteLength / 4 }, (_, index) => view.getFloat32(index * 4, true));
}

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The embedding was stopped.', 'AbortError');
}

/** One batch; a worker that stopped mid-request (its reply lost, not refused) is asked once more. */
async function embedBatch(target: EmbeddingTarget, texts: string[], purpose: EmbedPurpose) {
  try {
    return await send('knowledge.embed', { target, texts, purpose });
  } catch (error) {
    if (error instanceof AppError && error.code === 'BACKGROUND_RESTARTED') return send('knowledge.embed', { target, texts, purpose });
    throw error;
  }
}

/**
 * Embeds `texts` with `target`'s model, in batches of at most 128. A text longer than the message
 * allows is cut (embedding models cut their input at their token limit anyway); an empty text is
 * refused, as no provider embeds one. Fails with an AppError (`PROVIDER_ERROR`, `BUDGET_EXCEEDED`,
 * `VAULT_LOCKED`…); `signal` stops before the next batch, with its reason (an AbortError).
 */
export async function embedTexts(target: EmbeddingTarget, texts: string[], purpose: EmbedPurpose, opts: { signal?: AbortSignal } = {}): Promise<EmbeddedTexts> {
  if (texts.some((text) => text.length === 0)) throw new AppError('BAD_REQUEST', phrase('error_invalidFields'));
  const out: EmbeddedTexts = { vectors: [], dims: 0, inputTokens: 0, costUsd: 0 };
  for (let start = 0; start < texts.length; start += MAX_EMBED_TEXTS) {
    aborted(opts.signal);
    const batch = texts.slice(start, start + MAX_EMBED_TEXTS).map((text) => (text.length > MAX_EMBED_CHARS ? text.slice(0, MAX_EMBED_CHARS) : text));
    const reply = await embedBatch(target, batch, purpose);
    out.vectors.push(...reply.vectors.map(decodeVector));
    out.dims = reply.dims;
    out.inputTokens += reply.inputTokens;
    out.costUsd = out.costUsd === null || reply.costUsd === null ? null : out.costUsd + reply.costUsd;
  }
  return out;
}

/** What embedding `totalChars` characters would cost with a model, at four characters a token (the worker's estimate too). */
export function estimateEmbeddingCost(option: EmbeddingModelOption, totalChars: number): { tokens: number; usd: number | null } {
  const tokens = estimateTokens(totalChars);
  if (option.local) return { tokens, usd: 0 };
  return { tokens, usd: option.pricePer1MInputUsd === null ? null : (tokens * option.pricePer1MInputUsd) / 1_000_000 };
}

/**
 * The in-browser embedding models downloaded completely: keyless and free. The page reads them
 * (the model store is the pages' Cache Storage), loaded on demand so no page carries them at first paint.
 */
async function downloadedEmbeddingModels(): Promise<EmbeddingModelOption[]> {
  try {
    const [{ downloadedModelKinds }, { localModelInfo, localModelName }] = await Promise.all([import('@/src/local-model/embedding'), import('@/src/local-model/catalog')]);
    return (await downloadedModelKinds())
      .filter((model) => model.embedding)
      .map((model) => ({ target: { keyId: null, model: model.id }, label: localModelName(model.id), provider: IN_BROWSER, dims: localModelInfo(model.id)?.dims ?? null, pricePer1MInputUsd: 0, local: true }));
  } catch {
    // No Cache Storage here (or it cannot be read): no in-browser models to offer.
    return [];
  }
}

/** The models the user can embed with: the in-browser ones downloaded, then their keys' embedding models. */
export async function listEmbeddingModels(): Promise<EmbeddingModelOption[]> {
  const [local, { models }] = await Promise.all([downloadedEmbeddingModels(), send('knowledge.models', {})]);
  return [...local, ...models];
}
