/**
 * A model the user downloaded into the browser (src/local-model), answering through the same chat
 * path as any provider: keyless (keyId null), nothing leaves the device, usage is the model's own
 * token counts at cost 0. The model runs in its own page (Chrome's offscreen document); this
 * adapter, in the worker, only talks to it (src/local-model/host-client.ts).
 */
import { phrase } from '@/src/shared/i18n/text';

import { AnswerTracker, streamContextFor } from '@/src/providers/answer';
import { abortedError } from '@/src/providers/errors';
import { askModelHost, modelHostSupported } from '@/src/local-model/host-client';
import type { HostErrorCode } from '@/src/local-model/host-protocol';
import { IN_BROWSER, ProviderError, type CallOptions, type ChatRequest, type Connection, type EmbedInput, type EmbedResult, type ModelInfo, type ProviderAdapter, type ProviderErrorKind, type StreamEvent } from '@/src/providers/types';

/** An answer's length when the page asks for none: small models ramble, and WebAssembly is slow. */
export const IN_BROWSER_DEFAULT_MAX_TOKENS = 1024;

/** What each of the page's failures is for the chat, and the words for the user. */
const HOST_ERRORS = {
  'not-downloaded': ['model-not-found', 'provider_inBrowserNotDownloaded'],
  damaged: ['model-not-found', 'provider_inBrowserDamaged'],
  'out-of-memory': ['context-too-long', 'provider_inBrowserOutOfMemory'],
  unsupported: ['invalid-request', 'provider_inBrowserUnsupported'],
  failed: ['server', 'provider_inBrowserFailed'],
} as const satisfies Record<HostErrorCode | 'unsupported', readonly [ProviderErrorKind, 'provider_inBrowserNotDownloaded' | 'provider_inBrowserDamaged' | 'provider_inBrowserOutOfMemory' | 'provider_inBrowserUnsupported' | 'provider_inBrowserFailed']>;

function hostError(code: HostErrorCode | 'unsupported'): ProviderError {
  const [kind, words] = HOST_ERRORS[code];
  return new ProviderError(kind, phrase(words), { provider: IN_BROWSER, retryable: false });
}

export const inBrowserAdapter: ProviderAdapter = {
  async *streamChat(conn: Connection, req: ChatRequest, opts: CallOptions): AsyncGenerator<StreamEvent> {
    const ctx = streamContextFor({ ...conn, provider: IN_BROWSER }, req, opts);
    if (!modelHostSupported()) throw hostError('unsupported');
    const answer = new AnswerTracker(ctx);
    const request = {
      type: 'generate' as const,
      model: req.model,
      messages: req.messages,
      maxTokens: req.maxTokens ?? IN_BROWSER_DEFAULT_MAX_TOKENS,
      ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
    };
    try {
      for await (const reply of askModelHost(request, opts.signal)) {
        if (reply.type === 'ready') answer.recognise();
        else if (reply.type === 'token') {
          const text = answer.text(reply.text);
          if (text !== undefined) yield text;
        } else if (reply.type === 'done') {
          answer.setUsage({ inputTokens: reply.inputTokens, outputTokens: reply.outputTokens, cachedInputTokens: 0, reasoningTokens: 0, estimated: false });
          answer.setFinish(reply.reason);
          answer.markComplete();
        } else if (reply.type === 'error') throw hostError(reply.code);
      }
    } catch (error) {
      if (opts.signal.aborted) throw abortedError(ctx);
      if (error instanceof ProviderError) throw error;
      throw hostError('failed');
    }
    if (opts.signal.aborted) throw abortedError(ctx);
    yield* answer.end();
  },

  /** What is downloaded is the options page's to list (Cache Storage); the worker does not read it. */
  async listModels(): Promise<ModelInfo[]> {
    return [];
  },

  /** An embedding model downloaded into the browser (issue 19): the model's page pools and normalises; nothing leaves the device. */
  async embed(_conn: Connection, input: EmbedInput, opts: CallOptions): Promise<EmbedResult> {
    if (!modelHostSupported()) throw hostError('unsupported');
    try {
      for await (const reply of askModelHost({ type: 'embed', model: input.model, texts: input.texts }, opts.signal)) {
        if (reply.type === 'vectors') return { vectors: reply.vectors, usage: { inputTokens: reply.inputTokens, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, estimated: false } };
        if (reply.type === 'error') throw hostError(reply.code);
      }
    } catch (error) {
      if (error instanceof ProviderError) throw error;
    }
    throw hostError('failed');
  },
};
