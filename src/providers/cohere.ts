/** Cohere v2 chat over SSE (`event: <type>`). */
import { AnswerTracker, streamContextFor, type StreamContext } from '@/src/providers/answer';
import { badResponse, errorContextFor, errorFromStreamPayload, type ErrorContext } from '@/src/providers/errors';
import { baseUrlOf, fetchJson, openStream } from '@/src/providers/http';
import { asArray, asNumber, asString, NOT_JSON, parseJson, pick } from '@/src/providers/json';
import { embedInParts, embedUsage, vectorOf } from '@/src/providers/embed';
import { bearerHeaders } from '@/src/providers/openai-chat';
import { pdfNotAccepted } from '@/src/providers/openai-chat';
import { dataUrl, partsOf } from '@/src/providers/parts';
import { sseMessages } from '@/src/providers/sse';
import { reportedUsage } from '@/src/providers/usage';
import type { CallOptions, ChatMessage, ChatRequest, Connection, EmbedInput, EmbedResult, FinishReason, ModelInfo, ProviderAdapter, StreamEvent } from '@/src/providers/types';

function rootOf(conn: Connection, ctx: ErrorContext): string {
  return baseUrlOf(conn, ctx).replace(/\/v[12]$/, '');
}

type CohereContent = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

/** Plain text, or with images a content array, text first (Cohere's image-inputs guide). Cohere reads no PDFs. */
function toCohereMessage(message: ChatMessage): { role: ChatMessage['role']; content: string | CohereContent[] } {
  const parts = partsOf(message);
  if (parts.length === 0) return { role: message.role, content: message.content };
  const content: CohereContent[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
  for (const part of parts) {
    if (part.type !== 'image') throw pdfNotAccepted('cohere');
    content.push({ type: 'image_url', image_url: { url: dataUrl(part) } });
  }
  return { role: message.role, content };
}

export function cohereBody(req: ChatRequest): string {
  return JSON.stringify({
    model: req.model,
    messages: req.messages.map(toCohereMessage),
    stream: true,
    ...(req.maxTokens === undefined ? {} : { max_tokens: req.maxTokens }),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  });
}

function finishReasonOf(value: string): FinishReason {
  if (value === 'COMPLETE' || value === 'STOP_SEQUENCE') return 'stop';
  if (value === 'MAX_TOKENS') return 'length';
  return 'other';
}

export async function* readCohereStream(chunks: AsyncIterable<Uint8Array>, ctx: StreamContext): AsyncGenerator<StreamEvent> {
  const answer = new AnswerTracker(ctx);
  for await (const message of sseMessages(chunks, ctx)) {
    const json = parseJson(message.data);
    if (json === NOT_JSON) throw badResponse(ctx, 200);
    const type = asString(pick(json, 'type')) ?? message.event;
    if (type === undefined || type === 'error') throw errorFromStreamPayload(json, ctx);
    answer.recognise();
    if (type === 'content-delta') {
      const content = pick(json, 'delta', 'message', 'content');
      const reasoning = answer.reasoning(pick(content, 'thinking'));
      if (reasoning !== undefined) yield reasoning;
      const text = answer.text(pick(content, 'text'));
      if (text !== undefined) yield text;
    } else if (type === 'message-end') {
      const delta = pick(json, 'delta');
      // billed_units are what Cohere charges; cached prompt tokens are not part of them.
      const billed = pick(delta, 'usage', 'billed_units');
      if (billed !== undefined) {
        answer.setUsage(reportedUsage({ inputTokens: asNumber(pick(billed, 'input_tokens')), outputTokens: asNumber(pick(billed, 'output_tokens')) }));
      }
      answer.setFinish(finishReasonOf(asString(pick(delta, 'finish_reason')) ?? 'COMPLETE'));
      break;
    }
  }
  yield* answer.end();
}

export const cohereAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const { chunks } = await openStream(
      {
        url: `${rootOf(conn, ctx)}/v2/chat`,
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...bearerHeaders(conn.secret.apiKey) },
        body: cohereBody(req),
      },
      opts,
      ctx,
    );
    yield* readCohereStream(chunks, ctx);
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    const ctx = errorContextFor(conn, undefined, opts.extensionOrigin);
    const json = await fetchJson({ url: `${rootOf(conn, ctx)}/v1/models?endpoint=chat&page_size=1000`, headers: bearerHeaders(conn.secret.apiKey) }, opts, ctx);
    return asArray(pick(json, 'models')).flatMap((entry): ModelInfo[] => {
      const id = asString(pick(entry, 'name'));
      if (!id) return [];
      const contextWindow = asNumber(pick(entry, 'context_length'));
      return [{ id, ...(contextWindow === undefined ? {} : { contextWindow }) }];
    });
  },

  /** `/v2/embed`, 96 texts a request at most, float vectors; `meta.billed_units.input_tokens` is what Cohere charges. */
  async embed(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
    const ctx = errorContextFor(conn, input.model, opts.extensionOrigin);
    return embedInParts(input.texts, COHERE_EMBED_TEXTS, 2, async (texts) => {
      const json = await fetchJson(
        {
          url: `${rootOf(conn, ctx)}/v2/embed`,
          headers: { 'Content-Type': 'application/json', ...bearerHeaders(conn.secret.apiKey) },
          body: JSON.stringify({ model: input.model, texts, input_type: cohereInputType(input), embedding_types: ['float'] }),
        },
        opts,
        ctx,
      );
      return { vectors: asArray(pick(json, 'embeddings', 'float')).map((vector) => vectorOf(vector, ctx)), usage: embedUsage(asNumber(pick(json, 'meta', 'billed_units', 'input_tokens')), texts) };
    });
  },
};

/** Cohere's embed endpoints (its own and on Bedrock) take at most 96 texts a request. */
export const COHERE_EMBED_TEXTS = 96;

/** Cohere embeds a search query apart from the documents it searches. */
export function cohereInputType(input: EmbedInput): 'search_query' | 'search_document' {
  return input.purpose === 'query' ? 'search_query' : 'search_document';
}
