/** Google Gemini (AI Studio): `models/{model}:streamGenerateContent?alt=sse`, key in `x-goog-api-key`. */
import { streamContextFor } from '@/src/providers/answer';
import { errorContextFor } from '@/src/providers/errors';
import { bareModelId, geminiBody, readGeminiStream } from '@/src/providers/gemini-protocol';
import { baseUrlOf, fetchJson, openStream } from '@/src/providers/http';
import { asArray, asNumber, asString, pick } from '@/src/providers/json';
import { vectorOf, embedUsage } from '@/src/providers/embed';
import type { CallOptions, ChatRequest, Connection, EmbedInput, EmbedResult, ModelInfo, ProviderAdapter, StreamEvent } from '@/src/providers/types';

const MAX_MODEL_PAGES = 10;

export function googleKeyHeader(conn: Connection): Record<string, string> {
  // A header rather than `?key=`: URLs end up in logs and error reports, headers do not.
  return { 'x-goog-api-key': conn.secret.apiKey?.trim() ?? '' };
}

function modelInfoOf(entry: unknown): ModelInfo[] {
  const name = asString(pick(entry, 'name'));
  const methods = asArray(pick(entry, 'supportedGenerationMethods'));
  if (!name || (methods.length > 0 && !methods.includes('generateContent'))) return [];
  const displayName = asString(pick(entry, 'displayName'));
  const contextWindow = asNumber(pick(entry, 'inputTokenLimit'));
  return [{ id: bareModelId(name), ...(displayName === undefined ? {} : { displayName }), ...(contextWindow === undefined ? {} : { contextWindow }) }];
}

export const geminiAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const { chunks } = await openStream(
      {
        url: `${baseUrlOf(conn, ctx)}/models/${encodeURIComponent(bareModelId(req.model))}:streamGenerateContent?alt=sse`,
        headers: { 'Content-Type': 'application/json', ...googleKeyHeader(conn) },
        body: geminiBody(req),
      },
      opts,
      ctx,
    );
    yield* readGeminiStream(chunks, ctx);
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    const ctx = errorContextFor(conn, undefined, opts.extensionOrigin);
    const models: ModelInfo[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_MODEL_PAGES; page += 1) {
      const query = `pageSize=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
      const json = await fetchJson({ url: `${baseUrlOf(conn, ctx)}/models?${query}`, headers: googleKeyHeader(conn) }, opts, ctx);
      models.push(...asArray(pick(json, 'models')).flatMap(modelInfoOf));
      pageToken = asString(pick(json, 'nextPageToken'));
      if (!pageToken) break;
    }
    return models;
  },

  /** `models/{model}:batchEmbedContents`, one request per text in the body; Gemini reports no token count. */
  async embed(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
    const ctx = errorContextFor(conn, input.model, opts.extensionOrigin);
    const model = bareModelId(input.model);
    const taskType = googleTaskType(input);
    const json = await fetchJson(
      {
        url: `${baseUrlOf(conn, ctx)}/models/${encodeURIComponent(model)}:batchEmbedContents`,
        headers: { 'Content-Type': 'application/json', ...googleKeyHeader(conn) },
        body: JSON.stringify({ requests: input.texts.map((text) => ({ model: `models/${model}`, content: { parts: [{ text }] }, taskType })) }),
      },
      opts,
      ctx,
    );
    return { vectors: asArray(pick(json, 'embeddings')).map((entry) => vectorOf(pick(entry, 'values'), ctx)), usage: embedUsage(undefined, input.texts) };
  },
};

/** Google's task types: a search query is embedded apart from the documents it searches. */
export function googleTaskType(input: EmbedInput): 'RETRIEVAL_QUERY' | 'RETRIEVAL_DOCUMENT' {
  return input.purpose === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT';
}
