import type { StreamContext } from '@/src/providers/answer';
import { ProviderError, type AdapterProvider, type CallOptions, type Connection, type StreamEvent, type Usage } from '@/src/providers/types';
import type { ProviderSettings, SecretInput } from '@/src/providers/schemas';

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export function textOf(events: readonly StreamEvent[]): string {
  return events.map((event) => (event.type === 'text' ? event.text : '')).join('');
}

export function reasoningOf(events: readonly StreamEvent[]): string {
  return events.map((event) => (event.type === 'reasoning' ? event.text : '')).join('');
}

export function usageOf(events: readonly StreamEvent[]): Usage | undefined {
  const usage = events.filter((event) => event.type === 'usage');
  return usage.length === 1 && usage[0]?.type === 'usage' ? usage[0].usage : undefined;
}

export function finishOf(events: readonly StreamEvent[]): string | undefined {
  const last = events[events.length - 1];
  return last?.type === 'finish' ? last.reason : undefined;
}

/** Iterates a stream, keeping what arrived before it failed, and returns both. */
export async function drain(source: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error: ProviderError | undefined }> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of source) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    if (error instanceof ProviderError) return { events, error };
    throw error;
  }
}

export async function failureOf(work: Promise<unknown> | AsyncIterable<unknown>): Promise<ProviderError> {
  try {
    if (Symbol.asyncIterator in work) await collect(work);
    else await work;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw new Error(`expected a ProviderError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a failure, got success');
}

/** Bytes as a body stream, cut at the given offsets. */
export async function* chunksAt(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts, bytes.byteLength]) {
    if (cut > start) yield bytes.slice(start, cut);
    start = Math.max(start, cut);
  }
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function streamContext(provider: AdapterProvider, promptChars = 0, secrets: string[] = []): StreamContext {
  return { provider, secrets, promptChars, model: 'test-model' };
}

export function connection(provider: AdapterProvider, baseUrl: string | undefined, secret: SecretInput = { apiKey: 'sk-test-key-0123456789abcdef' }, settings: ProviderSettings = {}): Connection {
  return { provider, secret, settings: { ...(baseUrl === undefined ? {} : { baseUrl }), ...settings } };
}

export function callOptions(extra: Partial<CallOptions> = {}): CallOptions {
  return { signal: new AbortController().signal, ...extra };
}

export const HELLO = [{ role: 'user' as const, content: 'Hello there' }];
