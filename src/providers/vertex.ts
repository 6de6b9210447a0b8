import { phrase, type Phrase } from '@/src/shared/i18n/text';
/**
 * Google Vertex AI with an API key, on the same wire as Gemini:
 * - express mode: `https://aiplatform.googleapis.com/v1/publishers/google/models/{model}:…`
 * - with a project: `https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:…`
 * The key travels in `x-goog-api-key`, which Google APIs accept in place of `?key=`.
 */
import { streamContextFor } from '@/src/providers/answer';
import { errorContextFor, type ErrorContext } from '@/src/providers/errors';
import { bareModelId, geminiBody, readGeminiStream } from '@/src/providers/gemini-protocol';
import { googleKeyHeader, googleTaskType } from '@/src/providers/gemini';
import { embedInParts, embedUsage, vectorOf } from '@/src/providers/embed';
import { asArray, asNumber, pick } from '@/src/providers/json';
import { fetchJson, openStream } from '@/src/providers/http';
import { VERTEX_DEFAULT_LOCATION, VERTEX_LOCATION_PATTERN, vertexOrigin } from '@/src/providers/hosts';
import { ProviderError, type CallOptions, type ChatRequest, type Connection, type EmbedInput, type EmbedResult, type ModelInfo, type ProviderAdapter, type StreamEvent } from '@/src/providers/types';

export { VERTEX_DEFAULT_LOCATION };
/** Express mode cannot list models; these are the Gemini models it serves. */
export const VERTEX_KNOWN_MODELS: readonly ModelInfo[] = [
  { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', contextWindow: 1_048_576 },
  { id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', contextWindow: 1_048_576 },
  { id: 'gemini-2.5-flash-lite', displayName: 'Gemini 2.5 Flash-Lite', contextWindow: 1_048_576 },
  { id: 'gemini-2.0-flash', displayName: 'Gemini 2.0 Flash', contextWindow: 1_048_576 },
];
const PROBE_MODEL = 'gemini-2.5-flash';

function invalidSetting(ctx: ErrorContext, message: Phrase): ProviderError {
  return new ProviderError('invalid-request', message, { provider: ctx.provider, retryable: false });
}

/** The URL of a model, without the `:method` suffix. */
export function vertexModelUrl(conn: Connection, model: string, ctx: ErrorContext): string {
  const project = conn.settings.vertexProject?.trim();
  const location = conn.settings.vertexLocation?.trim() || VERTEX_DEFAULT_LOCATION;
  if (!VERTEX_LOCATION_PATTERN.test(location)) throw invalidSetting(ctx, phrase('provider_vertexLocationWrong'));
  const configured = conn.settings.baseUrl?.trim().replace(/\/+$/, '');
  const modelPath = encodeURIComponent(bareModelId(model));
  const host = configured || vertexOrigin(conn.settings);
  if (!project) return `${host}/v1/publishers/google/models/${modelPath}`;
  return `${host}/v1/projects/${encodeURIComponent(project)}/locations/${location}/publishers/google/models/${modelPath}`;
}

export const vertexAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const { chunks } = await openStream(
      {
        url: `${vertexModelUrl(conn, req.model, ctx)}:streamGenerateContent?alt=sse`,
        headers: { 'Content-Type': 'application/json', ...googleKeyHeader(conn) },
        body: geminiBody(req),
      },
      opts,
      ctx,
    );
    yield* readGeminiStream(chunks, ctx);
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    const ctx = errorContextFor(conn, PROBE_MODEL, opts.extensionOrigin);
    // Counting tokens is free and proves that the key, project and location work.
    await fetchJson(
      {
        url: `${vertexModelUrl(conn, PROBE_MODEL, ctx)}:countTokens`,
        headers: { 'Content-Type': 'application/json', ...googleKeyHeader(conn) },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'ping' }] }] }),
      },
      opts,
      ctx,
    );
    return VERTEX_KNOWN_MODELS.map((model) => ({ ...model }));
  },

  /**
   * `…/models/{model}:predict` with one instance per text; the answer counts each text's tokens.
   * Gemini embedding models take one text a request (the text-embedding models up to 250): those
   * go one by one, four at a time.
   */
  async embed(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
    const ctx = errorContextFor(conn, input.model, opts.extensionOrigin);
    const url = `${vertexModelUrl(conn, input.model, ctx)}:predict`;
    const task_type = googleTaskType(input);
    return embedInParts(input.texts, /gemini-embedding/.test(input.model) ? 1 : 128, 4, async (texts) => {
      const json = await fetchJson(
        { url, headers: { 'Content-Type': 'application/json', ...googleKeyHeader(conn) }, body: JSON.stringify({ instances: texts.map((content) => ({ content, task_type })) }) },
        opts,
        ctx,
      );
      const predictions = asArray(pick(json, 'predictions'));
      const counts = predictions.map((entry) => asNumber(pick(entry, 'embeddings', 'statistics', 'token_count')));
      return {
        vectors: predictions.map((entry) => vectorOf(pick(entry, 'embeddings', 'values'), ctx)),
        usage: embedUsage(counts.every((count) => count !== undefined) ? counts.reduce<number>((sum, count) => sum + (count ?? 0), 0) : undefined, texts),
      };
    });
  },
};
