/**
 * Checks a chat request before it leaves the extension and clamps what can be clamped. The text of
 * every message is passed through exactly as written: no trimming, escaping or rewriting.
 */
import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { ATTACHMENT_LIMITS, IMAGE_TYPES } from '@/src/attachments/types';
import { ProviderError, type AdapterProvider, type ChatRequest } from '@/src/providers/types';
import { formatNumber } from '@/src/shared/i18n/format';
import { phrase, type Phrase } from '@/src/shared/i18n/text';

export const DEFAULT_MAX_CONTENT_CHARS = 4_000_000;
export const MAX_MESSAGES = 10_000;
/** Parts of one message: every attachment a scanned PDF whose pages all go as images. */
export const MAX_PARTS_PER_MESSAGE = ATTACHMENT_LIMITS.perMessage * ATTACHMENT_LIMITS.maxScannedPages;
/** Base64 characters of one part: a native PDF at its limit, with base64's 4/3 growth. */
export const MAX_PART_CHARS = Math.ceil((ATTACHMENT_LIMITS.maxNativePdfBytes * 4) / 3) + 4;
/** Base64 characters of all parts of a request together (about 72 MB of bytes: no provider takes more inline). */
export const MAX_TOTAL_PART_CHARS = 96 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const ContentPartSchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('image'),
      mime: z.enum(IMAGE_TYPES),
      data: z.string().check(z.minLength(4), z.maxLength(MAX_PART_CHARS), z.regex(BASE64)),
      width: z.optional(z.int().check(z.gte(1))),
      height: z.optional(z.int().check(z.gte(1))),
    }),
    z.strictObject({
      type: z.literal('document'),
      mime: z.literal('application/pdf'),
      data: z.string().check(z.minLength(4), z.maxLength(MAX_PART_CHARS), z.regex(BASE64)),
      name: z.string().check(z.minLength(1), z.maxLength(260)),
    }),
  ]),
);

const ChatRequestSchema = lazySchema(() =>
  z.strictObject({
    model: z.string().check(z.minLength(1), z.maxLength(256)),
    messages: z
      .array(
        z.strictObject({
          role: z.enum(['system', 'user', 'assistant']),
          content: z.string(),
          parts: z.optional(z.array(ContentPartSchema).check(z.maxLength(MAX_PARTS_PER_MESSAGE))),
        }),
      )
      .check(z.minLength(1), z.maxLength(MAX_MESSAGES)),
    maxTokens: z.optional(z.int().check(z.gte(1))),
    temperature: z.optional(z.number()),
  }),
);

export interface RequestLimits {
  provider: AdapterProvider;
  /** The model's output limit, when the catalog knows it. */
  maxOutputTokens?: number;
  /** Upper bound on the characters of all messages together. */
  maxContentChars?: number;
}

/** Anthropic (and Claude on Bedrock) accept 0–1; the others 0–2. */
export function temperatureRange(provider: AdapterProvider): { min: number; max: number } {
  return provider === 'anthropic' || provider === 'bedrock' ? { min: 0, max: 1 } : { min: 0, max: 2 };
}

function invalid(message: Phrase): ProviderError {
  return new ProviderError('invalid-request', message, { retryable: false });
}

export function prepareChatRequest(input: unknown, limits: RequestLimits): ChatRequest {
  const parsed = ChatRequestSchema.safeParse(input);
  if (!parsed.success) {
    // Only the field path is reported: the offending value could be prompt text.
    const where = parsed.error.issues[0]?.path.map(String).join('.') || 'request';
    throw invalid(phrase('provider_invalidChatRequest', where));
  }
  const request = parsed.data;
  // Only the user attaches files; a part anywhere else is a bug upstream, never sent.
  const misplaced = request.messages.findIndex((message) => message.role !== 'user' && message.parts !== undefined);
  if (misplaced >= 0) throw invalid(phrase('provider_invalidChatRequest', `messages.${String(misplaced)}.parts`));
  const hasParts = (message: { parts?: unknown[] }): boolean => (message.parts?.length ?? 0) > 0;
  if (!request.messages.some((message) => message.role === 'user' && (message.content.trim() !== '' || hasParts(message)))) {
    throw invalid(phrase('provider_nothingToSend'));
  }
  const totalChars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  const maxChars = limits.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS;
  if (totalChars > maxChars) {
    throw new ProviderError(
      'context-too-long',
      // Kept with the answer in the history as a phrase; the page renders it.
      phrase('error_conversationTooLong', formatNumber(totalChars), formatNumber(maxChars)),
      { retryable: false },
    );
  }
  const partChars = request.messages.reduce((sum, message) => sum + (message.parts ?? []).reduce((chars, part) => chars + part.data.length, 0), 0);
  if (partChars > MAX_TOTAL_PART_CHARS) {
    throw invalid(phrase('provider_attachmentsTooLarge', formatNumber(Math.ceil((partChars * 3) / 4 / 1024 / 1024)), formatNumber(Math.floor((MAX_TOTAL_PART_CHARS * 3) / 4 / 1024 / 1024))));
  }
  const prepared: ChatRequest = {
    model: request.model,
    // The strict schemas let only the documented fields of a part through.
    messages: request.messages.map(({ role, content, parts }) => (parts === undefined || parts.length === 0 ? { role, content } : { role, content, parts })),
  };
  if (request.maxTokens !== undefined) {
    prepared.maxTokens = limits.maxOutputTokens === undefined ? request.maxTokens : Math.min(request.maxTokens, limits.maxOutputTokens);
  }
  if (request.temperature !== undefined) {
    const { min, max } = temperatureRange(limits.provider);
    prepared.temperature = Math.min(max, Math.max(min, request.temperature));
  }
  return prepared;
}
