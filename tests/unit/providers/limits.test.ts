/**
 * Issue 11, finding 9: a hostile server cannot fill the worker's memory or keep it busy forever.
 * Each parser holds at most MAX_EVENT_BYTES of an event it has not finished (SSE: eventsource-parser's
 * buffer; NDJSON: the current line; Bedrock: the frame, by its announced length), the transport reads
 * at most MAX_RESPONSE_BYTES of one response, and long lines cost linear time.
 */
import { describe, expect, test } from 'vitest';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { readConverseStream } from '@/src/providers/bedrock';
import { eventStreamFrames } from '@/src/providers/eventstream';
import { MAX_EVENT_BYTES, MAX_RESPONSE_BYTES } from '@/src/providers/limits';
import { ndjsonLines } from '@/src/providers/ndjson';
import { readOllamaStream } from '@/src/providers/ollama';
import { readOpenAIChatStream } from '@/src/providers/openai-chat';
import { adapterFor } from '@/src/providers/registry';
import { sseMessages } from '@/src/providers/sse';
import { ProviderError } from '@/src/providers/types';
import { bytesOf, callOptions, collect, connection, drain, HELLO, streamContext, textOf } from './helpers';

const MiB = 1024 * 1024;
const encoder = new TextEncoder();

/** A body that sends `head`, then `repeat` again and again until `totalBytes`; counts what was pulled. */
function hostileBody(head: string, repeat: Uint8Array, totalBytes: number): { chunks: AsyncGenerator<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const first = encoder.encode(head);
    pulled += first.byteLength;
    yield first;
    while (pulled < totalBytes) {
      pulled += repeat.byteLength;
      yield repeat;
    }
  }
  return { chunks: chunks(), pulled: () => pulled };
}

const HELLO_EVENT = 'data: {"choices":[{"delta":{"content":"Hello"}}]}\n\n';
const CHUNK = 64 * 1024;

describe('SSE: an event that never ends', () => {
  test('data: lines without the blank line fail after MAX_EVENT_BYTES, keeping the text before', async () => {
    const line = encoder.encode(`data: ${'A'.repeat(CHUNK - 7)}\n`);
    const body = hostileBody(HELLO_EVENT, line, 40 * MiB);
    const { events, error } = await drain(readOpenAIChatStream(body.chunks, streamContext('openai')));
    expect(textOf(events)).toBe('Hello');
    expect(error?.kind).toBe('response-too-large');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toBe("OpenAI sent more than 8 MB without ending a message, so Keyward stopped reading it. If you use a proxy or a custom address, check that it points to the provider's API.");
    expect(body.pulled()).toBeLessThanOrEqual(MAX_EVENT_BYTES + 2 * CHUNK);
  });

  test('one data: line that never ends fails the same way', async () => {
    const body = hostileBody(`${HELLO_EVENT}data: `, encoder.encode('A'.repeat(CHUNK)), 40 * MiB);
    const { events, error } = await drain(readOpenAIChatStream(body.chunks, streamContext('openai')));
    expect(textOf(events)).toBe('Hello');
    expect(error?.kind).toBe('response-too-large');
    expect(body.pulled()).toBeLessThanOrEqual(MAX_EVENT_BYTES + 2 * CHUNK);
  });

  test('without a context the message names no provider', async () => {
    const body = hostileBody('data: ', encoder.encode('A'.repeat(CHUNK)), 40 * MiB);
    const error = await collect(sseMessages(body.chunks)).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toMatch(/^The server sent more than 8 MB without ending a message/);
  });

  test('a large event under the limit (3 MB, in 64 KB pieces) still arrives whole', async () => {
    const text = 'ü'.repeat(1_500_000);
    const event = bytesOf(`data: ${JSON.stringify({ choices: [{ delta: { content: text }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`);
    async function* pieces(): AsyncGenerator<Uint8Array> {
      for (let start = 0; start < event.byteLength; start += CHUNK) yield event.subarray(start, start + CHUNK);
    }
    const events = await collect(readOpenAIChatStream(pieces(), streamContext('openai')));
    expect(textOf(events)).toBe(text);
  });
});

describe('NDJSON: a line that never ends', () => {
  test('fails after MAX_EVENT_BYTES, keeping the text before', async () => {
    const body = hostileBody('{"message":{"content":"Hello"},"done":false}\n{"message":{"content":"', encoder.encode('A'.repeat(CHUNK)), 40 * MiB);
    const { events, error } = await drain(readOllamaStream(body.chunks, streamContext('ollama')));
    expect(textOf(events)).toBe('Hello');
    expect(error?.kind).toBe('response-too-large');
    expect(error?.message).toMatch(/^Ollama sent more than 8 MB without ending a message/);
    expect(body.pulled()).toBeLessThanOrEqual(MAX_EVENT_BYTES + 2 * CHUNK);
  });

  test('a line arriving in many small chunks costs linear time, not quadratic', async () => {
    // 7 MiB in 1 KiB chunks: re-splitting the whole pending text on every chunk scanned ~25 GB.
    const piece = encoder.encode('B'.repeat(1024));
    const count = 7 * 1024;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('{"a":"');
      for (let index = 0; index < count; index++) yield piece;
      yield encoder.encode('"}\n{"b":1}');
    }
    const started = performance.now();
    const lines = await collect(ndjsonLines(chunks()));
    const tookMs = performance.now() - started;
    expect(lines).toHaveLength(2);
    expect(lines[0]?.length).toBe(count * 1024 + 8);
    expect(lines[1]).toBe('{"b":1}');
    expect(tookMs, `took ${Math.round(tookMs)} ms`).toBeLessThan(3_000);
  });
});

describe('Bedrock event-stream frames', () => {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);

  test('a frame announcing more than MAX_EVENT_BYTES fails at once, before it is buffered', async () => {
    const prelude = new Uint8Array(CHUNK);
    new DataView(prelude.buffer).setUint32(0, MAX_EVENT_BYTES + 1, false);
    let pulled = 0;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      while (pulled < 40 * MiB) {
        pulled += CHUNK;
        yield pulled === CHUNK ? prelude : new Uint8Array(CHUNK);
      }
    }
    const { error } = await drain(readConverseStream(chunks(), streamContext('bedrock')));
    expect(error?.kind).toBe('bad-response');
    expect(pulled).toBe(CHUNK);
  });

  test('a large frame arriving in small chunks is joined once (linear time)', async () => {
    const body = new Uint8Array(7 * MiB).fill(0x41);
    const frame = codec.encode({ headers: { ':message-type': { type: 'string', value: 'event' } }, body });
    const piece = 512;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let start = 0; start < frame.byteLength; start += piece) yield frame.subarray(start, start + piece);
    }
    const started = performance.now();
    const frames = await collect(eventStreamFrames(chunks(), () => new Error('corrupt')));
    const tookMs = performance.now() - started;
    expect(frames).toHaveLength(1);
    expect(frames[0]?.body.byteLength).toBe(body.byteLength);
    expect(tookMs, `took ${Math.round(tookMs)} ms`).toBeLessThan(3_000);
  });
});

describe('the whole response', () => {
  test('more than MAX_RESPONSE_BYTES is cancelled with a clear error; the text before is kept', async () => {
    // An endless line that no parser buffers (not an SSE field): only the response cap ends it.
    const junk = encoder.encode('x'.repeat(MiB));
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${HELLO_EVENT}x`));
      },
      pull(controller) {
        pulled += junk.byteLength;
        if (pulled > MAX_RESPONSE_BYTES + 4 * MiB) controller.close();
        else controller.enqueue(junk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const fetch = (async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })) as typeof globalThis.fetch;
    const conn = connection('openai', undefined, { apiKey: 'sk-proj-LIMITS0123456789abcdefghij' });
    const { events, error } = await drain(adapterFor('openai').streamChat(conn, { model: 'm', messages: HELLO }, callOptions({ fetch })));
    expect(textOf(events)).toBe('Hello');
    expect(error?.kind).toBe('response-too-large');
    expect(error?.message).toBe("OpenAI sent more than 128 MB in one answer, so Keyward stopped reading it. If you use a proxy or a custom address, check that it points to the provider's API.");
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + 2 * MiB);
  });
});
