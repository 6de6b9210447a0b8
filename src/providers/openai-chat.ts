/**
 * OpenAI Chat Completions over SSE, the protocol most providers and every local server speak:
 * OpenAI, Mistral, Groq, OpenRouter, LM Studio, vLLM, llama.cpp, TGI, TensorRT-LLM, MLX, Ollama's
 * `/v1`, custom servers. Azure reuses the body and the parser with its own URL and header.
 */
import { AnswerTracker, streamContextFor, type StreamContext } from '@/src/providers/answer';
import { errorContextFor, errorFromStreamPayload, badResponse, type ErrorContext } from '@/src/providers/errors';
import { baseUrlOf, fetchJson, openStream, type HttpCall } from '@/src/providers/http';
import { asArray, asNumber, asObject, asString, NOT_JSON, parseJson, pick } from '@/src/providers/json';
import { dataUrl, partsOf } from '@/src/providers/parts';
import { sseMessages } from '@/src/providers/sse';
import { reportedUsage } from '@/src/providers/usage';
import { embedUsage, vectorOf } from '@/src/providers/embed';
import { phrase } from '@/src/shared/i18n/text';
import { providerName } from '@/src/providers/errors';
import { ProviderError, type AdapterProvider, type CallOptions, type ChatMessage, type ChatRequest, type Connection, type EmbedInput, type EmbedResult, type FinishReason, type ModelInfo, type ProviderAdapter, type StreamEvent, type Usage } from '@/src/providers/types';

export interface OpenAIChatDialect {
  /** OpenAI only reports usage in a stream when asked; Mistral reports it anyway and may reject the field. */
  includeUsage: boolean;
  /** OpenAI's reasoning models refuse `max_tokens`; most compatible servers only know `max_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Azure's deployment URLs name the model already. */
  sendModel: boolean;
  /**
   * How an image part's data URL is written: OpenAI's reference takes `image_url: {url}`; Mistral's
   * vision guide writes `image_url: "<data URL>"` (its API takes both; we send what it documents).
   */
  imageUrl: 'object' | 'string';
  /** OpenAI (and Azure OpenAI) read PDFs as `file` parts; the other servers of this protocol do not. */
  pdfFiles: boolean;
  /** Who the server is, for the message when a PDF cannot be sent to it. */
  provider: AdapterProvider;
}

export function dialectFor(provider: AdapterProvider): OpenAIChatDialect {
  return {
    includeUsage: provider !== 'mistral',
    maxTokensField: provider === 'openai' || provider === 'azure-openai' ? 'max_completion_tokens' : 'max_tokens',
    sendModel: true,
    imageUrl: provider === 'mistral' ? 'string' : 'object',
    pdfFiles: provider === 'openai' || provider === 'azure-openai',
    provider,
  };
}

type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } | string }
  | { type: 'file'; file: { filename: string; file_data: string } };

/** A PDF part for a server that cannot read one: refused before anything is sent (delivery.ts should have sent its text). */
export function pdfNotAccepted(provider: AdapterProvider): ProviderError {
  return new ProviderError('invalid-request', phrase('provider_pdfNotAccepted', providerName(provider)), { provider, retryable: false });
}

/** A message as Chat Completions takes it: plain `content` text, or, with parts, a content array (text first, as OpenAI's examples). */
function toOpenAIMessage(message: ChatMessage, dialect: OpenAIChatDialect): { role: ChatMessage['role']; content: string | OpenAIContentPart[] } {
  const parts = partsOf(message);
  if (parts.length === 0) return { role: message.role, content: message.content };
  const content: OpenAIContentPart[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
  for (const part of parts) {
    if (part.type === 'image') {
      const url = dataUrl(part);
      content.push({ type: 'image_url', image_url: dialect.imageUrl === 'string' ? url : { url } });
    } else {
      if (!dialect.pdfFiles) throw pdfNotAccepted(dialect.provider);
      content.push({ type: 'file', file: { filename: part.name, file_data: dataUrl(part) } });
    }
  }
  return { role: message.role, content };
}

export function openAIChatBody(req: ChatRequest, dialect: OpenAIChatDialect): string {
  return JSON.stringify({
    ...(dialect.sendModel ? { model: req.model } : {}),
    messages: req.messages.map((message) => toOpenAIMessage(message, dialect)),
    stream: true,
    ...(dialect.includeUsage ? { stream_options: { include_usage: true } } : {}),
    ...(req.maxTokens === undefined ? {} : { [dialect.maxTokensField]: req.maxTokens }),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  });
}

export function bearerHeaders(apiKey: string | undefined): Record<string, string> {
  const key = apiKey?.trim();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

export function openAIUsage(value: unknown): Usage | undefined {
  const usage = asObject(value);
  if (usage === undefined) return undefined;
  return reportedUsage({
    inputTokens: asNumber(usage['prompt_tokens']),
    outputTokens: asNumber(usage['completion_tokens']),
    cachedInputTokens: asNumber(pick(usage, 'prompt_tokens_details', 'cached_tokens')),
    reasoningTokens: asNumber(pick(usage, 'completion_tokens_details', 'reasoning_tokens')),
  });
}

function finishReasonOf(value: string): FinishReason {
  if (value === 'stop') return 'stop';
  if (value === 'length') return 'length';
  if (value === 'content_filter') return 'content-filter';
  return 'other';
}

/** Body bytes of a Chat Completions stream → answer events. */
export async function* readOpenAIChatStream(chunks: AsyncIterable<Uint8Array>, ctx: StreamContext): AsyncGenerator<StreamEvent> {
  const answer = new AnswerTracker(ctx);
  for await (const message of sseMessages(chunks, ctx)) {
    const data = message.data.trim();
    if (data === '') continue;
    if (data === '[DONE]') {
      answer.markComplete();
      break;
    }
    const json = parseJson(data);
    if (json === NOT_JSON) throw badResponse(ctx, 200);
    if (pick(json, 'error') !== undefined && pick(json, 'error') !== null) throw errorFromStreamPayload(json, ctx);
    answer.recognise();
    const usage = openAIUsage(pick(json, 'usage')) ?? openAIUsage(pick(json, 'x_groq', 'usage'));
    if (usage !== undefined) answer.setUsage(usage);
    // Azure opens with `choices: []` + prompt_filter_results; the usage chunk has `choices: []` too.
    const choice = asArray(pick(json, 'choices'))[0];
    const delta = pick(choice, 'delta');
    const reasoning = answer.reasoning(pick(delta, 'reasoning_content') ?? pick(delta, 'reasoning'));
    if (reasoning !== undefined) yield reasoning;
    const text = answer.text(pick(delta, 'content'));
    if (text !== undefined) yield text;
    const finish = asString(pick(choice, 'finish_reason'));
    if (finish !== undefined) answer.setFinish(finishReasonOf(finish));
  }
  yield* answer.end();
}

export async function* streamOpenAIChatCall(call: HttpCall, ctx: StreamContext, opts: CallOptions): AsyncGenerator<StreamEvent> {
  const { chunks } = await openStream(call, opts, ctx);
  yield* readOpenAIChatStream(chunks, ctx);
}

export function modelsFromOpenAIList(json: unknown): ModelInfo[] {
  const models: ModelInfo[] = [];
  for (const entry of asArray(pick(json, 'data'))) {
    const id = asString(pick(entry, 'id'));
    if (id === undefined || id === '') continue;
    const displayName = asString(pick(entry, 'name'));
    const contextWindow = asNumber(pick(entry, 'context_length')) ?? asNumber(pick(entry, 'max_model_len'));
    models.push({ id, ...(displayName === undefined ? {} : { displayName }), ...(contextWindow === undefined ? {} : { contextWindow }) });
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}

/** An embeddings answer (`data[].embedding`, `usage.prompt_tokens`), in the order of the texts sent. */
export function vectorsFromEmbeddingResponse(json: unknown, ctx: ErrorContext, texts: readonly string[]): EmbedResult {
  const rows = asArray(pick(json, 'data'))
    .map((row) => ({ index: asNumber(pick(row, 'index')) ?? 0, vector: vectorOf(pick(row, 'embedding'), ctx) }))
    .sort((a, b) => a.index - b.index);
  return { vectors: rows.map((row) => row.vector), usage: embedUsage(asNumber(pick(json, 'usage', 'prompt_tokens')), texts) };
}

/** The embeddings request body. Floats are every server's default; Mistral is not sent `encoding_format`, as it is not sent `stream_options` in chats. */
export function openAIEmbeddingBody(input: EmbedInput, provider: AdapterProvider, sendModel = true): string {
  return JSON.stringify({ ...(sendModel ? { model: input.model } : {}), input: input.texts, ...(provider === 'mistral' ? {} : { encoding_format: 'float' }) });
}

/** `POST {base}/embeddings`: OpenAI, Mistral and every server of this protocol. */
export async function embedOpenAI(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
  const ctx = errorContextFor(conn, input.model, opts.extensionOrigin);
  const json = await fetchJson(
    {
      url: `${baseUrlOf(conn, ctx)}/embeddings`,
      headers: { 'Content-Type': 'application/json', ...bearerHeaders(conn.secret.apiKey) },
      body: openAIEmbeddingBody(input, conn.provider),
    },
    opts,
    ctx,
  );
  return vectorsFromEmbeddingResponse(json, ctx, input.texts);
}

export const openAICompatibleAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const call: HttpCall = {
      url: `${baseUrlOf(conn, ctx)}/chat/completions`,
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...bearerHeaders(conn.secret.apiKey) },
      body: openAIChatBody(req, dialectFor(conn.provider)),
    };
    yield* streamOpenAIChatCall(call, ctx, opts);
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    const ctx = errorContextFor(conn, undefined, opts.extensionOrigin);
    const json = await fetchJson({ url: `${baseUrlOf(conn, ctx)}/models`, headers: bearerHeaders(conn.secret.apiKey) }, opts, ctx);
    return modelsFromOpenAIList(json);
  },

  embed: embedOpenAI,
};
