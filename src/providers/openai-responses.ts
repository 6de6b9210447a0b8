/**
 * OpenAI Responses API (`/responses`, SSE with `event: <type>`), for OpenAI and Azure v1 connections
 * that prefer it. Not the registry's default (Chat Completions reaches more servers); use it directly.
 */
import { AnswerTracker, streamContextFor, type StreamContext } from '@/src/providers/answer';
import { badResponse, errorFromStreamPayload } from '@/src/providers/errors';
import { baseUrlOf, openStream } from '@/src/providers/http';
import { asNumber, asString, NOT_JSON, parseJson, pick } from '@/src/providers/json';
import { bearerHeaders, openAICompatibleAdapter } from '@/src/providers/openai-chat';
import { sseMessages } from '@/src/providers/sse';
import { reportedUsage } from '@/src/providers/usage';
import type { CallOptions, ChatRequest, Connection, ProviderAdapter, StreamEvent, Usage } from '@/src/providers/types';

export function responsesBody(req: ChatRequest): string {
  return JSON.stringify({
    model: req.model,
    input: req.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    store: false,
    ...(req.maxTokens === undefined ? {} : { max_output_tokens: req.maxTokens }),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  });
}

function responsesUsage(value: unknown): Usage | undefined {
  if (value === undefined || value === null) return undefined;
  return reportedUsage({
    inputTokens: asNumber(pick(value, 'input_tokens')),
    outputTokens: asNumber(pick(value, 'output_tokens')),
    cachedInputTokens: asNumber(pick(value, 'input_tokens_details', 'cached_tokens')),
    reasoningTokens: asNumber(pick(value, 'output_tokens_details', 'reasoning_tokens')),
  });
}

export async function* readResponsesStream(chunks: AsyncIterable<Uint8Array>, ctx: StreamContext): AsyncGenerator<StreamEvent> {
  const answer = new AnswerTracker(ctx);
  for await (const message of sseMessages(chunks, ctx)) {
    if (message.data.trim() === '[DONE]') break;
    const json = parseJson(message.data);
    if (json === NOT_JSON) throw badResponse(ctx, 200);
    const type = asString(pick(json, 'type')) ?? message.event;
    if (type === 'error') throw errorFromStreamPayload(json, ctx);
    if (type === 'response.failed') throw errorFromStreamPayload(pick(json, 'response') ?? {}, ctx);
    answer.recognise();
    if (type === 'response.output_text.delta') {
      const text = answer.text(pick(json, 'delta'));
      if (text !== undefined) yield text;
    } else if (type === 'response.reasoning_summary_text.delta' || type === 'response.reasoning_text.delta') {
      const reasoning = answer.reasoning(pick(json, 'delta'));
      if (reasoning !== undefined) yield reasoning;
    } else if (type === 'response.completed' || type === 'response.incomplete') {
      const usage = responsesUsage(pick(json, 'response', 'usage'));
      if (usage !== undefined) answer.setUsage(usage);
      const reason = asString(pick(json, 'response', 'incomplete_details', 'reason'));
      answer.setFinish(type === 'response.completed' ? 'stop' : reason === 'max_output_tokens' ? 'length' : reason === 'content_filter' ? 'content-filter' : 'other');
      break;
    }
  }
  yield* answer.end();
}

export const openAIResponsesAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const { chunks } = await openStream(
      {
        url: `${baseUrlOf(conn, ctx)}/responses`,
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...bearerHeaders(conn.secret.apiKey) },
        body: responsesBody(req),
      },
      opts,
      ctx,
    );
    yield* readResponsesStream(chunks, ctx);
  },
  listModels: openAICompatibleAdapter.listModels,
};
