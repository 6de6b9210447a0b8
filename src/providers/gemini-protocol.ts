/** Gemini's `generateContent` body and `streamGenerateContent?alt=sse` stream, shared by Gemini and Vertex AI. */
import { AnswerTracker, type StreamContext } from '@/src/providers/answer';
import { badResponse, errorFromStreamPayload, makeError } from '@/src/providers/errors';
import { asArray, asNumber, asObject, asString, NOT_JSON, parseJson, pick } from '@/src/providers/json';
import { hasContent, partsOf } from '@/src/providers/parts';
import { safeProviderDetail } from '@/src/providers/redact';
import { sseMessages } from '@/src/providers/sse';
import { reportedUsage } from '@/src/providers/usage';
import type { ChatMessage, ChatRequest, FinishReason, StreamEvent, Usage } from '@/src/providers/types';

/**
 * `inlineData` / `mimeType`: the JSON names of the proto fields, in the camelCase this body already
 * uses (`systemInstruction`, `generationConfig`). Google's REST examples write `inline_data` /
 * `mime_type`; the API reads both spellings.
 */
type Part = { text: string } | { inlineData: { mimeType: string; data: string } };

interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

/** A message's parts: images and PDFs first, then the text, as Google's image and document guides place them. */
function partsFor(message: ChatMessage): Part[] {
  const parts: Part[] = partsOf(message).map((part) => ({ inlineData: { mimeType: part.mime, data: part.data } }));
  if (message.content !== '') parts.push({ text: message.content });
  return parts;
}

/** Consecutive messages of one role become one content with several parts; the text is untouched. */
function toContents(messages: readonly ChatMessage[]): Content[] {
  const out: Content[] = [];
  for (const message of messages) {
    if (message.role === 'system' || !hasContent(message)) continue;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts = partsFor(message);
    const last = out[out.length - 1];
    if (last !== undefined && last.role === role) last.parts.push(...parts);
    else out.push({ role, parts });
  }
  return out;
}

export function geminiBody(req: ChatRequest): string {
  const system = req.messages.filter((message) => message.role === 'system' && message.content !== '').map((message) => ({ text: message.content }));
  const generationConfig = {
    ...(req.maxTokens === undefined ? {} : { maxOutputTokens: req.maxTokens }),
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  };
  return JSON.stringify({
    contents: toContents(req.messages),
    ...(system.length > 0 ? { systemInstruction: { parts: system } } : {}),
    ...(Object.keys(generationConfig).length > 0 ? { generationConfig } : {}),
  });
}

/** Model ids are accepted with or without Google's `models/` prefix. */
export function bareModelId(model: string): string {
  return model.replace(/^models\//, '');
}

function finishReasonOf(value: string): FinishReason {
  if (value === 'STOP') return 'stop';
  if (value === 'MAX_TOKENS') return 'length';
  if (['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'].includes(value)) return 'content-filter';
  return 'other';
}

/** `usageMetadata` is cumulative on every chunk: the caller keeps the last one. Thinking is billed as output. */
export function geminiUsage(value: unknown): Usage | undefined {
  const metadata = asObject(value);
  if (metadata === undefined) return undefined;
  const thoughts = asNumber(metadata['thoughtsTokenCount']) ?? 0;
  return reportedUsage({
    inputTokens: asNumber(metadata['promptTokenCount']),
    outputTokens: (asNumber(metadata['candidatesTokenCount']) ?? 0) + thoughts,
    cachedInputTokens: asNumber(metadata['cachedContentTokenCount']),
    reasoningTokens: thoughts,
  });
}

export async function* readGeminiStream(chunks: AsyncIterable<Uint8Array>, ctx: StreamContext): AsyncGenerator<StreamEvent> {
  const answer = new AnswerTracker(ctx);
  for await (const message of sseMessages(chunks, ctx)) {
    const json = parseJson(message.data);
    if (json === NOT_JSON) throw badResponse(ctx, 200);
    if (pick(json, 'error') !== undefined) throw errorFromStreamPayload(json, ctx);
    answer.recognise();
    const usage = geminiUsage(pick(json, 'usageMetadata'));
    if (usage !== undefined) answer.setUsage(usage);
    const candidate = asArray(pick(json, 'candidates'))[0];
    const blockReason = asString(pick(json, 'promptFeedback', 'blockReason'));
    if (blockReason !== undefined && candidate === undefined) {
      const detail = safeProviderDetail(blockReason, ctx.secrets);
      throw makeError('content-blocked', ctx, detail === undefined ? {} : { detail });
    }
    for (const part of asArray(pick(candidate, 'content', 'parts'))) {
      const event = pick(part, 'thought') === true ? answer.reasoning(pick(part, 'text')) : answer.text(pick(part, 'text'));
      if (event !== undefined) yield event;
    }
    const finish = asString(pick(candidate, 'finishReason'));
    if (finish !== undefined) answer.setFinish(finishReasonOf(finish));
  }
  yield* answer.end();
}
