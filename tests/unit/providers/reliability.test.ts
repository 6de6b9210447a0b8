import { phrase } from '@/src/shared/i18n/text';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createServer } from 'node:http';
import { streamWithFallback, type FallbackEvent, type FallbackTarget } from '@/src/providers/fallback';
import { RequestRateLimiter } from '@/src/providers/rate-limit';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, streamWithRetry, type RetryNotice } from '@/src/providers/retry';
import { ProviderError, type ProviderErrorKind, type StreamEvent } from '@/src/providers/types';
import { startMockProvider } from '@/tests/mock-provider/server';
import { callOptions, collect, connection, failureOf, HELLO, textOf } from './helpers';

const fail = (kind: ProviderErrorKind, retryAfterMs?: number): ProviderError => new ProviderError(kind, phrase('error_field_apiKey'), retryAfterMs === undefined ? {} : { retryAfterMs });

const ANSWER: StreamEvent[] = [
  { type: 'text', text: 'hi' },
  { type: 'usage', usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0, estimated: false } },
  { type: 'finish', reason: 'stop' },
];

/** A stream factory that fails with the given errors in turn (optionally after some events), then answers. */
function scripted(failures: { error: ProviderError; after?: StreamEvent[] }[]): { start: () => AsyncIterable<StreamEvent>; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    start: () => {
      const failure = failures[calls];
      calls += 1;
      return (async function* () {
        if (failure === undefined) {
          yield* ANSWER;
          return;
        }
        yield* failure.after ?? [];
        throw failure.error;
      })();
    },
  };
}

describe('retry with full-jitter backoff', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('backoff grows exponentially, is capped, and honours retryAfterMs', () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(backoffDelayMs(1, fail('server'), policy, () => 0.999)).toBe(999);
    expect(backoffDelayMs(3, fail('server'), policy, () => 0.5)).toBe(2000);
    expect(backoffDelayMs(10, fail('server'), policy, () => 0.999)).toBe(19980);
    expect(backoffDelayMs(1, fail('rate-limited', 5000), policy, () => 0.999)).toBe(5000);
    expect(backoffDelayMs(1, fail('server'), policy, () => 0)).toBe(0);
  });

  test('retries a rate limit after the delay the provider asked for, then streams', async () => {
    const script = scripted([{ error: fail('rate-limited', 5000) }]);
    const notices: RetryNotice[] = [];
    const done = collect(streamWithRetry(script.start, new AbortController().signal, DEFAULT_RETRY_POLICY, { random: () => 0.5, onRetry: (notice) => notices.push(notice) }));
    await vi.advanceTimersByTimeAsync(4999);
    expect(script.calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toEqual(ANSWER);
    expect(script.calls()).toBe(2);
    expect(notices.map((notice) => [notice.attempt, notice.delayMs, notice.error.kind])).toEqual([[1, 5000, 'rate-limited']]);
  });

  test('stops after maxAttempts and throws the last error', async () => {
    const script = scripted([{ error: fail('server') }, { error: fail('overloaded') }, { error: fail('network') }, { error: fail('server') }]);
    const done = failureOf(streamWithRetry(script.start, new AbortController().signal, { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, { random: () => 1 }));
    await vi.advanceTimersByTimeAsync(1000 + 2000);
    const error = await done;
    expect(error.kind).toBe('network');
    expect(script.calls()).toBe(3);
  });

  test.each<ProviderErrorKind>(['key-rejected', 'quota-exhausted', 'context-too-long', 'model-not-found', 'timeout', 'aborted'])('does not retry %s', async (kind) => {
    const script = scripted([{ error: fail(kind) }]);
    const error = await failureOf(streamWithRetry(script.start, new AbortController().signal));
    expect(error.kind).toBe(kind);
    expect(script.calls()).toBe(1);
  });

  test('never retries once an event reached the caller', async () => {
    const script = scripted([{ error: fail('network'), after: [{ type: 'text', text: 'partial' }] }]);
    const seen: StreamEvent[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of streamWithRetry(script.start, new AbortController().signal)) seen.push(event);
      })(),
    );
    expect(error.kind).toBe('network');
    expect(seen).toEqual([{ type: 'text', text: 'partial' }]);
    expect(script.calls()).toBe(1);
  });

  test('a provider asking to wait longer than maxRetryAfterMs is not retried', async () => {
    const script = scripted([{ error: fail('rate-limited', 120_000) }]);
    const error = await failureOf(streamWithRetry(script.start, new AbortController().signal));
    expect(error.retryAfterMs).toBe(120_000);
    expect(script.calls()).toBe(1);
  });

  test('stopping during the wait ends with aborted', async () => {
    const controller = new AbortController();
    const script = scripted([{ error: fail('server') }]);
    const done = failureOf(streamWithRetry(script.start, controller.signal, DEFAULT_RETRY_POLICY, { random: () => 1 }));
    await vi.advanceTimersByTimeAsync(500);
    controller.abort();
    expect((await done).kind).toBe('aborted');
    expect(script.calls()).toBe(1);
  });
});

describe('fallback chain', () => {
  const target = (model: string): FallbackTarget => ({ connection: connection('openai', 'http://127.0.0.1:9/v1'), model });

  function runner(outcomes: Record<string, { error: ProviderError; after?: StreamEvent[] } | 'answer'>): { run: (t: FallbackTarget) => AsyncIterable<StreamEvent>; tried: string[] } {
    const tried: string[] = [];
    return {
      tried,
      run: (t: FallbackTarget) => {
        tried.push(t.model);
        const outcome = outcomes[t.model];
        return (async function* () {
          if (outcome === 'answer' || outcome === undefined) {
            yield* ANSWER;
            return;
          }
          yield* outcome.after ?? [];
          throw outcome.error;
        })();
      },
    };
  }

  test('a retryable failure before the first token moves to the next target, which is labelled', async () => {
    const { run, tried } = runner({ a: { error: fail('overloaded') }, b: 'answer' });
    const events: FallbackEvent[] = await collect(streamWithFallback([target('a'), target('b'), target('c')], { messages: HELLO }, callOptions(), { run }));
    expect(events).toEqual([
      { type: 'fallback', index: 0, provider: 'openai', model: 'a', kind: 'overloaded', reason: phrase('error_field_apiKey') },
      { type: 'target', index: 1, provider: 'openai', model: 'b' },
      ...ANSWER,
    ]);
    expect(tried).toEqual(['a', 'b']);
  });

  test('a non-retryable failure stops the chain', async () => {
    const { run, tried } = runner({ a: { error: fail('key-rejected') } });
    const error = await failureOf(streamWithFallback([target('a'), target('b')], { messages: HELLO }, callOptions(), { run }));
    expect(error.kind).toBe('key-rejected');
    expect(tried).toEqual(['a']);
  });

  test('a failure after the first token is not hidden by a fallback', async () => {
    const { run, tried } = runner({ a: { error: fail('network'), after: [{ type: 'text', text: 'par' }] } });
    const events: FallbackEvent[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of streamWithFallback([target('a'), target('b')], { messages: HELLO }, callOptions(), { run })) events.push(event);
      })(),
    );
    expect(error.kind).toBe('network');
    expect(events).toEqual([{ type: 'target', index: 0, provider: 'openai', model: 'a' }, { type: 'text', text: 'par' }]);
    expect(tried).toEqual(['a']);
  });

  test('when every target fails, the last error is thrown', async () => {
    const { run } = runner({ a: { error: fail('server') }, b: { error: fail('rate-limited', 3000) } });
    const error = await failureOf(streamWithFallback([target('a'), target('b')], { messages: HELLO }, callOptions(), { run }));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(3000);
  });

  test('a custom rule can fall back on quota too', async () => {
    const { run } = runner({ a: { error: fail('quota-exhausted') }, b: 'answer' });
    const events = await collect(streamWithFallback([target('a'), target('b')], { messages: HELLO }, callOptions(), { run, shouldFallback: (error) => error.retryable || error.kind === 'quota-exhausted' }));
    expect(events[1]).toEqual({ type: 'target', index: 1, provider: 'openai', model: 'b' });
  });

  test('an empty chain is an invalid-request', async () => {
    expect((await failureOf(streamWithFallback([], { messages: HELLO }, callOptions()))).kind).toBe('invalid-request');
  });

  test('real adapters: an unreachable server falls back to a working provider', async () => {
    const mock = await startMockProvider();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const deadPort = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const events = await collect(
        streamWithFallback(
          [
            { connection: connection('vllm', `http://127.0.0.1:${deadPort}/v1`, {}), model: 'local-model' },
            { connection: connection('anthropic', mock.url, { apiKey: 'sk-ant-x' }), model: 'claude-sonnet-4-5' },
          ],
          { messages: HELLO },
          callOptions(),
        ),
      );
      expect(events[0]).toMatchObject({ type: 'fallback', index: 0, provider: 'vllm', kind: 'network' });
      expect(events[1]).toEqual({ type: 'target', index: 1, provider: 'anthropic', model: 'claude-sonnet-4-5' });
      expect(textOf(events.filter((event): event is StreamEvent => event.type === 'text'))).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
      expect((mock.requests[0]?.json as Record<string, unknown>)['model']).toBe('claude-sonnet-4-5');
    } finally {
      await mock.close();
    }
  });
});

describe('client-side rate limit (token bucket per key)', () => {
  test('allows a burst up to the limit, then says when the next request can go', () => {
    let now = 1_000_000;
    const limiter = new RequestRateLimiter({ requestsPerMinute: 3, now: () => now });
    expect([limiter.tryAcquire('k'), limiter.tryAcquire('k'), limiter.tryAcquire('k')]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(limiter.tryAcquire('k')).toEqual({ ok: false, retryAfterMs: 20_000 });
    now += 10_000;
    expect(limiter.tryAcquire('k')).toEqual({ ok: false, retryAfterMs: 10_000 });
    now += 10_000;
    expect(limiter.tryAcquire('k')).toEqual({ ok: true });
    expect(limiter.tryAcquire('k')).toEqual({ ok: false, retryAfterMs: 20_000 });
  });

  test('keys are independent and can have their own limits', () => {
    const limiter = new RequestRateLimiter({ requestsPerMinute: 1, now: () => 0 });
    expect(limiter.tryAcquire('a').ok).toBe(true);
    expect(limiter.tryAcquire('a').ok).toBe(false);
    expect(limiter.tryAcquire('b').ok).toBe(true);
    expect(limiter.tryAcquire('c', 60).ok).toBe(true);
    expect(limiter.tryAcquire('c', 60).ok).toBe(true);
  });

  test('acquire throws a rate-limited ProviderError with retryAfterMs', () => {
    const limiter = new RequestRateLimiter({ requestsPerMinute: 2, now: () => 0 });
    limiter.acquire('k');
    limiter.acquire('k');
    let thrown: unknown;
    try {
      limiter.acquire('k');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProviderError);
    expect(thrown).toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000, retryable: true, message: 'You limited this key to 2 requests a minute. The next one can go in 30 s.' });
  });

  test('0 or Infinity means no limit', () => {
    const limiter = new RequestRateLimiter({ requestsPerMinute: 0, now: () => 0 });
    for (let index = 0; index < 1000; index += 1) expect(limiter.tryAcquire('k').ok).toBe(true);
    expect(limiter.tryAcquire('k', Number.POSITIVE_INFINITY).ok).toBe(true);
  });

  test('works with fake timers as the clock', () => {
    vi.useFakeTimers();
    try {
      const limiter = new RequestRateLimiter({ requestsPerMinute: 60 });
      for (let index = 0; index < 60; index += 1) limiter.acquire('k');
      expect(limiter.tryAcquire('k')).toEqual({ ok: false, retryAfterMs: 1000 });
      vi.advanceTimersByTime(1000);
      expect(limiter.tryAcquire('k').ok).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
