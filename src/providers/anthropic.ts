/** Anthropic Messages API over SSE (`event: <type>`), called straight from the browser. */
import { AnswerTracker, streamContextFor, type StreamContext } from '@/src/providers/answer';
import { badResponse, errorContextFor, errorFromStreamPayload, type ErrorContext } from '@/src/providers/errors';
import { baseUrlOf, fetchJson, openStream } from '@/src/providers/http';
import { asArray, asNumber, asString, NOT_JSON, parseJson, pick } from '@/src/providers/json';
import { hasContent, partsOf } from '@/src/providers/parts';
import { sseMessages } from '@/src/providers/sse';
import { reportedUsage } from '@/src/providers/usage';
import type { CallOptions, ChatMessage, ChatRequest, Connection, FinishReason, ModelInfo, ProviderAdapter, StreamEvent } from '@/src/providers/types';

/** Anthropic requires `max_tokens`; 4096 is the largest value every Claude model accepts. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

interface TextBlock {
  type: 'text';
  text: string;
}

type ContentBlock =
  | TextBlock
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } }
  | { type: 'document'; source: { type: 'base64'; media_type: 'application/pdf'; data: string } };

/** A message's blocks: images and documents first, then the text, as Anthropic's vision and PDF guides place them. */
function blocksOf(message: ChatMessage): ContentBlock[] {
  const blocks: ContentBlock[] = partsOf(message).map((part): ContentBlock =>
    part.type === 'image'
      ? { type: 'image', source: { type: 'base64', media_type: part.mime, data: part.data } }
      : { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: part.data } },
  );
  if (message.content !== '') blocks.push({ type: 'text', text: message.content });
  return blocks;
}

function anthropicHeaders(conn: Connection): Record<string, string> {
  return {
    'x-api-key': conn.secret.apiKey?.trim() ?? '',
    'anthropic-version': '2023-06-01',
    // Without it Anthropic answers any request carrying a browser Origin with 401.
    'anthropic-dangerous-direct-browser-access': 'true',
  };
}

function rootOf(conn: Connection, ctx: ErrorContext): string {
  return baseUrlOf(conn, ctx).replace(/\/v1$/, '');
}

/** Consecutive messages of one role become one message with several blocks; the text is untouched. */
function toAnthropicMessages(messages: readonly ChatMessage[]): { role: 'user' | 'assistant'; content: ContentBlock[] }[] {
  const out: { role: 'user' | 'assistant'; content: ContentBlock[] }[] = [];
  for (const message of messages) {
    if (message.role === 'system' || !hasContent(message)) continue;
    const blocks = blocksOf(message);
    const last = out[out.length - 1];
    if (last !== undefined && last.role === message.role) last.content.push(...blocks);
    else out.push({ role: message.role, content: blocks });
  }
  return out;
}

export function anthropicBody(req: ChatRequest): string {
  const system: TextBlock[] = req.messages
    .filter((message) => message.role === 'system' && message.content !== '')
    .map((message) => ({ type: 'text', text: message.content }));
  return JSON.stringify({
    model: req.model,
    max_tokens: req.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    ...(system.length > 0 ? { system } : {}),
    messages: toAnthropicMessages(req.messages),
    stream: true,
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  });
}

function finishReasonOf(value: string): FinishReason {
  if (value === 'end_turn' || value === 'stop_sequence') return 'stop';
  if (value === 'max_tokens' || value === 'model_context_window_exceeded') return 'length';
  if (value === 'refusal') return 'content-filter';
  return 'other';
}

export async function* readAnthropicStream(chunks: AsyncIterable<Uint8Array>, ctx: StreamContext): AsyncGenerator<StreamEvent> {
  const answer = new AnswerTracker(ctx);
  let input = 0;
  let cacheRead = 0;
  let cacheWrite = 0;
  let output = 0;
  let sawUsage = false;
  for await (const message of sseMessages(chunks, ctx)) {
    const json = parseJson(message.data);
    if (json === NOT_JSON) throw badResponse(ctx, 200);
    const type = asString(pick(json, 'type')) ?? message.event;
    if (type === 'error' || message.event === 'error') throw errorFromStreamPayload(json, ctx);
    answer.recognise();
    const usage = type === 'message_start' ? pick(json, 'message', 'usage') : pick(json, 'usage');
    if (usage !== undefined) {
      // message_delta repeats the counts so far; the last value of each is the total.
      sawUsage = true;
      input = asNumber(pick(usage, 'input_tokens')) ?? input;
      cacheRead = asNumber(pick(usage, 'cache_read_input_tokens')) ?? cacheRead;
      cacheWrite = asNumber(pick(usage, 'cache_creation_input_tokens')) ?? cacheWrite;
      output = asNumber(pick(usage, 'output_tokens')) ?? output;
    }
    if (type === 'content_block_delta') {
      const delta = pick(json, 'delta');
      const event = pick(delta, 'type') === 'thinking_delta' ? answer.reasoning(pick(delta, 'thinking')) : answer.text(pick(delta, 'text'));
      if (event !== undefined) yield event;
    } else if (type === 'message_delta') {
      const stop = asString(pick(json, 'delta', 'stop_reason'));
      if (stop !== undefined) answer.setFinish(finishReasonOf(stop));
    } else if (type === 'message_stop') {
      answer.markComplete();
      break;
    }
  }
  if (sawUsage) {
    answer.setUsage(reportedUsage({ inputTokens: input + cacheRead + cacheWrite, outputTokens: output, cachedInputTokens: cacheRead }));
  }
  yield* answer.end();
}

export const anthropicAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor(conn, req, opts);
    const { chunks } = await openStream(
      {
        url: `${rootOf(conn, ctx)}/v1/messages`,
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...anthropicHeaders(conn) },
        body: anthropicBody(req),
      },
      opts,
      ctx,
    );
    yield* readAnthropicStream(chunks, ctx);
  },

  async listModels(conn: Connection, opts: CallOptions): Promise<ModelInfo[]> {
    const ctx = errorContextFor(conn, undefined, opts.extensionOrigin);
    const json = await fetchJson({ url: `${rootOf(conn, ctx)}/v1/models?limit=1000`, headers: anthropicHeaders(conn) }, opts, ctx);
    return asArray(pick(json, 'data')).flatMap((entry): ModelInfo[] => {
      const id = asString(pick(entry, 'id'));
      if (!id) return [];
      const displayName = asString(pick(entry, 'display_name'));
      return [{ id, ...(displayName === undefined ? {} : { displayName }) }];
    });
  },
};
