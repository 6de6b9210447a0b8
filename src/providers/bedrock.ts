import { phrase, type Phrase } from '@/src/shared/i18n/text';
/**
 * AWS Bedrock ConverseStream: binary event-stream frames, signed with SigV4 (access keys) or sent
 * with a Bedrock API key as a bearer token.
 */
import { AwsClient } from 'aws4fetch';
import { AnswerTracker, streamContextFor, type StreamContext } from '@/src/providers/answer';
import { badResponse, errorContextFor, errorFromStreamPayload, type ErrorContext } from '@/src/providers/errors';
import { eventStreamFrames } from '@/src/providers/eventstream';
import { AWS_REGION_PATTERN, bedrockOrigin } from '@/src/providers/hosts';
import { fetchJson, openStream, type HttpCall } from '@/src/providers/http';
import { asArray, asNumber, asString, NOT_JSON, parseJson, pick } from '@/src/providers/json';
import { bedrockDocumentName, bedrockImageFormat, hasContent, partsOf } from '@/src/providers/parts';
import { reportedUsage } from '@/src/providers/usage';
import { embedInParts, embedUsage, vectorOf } from '@/src/providers/embed';
import { COHERE_EMBED_TEXTS, cohereInputType } from '@/src/providers/cohere';
import { ProviderError, type CallOptions, type ChatMessage, type ChatRequest, type Connection, type EmbedInput, type EmbedResult, type FinishReason, type ModelInfo, type ProviderAdapter, type StreamEvent } from '@/src/providers/types';

/** Converse content blocks; `bytes` is base64, as the REST API carries a blob. */
type ConverseBlock =
  | { text: string }
  | { image: { format: 'png' | 'jpeg' | 'gif' | 'webp'; source: { bytes: string } } }
  | { document: { format: 'pdf'; name: string; source: { bytes: string } } };

interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseBlock[];
}

function invalidSetting(ctx: ErrorContext, message: Phrase): ProviderError {
  return new ProviderError('invalid-request', message, { provider: ctx.provider, retryable: false });
}

function regionOf(conn: Connection, ctx: ErrorContext): string {
  const region = conn.settings.region?.trim() ?? '';
  if (!AWS_REGION_PATTERN.test(region)) throw invalidSetting(ctx, phrase('provider_bedrockNeedsRegion'));
  return region;
}

/** `plane` is `bedrock-runtime` for chats, `bedrock` for listing models. A base URL setting replaces both. */
function endpointOf(conn: Connection, ctx: ErrorContext, plane: 'bedrock-runtime' | 'bedrock'): string {
  const configured = conn.settings.baseUrl?.trim().replace(/\/+$/, '');
  if (configured) return configured;
  const origin = bedrockOrigin(plane, regionOf(conn, ctx));
  if (origin === undefined) throw invalidSetting(ctx, phrase('provider_bedrockNeedsRegion'));
  return origin;
}

/**
 * A message's blocks: the text first, then images and documents, as the Converse examples place them.
 * Converse refuses a message with a document and no text block (Message, Bedrock API reference): a
 * document sent without words gets its name as the text, the only words the user gave it.
 */
function blocksOf(message: ChatMessage, names: Set<string>): ConverseBlock[] {
  const blocks: ConverseBlock[] = message.content === '' ? [] : [{ text: message.content }];
  const documents: string[] = [];
  for (const part of partsOf(message)) {
    if (part.type === 'image') {
      blocks.push({ image: { format: bedrockImageFormat(part.mime), source: { bytes: part.data } } });
    } else {
      const name = bedrockDocumentName(part.name, names);
      names.add(name);
      documents.push(part.name);
      blocks.push({ document: { format: 'pdf', name, source: { bytes: part.data } } });
    }
  }
  if (message.content === '' && documents.length > 0) blocks.unshift({ text: documents.join('\n') });
  return blocks;
}

/** Consecutive messages of one role become one message with several blocks; the text is untouched. */
function toConverseMessages(messages: readonly ChatMessage[]): ConverseMessage[] {
  const out: ConverseMessage[] = [];
  const names = new Set<string>();
  for (const message of messages) {
    if (message.role === 'system' || !hasContent(message)) continue;
    const blocks = blocksOf(message, names);
    const last = out[out.length - 1];
    if (last !== undefined && last.role === message.role) last.content.push(...blocks);
    else out.push({ role: message.role, content: blocks });
  }
  return out;
}

export function converseBody(req: ChatRequest): string {
  const system = req.messages.filter((message) => message.role === 'system' && message.content !== '').map((message) => ({ text: message.content }));
  const inferenceConfig = {
    ...(req.maxTokens === undefined ? {} : { maxTokens: req.maxTokens }),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  };
  return JSON.stringify({
    messages: toConverseMessages(req.messages),
    ...(system.length > 0 ? { system } : {}),
    ...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
  });
}

/** Adds the auth headers: a bearer API key, or a SigV4 signature over the exact body sent. */
async function authorise(conn: Connection, call: HttpCall, ctx: ErrorContext): Promise<HttpCall> {
  if (conn.settings.bedrockAuth === 'api-key') {
    return { ...call, headers: { ...call.headers, Authorization: `Bearer ${conn.secret.apiKey?.trim() ?? ''}` } };
  }
  const accessKeyId = conn.secret.accessKeyId?.trim();
  const secretAccessKey = conn.secret.secretAccessKey?.trim();
  if (!accessKeyId || !secretAccessKey) {
    throw invalidSetting(ctx, phrase('provider_bedrockNeedsCredentials'));
  }
  const sessionToken = conn.secret.sessionToken?.trim();
  const client = new AwsClient({ accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), service: 'bedrock', region: regionOf(conn, ctx) });
  const init: RequestInit = { method: call.method ?? (call.body === undefined ? 'GET' : 'POST') };
  if (call.headers !== undefined) init.headers = call.headers;
  if (call.body !== undefined) init.body = call.body;
  const signed = await client.sign(call.url, init);
  const headers: Record<string, string> = {};
  signed.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { ...call, headers };
}

function finishReasonOf(value: string): FinishReason {
  if (value === 'end_turn' || value === 'stop_sequence') return 'stop';
  if (value === 'max_tokens' || value === 'model_context_window_exceeded') return 'length';
  if (value === 'guardrail_intervened' || value === 'content_filtered') return 'content-filter';
  return 'other';
}

export async function* readConverseStream(chunks: AsyncIterable<Uint8Array>, ctx: StreamContext): AsyncGenerator<StreamEvent> {
  const answer = new AnswerTracker(ctx);
  const decoder = new TextDecoder();
  for await (const frame of eventStreamFrames(chunks, () => badResponse(ctx, 200))) {
    const messageType = frame.headers[':message-type'];
    if (messageType === 'error') {
      throw errorFromStreamPayload({ message: frame.headers[':error-message'] ?? '' }, ctx, [frame.headers[':error-code'] ?? '']);
    }
    const json = parseJson(decoder.decode(frame.body));
    if (json === NOT_JSON) throw badResponse(ctx, 200);
    if (messageType === 'exception') throw errorFromStreamPayload(json, ctx, [frame.headers[':exception-type'] ?? '']);
    answer.recognise();
    const eventType = frame.headers[':event-type'];
    if (eventType === 'contentBlockDelta') {
      const delta = pick(json, 'delta');
      const reasoning = answer.reasoning(pick(delta, 'reasoningContent', 'text'));
      if (reasoning !== undefined) yield reasoning;
      const text = answer.text(pick(delta, 'text'));
      if (text !== undefined) yield text;
    } else if (eventType === 'messageStop') {
      answer.setFinish(finishReasonOf(asString(pick(json, 'stopReason')) ?? 'end_turn'));
    } else if (eventType === 'metadata') {
      const usage = pick(json, 'usage');
      // Bedrock's inputTokens leaves out the tokens read from and written to the prompt cache.
      const cacheRead = asNumber(pick(usage, 'cacheReadInputTokens')) ?? 0;
      const cacheWrite = asNumber(pick(usage, 'cacheWriteInputTokens')) ?? 0;
      answer.setUsage(
        reportedUsage({
          inputTokens: (asNumber(pick(usage, 'inputTokens')) ?? 0) + cacheRead + cacheWrite,
          outputTokens: asNumber(pick(usage, 'outputTokens')),
          cachedInputTokens: cacheRead,
        }),
      );
    }
  }
  yield* answer.end();
}

export const bedrockAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const call = await authorise(
      conn,
      {
        url: `${endpointOf(conn, ctx, 'bedrock-runtime')}/model/${encodeURIComponent(req.model)}/converse-stream`,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/vnd.amazon.eventstream' },
        body: converseBody(req),
      },
      ctx,
    );
    const { chunks } = await openStream(call, opts, ctx, 'eventstream');
    yield* readConverseStream(chunks, ctx);
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    const ctx = errorContextFor(conn, undefined, opts.extensionOrigin);
    const call = await authorise(conn, { url: `${endpointOf(conn, ctx, 'bedrock')}/foundation-models?byOutputModality=TEXT`, method: 'GET' }, ctx);
    const json = await fetchJson(call, opts, ctx);
    return asArray(pick(json, 'modelSummaries')).flatMap((entry): ModelInfo[] => {
      const id = asString(pick(entry, 'modelId'));
      if (!id || pick(entry, 'responseStreamingSupported') === false) return [];
      const displayName = asString(pick(entry, 'modelName'));
      return [{ id, ...(displayName === undefined ? {} : { displayName }) }];
    });
  },

  /**
   * InvokeModel with each model family's own body: Cohere Embed takes up to 96 texts a request
   * (its answer counts no tokens, so they are estimated); Titan Text Embeddings one text, four
   * requests at a time, normalised by Bedrock and counted (`inputTextTokenCount`).
   */
  async embed(conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
    const ctx = errorContextFor(conn, input.model, opts.extensionOrigin);
    const url = `${endpointOf(conn, ctx, 'bedrock-runtime')}/model/${encodeURIComponent(input.model)}/invoke`;
    const invoke = async (body: unknown) =>
      fetchJson(await authorise(conn, { url, method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }, ctx), opts, ctx);
    if (/cohere\.embed/.test(input.model)) {
      return embedInParts(input.texts, COHERE_EMBED_TEXTS, 2, async (texts) => {
        const json = await invoke({ texts, input_type: cohereInputType(input) });
        // v3 answers `embeddings: [[…]]`; asked for types, or v4, `embeddings: {float: [[…]]}`.
        const embeddings = pick(json, 'embeddings');
        return { vectors: asArray(pick(embeddings, 'float') ?? embeddings).map((vector) => vectorOf(vector, ctx)), usage: embedUsage(undefined, texts) };
      });
    }
    return embedInParts(input.texts, 1, 4, async ([inputText = '']) => {
      const json = await invoke({ inputText, normalize: true });
      return { vectors: [vectorOf(pick(json, 'embedding'), ctx)], usage: embedUsage(asNumber(pick(json, 'inputTextTokenCount')), [inputText]) };
    });
  },
};
