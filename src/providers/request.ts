/**
 * Checks a chat request before it leaves the extension and clamps what can be clamped. The text of
 * every message is passed through exactly as written: no trimming, escaping or rewriting.
 */
import { z } from 'zod/mini';
import { lazySchema } from '@/src/shared/lazy-schema';
import { ProviderError, type AdapterProvider, type ChatRequest } from '@/src/providers/types';
import { formatNumber } from '@/src/shared/i18n/format';
import { t } from '@/src/shared/i18n/text';

export const DEFAULT_MAX_CONTENT_CHARS = 4_000_000;
export const MAX_MESSAGES = 10_000;

const ChatRequestSchema = lazySchema(() =>
  z.strictObject({
    model: z.string().check(z.minLength(1), z.maxLength(256)),
    messages: z
      .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))
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

function invalid(message: string): ProviderError {
  return new ProviderError('invalid-request', message, { retryable: false });
}

export function prepareChatRequest(input: unknown, limits: RequestLimits): ChatRequest {
  const parsed = ChatRequestSchema.safeParse(input);
  if (!parsed.success) {
    // Only the field path is reported: the offending value could be prompt text.
    const where = parsed.error.issues[0]?.path.map(String).join('.') || 'request';
    throw invalid(t('provider_invalidChatRequest', where));
  }
  const request = parsed.data;
  if (!request.messages.some((message) => message.role === 'user' && message.content.trim() !== '')) {
    throw invalid(t('provider_nothingToSend'));
  }
  const totalChars = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  const maxChars = limits.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS;
  if (totalChars > maxChars) {
    throw new ProviderError(
      'context-too-long',
      // Answer errors are kept with the answer in the history, so they are written here, in the UI language.
      t('error_conversationTooLong', formatNumber(totalChars), formatNumber(maxChars)),
      { retryable: false },
    );
  }
  const prepared: ChatRequest = { model: request.model, messages: request.messages.map(({ role, content }) => ({ role, content })) };
  if (request.maxTokens !== undefined) {
    prepared.maxTokens = limits.maxOutputTokens === undefined ? request.maxTokens : Math.min(request.maxTokens, limits.maxOutputTokens);
  }
  if (request.temperature !== undefined) {
    const { min, max } = temperatureRange(limits.provider);
    prepared.temperature = Math.min(max, Math.max(min, request.temperature));
  }
  return prepared;
}
