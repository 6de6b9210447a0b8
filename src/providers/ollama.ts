/**
 * Ollama's native `/api/chat` (NDJSON). A base URL ending in `/v1` means Ollama's OpenAI-compatible
 * endpoint instead, served by the Chat Completions adapter. Ollama answers a request from an origin it
 * does not allow (every extension, by default) with 403 and an empty body: errors.ts turns that into
 * 'origin-refused' with the OLLAMA_ORIGINS fix.
 */
import { AnswerTracker, streamContextFor, type StreamContext } from '@/src/providers/answer';
import { badResponse, errorContextFor, errorFromStreamPayload } from '@/src/providers/errors';
import { baseUrlOf, fetchJson, openStream } from '@/src/providers/http';
import { asArray, asNumber, asString, NOT_JSON, parseJson, pick } from '@/src/providers/json';
import { ndjsonLines } from '@/src/providers/ndjson';
import { embedUsage, vectorOf } from '@/src/providers/embed';
import { bearerHeaders, embedOpenAI, openAICompatibleAdapter, pdfNotAccepted } from '@/src/providers/openai-chat';
import { partsOf } from '@/src/providers/parts';
import { reportedUsage } from '@/src/providers/usage';
import type { CallOptions, ChatMessage, ChatRequest, Connection, EmbedInput, EmbedResult, ModelInfo, ProviderAdapter, StreamEvent } from '@/src/providers/types';

function speaksOpenAI(conn: Connection): boolean {
  return /\/v1\/?$/.test(conn.settings.baseUrl?.trim() ?? '');
}

/** Images go in the message's `images` list, bare base64 without a `data:` prefix (Ollama's API reference). */
function toOllamaMessage(message: ChatMessage): { role: ChatMessage['role']; content: string; images?: string[] } {
  const parts = partsOf(message);
  if (parts.length === 0) return { role: message.role, content: message.content };
  const images = parts.map((part) => {
    if (part.type !== 'image') throw pdfNotAccepted('ollama');
    return part.data;
  });
  return { role: message.role, content: message.content, images };
}

export function ollamaBody(req: ChatRequest): string {
  const options = {
    ...(req.maxTokens === undefined ? {} : { num_predict: req.maxTokens }),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  };
  return JSON.stringify({
    model: req.model,
    messages: req.messages.map(toOllamaMessage),
    stream: true,
    ...(Object.keys(options).length > 0 ? { options } : {}),
  });
}

export async function* readOllamaStream(chunks: AsyncIterable<Uint8Array>, ctx: StreamContext): AsyncGenerator<StreamEvent> {
  const answer = new AnswerTracker(ctx);
  for await (const line of ndjsonLines(chunks, ctx)) {
    const json = parseJson(line);
    if (json === NOT_JSON) throw badResponse(ctx, 200);
    if (pick(json, 'error') !== undefined) throw errorFromStreamPayload(json, ctx);
    answer.recognise();
    const reasoning = answer.reasoning(pick(json, 'message', 'thinking'));
    if (reasoning !== undefined) yield reasoning;
    const text = answer.text(pick(json, 'message', 'content'));
    if (text !== undefined) yield text;
    if (pick(json, 'done') === true) {
      const input = asNumber(pick(json, 'prompt_eval_count'));
      const output = asNumber(pick(json, 'eval_count'));
      if (input !== undefined || output !== undefined) answer.setUsage(reportedUsage({ inputTokens: input, outputTokens: output }));
      answer.setFinish(asString(pick(json, 'done_reason')) === 'length' ? 'length' : 'stop');
      break;
    }
  }
  yield* answer.end();
}

export const ollamaAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    if (speaksOpenAI(conn)) {
      yield* openAICompatibleAdapter.streamChat(conn, req, opts);
      return;
    }
    const ctx = streamContextFor(conn, req, opts);
    const { chunks } = await openStream(
      { url: `${baseUrlOf(conn, ctx)}/api/chat`, headers: { 'Content-Type': 'application/json', ...bearerHeaders(conn.secret.apiKey) }, body: ollamaBody(req) },
      opts,
      ctx,
      'ndjson',
    );
    yield* readOllamaStream(chunks, ctx);
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    if (speaksOpenAI(conn)) return openAICompatibleAdapter.listModels(conn, opts);
    const ctx = errorContextFor(conn, undefined, opts.extensionOrigin);
    const json = await fetchJson({ url: `${baseUrlOf(conn, ctx)}/api/tags`, headers: bearerHeaders(conn.secret.apiKey) }, opts, ctx);
    return asArray(pick(json, 'models')).flatMap((entry): ModelInfo[] => {
      const id = asString(pick(entry, 'model')) ?? asString(pick(entry, 'name'));
      return id ? [{ id }] : [];
    });
  },

  /** `/api/embed` with every text in `input`; `prompt_eval_count` counts their tokens. */
  async embed(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
    if (speaksOpenAI(conn)) return embedOpenAI(conn, input, opts);
    const ctx = errorContextFor(conn, input.model, opts.extensionOrigin);
    const json = await fetchJson(
      { url: `${baseUrlOf(conn, ctx)}/api/embed`, headers: { 'Content-Type': 'application/json', ...bearerHeaders(conn.secret.apiKey) }, body: JSON.stringify({ model: input.model, input: input.texts }) },
      opts,
      ctx,
    );
    return { vectors: asArray(pick(json, 'embeddings')).map((vector) => vectorOf(vector, ctx)), usage: embedUsage(asNumber(pick(json, 'prompt_eval_count')), input.texts) };
  },
};
