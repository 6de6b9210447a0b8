/**
 * An ordered chain of {connection, model} targets: when one fails in a retryable way before its first
 * event, the next one is tried. The stream says which target answered, so the UI can label the reply.
 */
import { phrase, type Phrase } from '@/src/shared/i18n/text';
import { adapterFor } from '@/src/providers/registry';
import { ProviderError, type AdapterProvider, type CallOptions, type ChatRequest, type Connection, type ProviderErrorKind, type StreamEvent } from '@/src/providers/types';

export interface FallbackTarget {
  connection: Connection;
  model: string;
}

export type FallbackEvent =
  | StreamEvent
  /** Comes before the first event of the target that answers. */
  | { type: 'target'; index: number; provider: AdapterProvider; model: string }
  /** A target failed before answering and the next one is being tried. */
  /** Why the target was left: its error's phrase, or (for the few errors still built as English) its words. */
  | { type: 'fallback'; index: number; provider: AdapterProvider; model: string; kind: ProviderErrorKind; reason: Phrase };

export interface FallbackOptions {
  /** How to stream from one target; defaults to its adapter (wrap it in streamWithRetry to retry each target). */
  run?: (target: FallbackTarget, request: ChatRequest, opts: CallOptions) => AsyncIterable<StreamEvent>;
  /** Which failures move on to `next`, the target after the one that failed; defaults to the retryable ones. */
  shouldFallback?: (error: ProviderError, next: FallbackTarget) => boolean;
}

function defaultRun(target: FallbackTarget, request: ChatRequest, opts: CallOptions): AsyncIterable<StreamEvent> {
  return adapterFor(target.connection.provider).streamChat(target.connection, request, opts);
}

export async function* streamWithFallback(
  targets: readonly FallbackTarget[],
  request: Omit<ChatRequest, 'model'>,
  opts: CallOptions,
  options: FallbackOptions = {},
): AsyncGenerator<FallbackEvent> {
  if (targets.length === 0) throw new ProviderError('invalid-request', phrase('provider_noTargets'), { retryable: false });
  const run = options.run ?? defaultRun;
  const shouldFallback = options.shouldFallback ?? ((error: ProviderError) => error.retryable);
  for (const [index, target] of targets.entries()) {
    const provider = target.connection.provider;
    let answering = false;
    try {
      for await (const event of run(target, { ...request, model: target.model }, opts)) {
        if (!answering) {
          answering = true;
          yield { type: 'target', index, provider, model: target.model };
        }
        yield event;
      }
      return;
    } catch (error) {
      const next = targets[index + 1];
      if (answering || next === undefined || opts.signal.aborted || !(error instanceof ProviderError) || !shouldFallback(error, next)) throw error;
      yield { type: 'fallback', index, provider, model: target.model, kind: error.kind, reason: error.phrase };
    }
  }
}
