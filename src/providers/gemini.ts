/** Google Gemini (AI Studio): `models/{model}:streamGenerateContent?alt=sse`, key in `x-goog-api-key`. */
import { streamContextFor } from '@/src/providers/answer';
import { errorContextFor } from '@/src/providers/errors';
import { bareModelId, geminiBody, readGeminiStream } from '@/src/providers/gemini-protocol';
import { baseUrlOf, fetchJson, openStream } from '@/src/providers/http';
import { asArray, asNumber, asString, pick } from '@/src/providers/json';
import type { CallOptions, ChatRequest, Connection, ModelInfo, ProviderAdapter, StreamEvent } from '@/src/providers/types';

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
};
