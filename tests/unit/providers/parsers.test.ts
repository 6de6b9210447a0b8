import { describe, expect, test } from 'vitest';
import { readAnthropicStream } from '@/src/providers/anthropic';
import { readConverseStream } from '@/src/providers/bedrock';
import { readCohereStream } from '@/src/providers/cohere';
import { readGeminiStream } from '@/src/providers/gemini-protocol';
import { ndjsonLines } from '@/src/providers/ndjson';
import { readOllamaStream } from '@/src/providers/ollama';
import { readOpenAIChatStream } from '@/src/providers/openai-chat';
import { sseMessages } from '@/src/providers/sse';
import type { StreamContext } from '@/src/providers/answer';
import type { StreamEvent } from '@/src/providers/types';
import { bedrockFrame, bedrockFrames, fixtureLines, framesFor, joinBytes, sseDataFrames, type WireProtocol } from '@/tests/mock-provider/framing';
import { bytesOf, chunksAt, collect, drain, streamContext, textOf, usageOf } from './helpers';

type Reader = (chunks: AsyncIterable<Uint8Array>, ctx: StreamContext) => AsyncGenerator<StreamEvent>;

const READERS: Record<WireProtocol, Reader> = {
  'openai-chat': readOpenAIChatStream,
  anthropic: readAnthropicStream,
  gemini: readGeminiStream,
  cohere: readCohereStream,
  bedrock: readConverseStream,
  ollama: readOllamaStream,
};

interface Case {
  protocol: WireProtocol;
  fixture: string;
  text: string;
  /** Every split point for small fixtures; every n-th byte for the 100 KB one. */
  step: number;
}

const CASES: Case[] = [
  { protocol: 'openai-chat', fixture: 'openai-chat-text.chunks.txt', text: '', step: 211 },
  { protocol: 'openai-chat', fixture: 'mistral-usage-raw-live.chunks.txt', text: 'OK', step: 1 },
  { protocol: 'openai-chat', fixture: 'azure-chat-model-router.1.chunks.txt', text: 'Capital of Denmark.', step: 1 },
  { protocol: 'anthropic', fixture: 'anthropic-text.chunks.txt', text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?", step: 1 },
  { protocol: 'gemini', fixture: 'google-text.chunks.txt', text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y', step: 1 },
  { protocol: 'cohere', fixture: 'cohere-text.chunks.txt', text: 'The capital of France is Paris.', step: 1 },
  { protocol: 'bedrock', fixture: 'amazon-bedrock-text.chunks.txt', text: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."', step: 1 },
  { protocol: 'ollama', fixture: 'ollama-chat.chunks.txt', text: 'Bonjour 👋! In Chinese that is 你好.', step: 1 },
];

const ctx = streamContext('openai', 40);

async function parse(protocol: WireProtocol, bytes: Uint8Array, cuts: readonly number[]): Promise<StreamEvent[]> {
  return collect(READERS[protocol](chunksAt(bytes, cuts), ctx));
}

async function* oneBytePerChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let index = 0; index < bytes.byteLength; index += 1) yield bytes.slice(index, index + 1);
}

describe.each(CASES)('$protocol / $fixture', ({ protocol, fixture, text, step }) => {
  const bytes = joinBytes(framesFor(protocol, fixture));

  test('whole stream in one chunk', async () => {
    const events = await parse(protocol, bytes, []);
    if (text !== '') expect(textOf(events)).toBe(text);
    expect(usageOf(events)?.estimated).toBe(false);
    expect(events[events.length - 1]).toEqual({ type: 'finish', reason: 'stop' });
  });

  test(`split into two chunks at every ${step === 1 ? '' : `${step}th `}byte boundary`, async () => {
    const expected = await parse(protocol, bytes, []);
    const expectedText = textOf(expected);
    const expectedTail = expected.slice(-2);
    const mismatches: number[] = [];
    for (let cut = 1; cut < bytes.byteLength; cut += step) {
      const events = await parse(protocol, bytes, [cut]);
      if (textOf(events) !== expectedText || JSON.stringify(events.slice(-2)) !== JSON.stringify(expectedTail)) mismatches.push(cut);
    }
    expect(mismatches).toEqual([]);
  });

  test('one byte per chunk', async () => {
    const events = await collect(READERS[protocol](oneBytePerChunk(bytes), ctx));
    expect(events.filter((event) => event.type !== 'text')).toEqual((await parse(protocol, bytes, [])).filter((event) => event.type !== 'text'));
    expect(textOf(events)).toBe(textOf(await parse(protocol, bytes, [])));
  });
});

describe('SSE framing details', () => {
  const lines = fixtureLines('anthropic-text.chunks.txt');
  const anthropicText = "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?";
  const framed = lines.map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`).join('');

  test('CRLF line endings, split everywhere', async () => {
    const bytes = bytesOf(framed.replaceAll('\n', '\r\n'));
    for (let cut = 1; cut < bytes.byteLength; cut += 1) {
      const events = await parse('anthropic', bytes, [cut]);
      if (textOf(events) !== anthropicText) throw new Error(`CRLF split at ${cut} gave ${JSON.stringify(textOf(events))}`);
    }
    expect(usageOf(await parse('anthropic', bytes, []))?.outputTokens).toBe(30);
  });

  test('lone CR line endings', async () => {
    const events = await parse('anthropic', bytesOf(framed.replaceAll('\n', '\r')), [333]);
    expect(textOf(events)).toBe(anthropicText);
  });

  test('comments and keep-alives between events are ignored', async () => {
    const withComments = `: OPENROUTER PROCESSING\n\n${lines.map((line) => `: keep-alive\n\ndata: ${line}\n\n: ping\n`).join('\n')}`;
    const events = await parse('anthropic', bytesOf(withComments), [1, 17, 500]);
    expect(textOf(events)).toBe(anthropicText);
  });

  test('a last event without its closing newline still counts (Gemini ends on close)', async () => {
    const body = sseDataFrames(fixtureLines('google-text.chunks.txt'), false).map((frame) => new TextDecoder().decode(frame)).join('').replace(/\n+$/, '');
    const events = await parse('gemini', bytesOf(body), [10]);
    expect(textOf(events)).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(events[events.length - 1]).toEqual({ type: 'finish', reason: 'stop' });
  });

  test('OpenAI stream with and without [DONE] gives the same events', async () => {
    const mistral = fixtureLines('mistral-usage-raw-live.chunks.txt');
    const withDone = await parse('openai-chat', joinBytes(sseDataFrames(mistral, true)), []);
    const withoutDone = await parse('openai-chat', joinBytes(sseDataFrames(mistral, false)), []);
    expect(withoutDone).toEqual(withDone);
    expect(withDone.slice(-2)).toEqual([
      { type: 'usage', usage: { inputTokens: 19, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0, estimated: false } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  test('[DONE] without a finish_reason still closes the answer as stop, with estimated usage', async () => {
    const body = `data: {"choices":[{"index":0,"delta":{"content":"abcdefgh"}}]}\n\ndata: [DONE]\n\n`;
    const events = await parse('openai-chat', bytesOf(body), []);
    expect(events).toEqual([
      { type: 'text', text: 'abcdefgh' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0, estimated: true } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  test('reasoning deltas (reasoning_content / reasoning) are separated from text', async () => {
    const body = [
      '{"choices":[{"index":0,"delta":{"reasoning_content":"think "}}]}',
      '{"choices":[{"index":0,"delta":{"reasoning":"more"}}]}',
      '{"choices":[{"index":0,"delta":{"content":"answer"},"finish_reason":"length"}]}',
    ];
    const events = await parse('openai-chat', joinBytes(sseDataFrames(body, true)), []);
    expect(events.slice(0, 3)).toEqual([
      { type: 'reasoning', text: 'think ' },
      { type: 'reasoning', text: 'more' },
      { type: 'text', text: 'answer' },
    ]);
    expect(events[events.length - 1]).toEqual({ type: 'finish', reason: 'length' });
  });

  test('sseMessages keeps event names and multi-line data', async () => {
    const messages = await collect(sseMessages(chunksAt(bytesOf('event: a\ndata: 1\ndata: 2\n\nid: 7\ndata: x'), [3, 9])));
    expect(messages.map((message) => [message.event, message.data])).toEqual([
      ['a', '1\n2'],
      [undefined, 'x'],
    ]);
  });
});

describe('multi-byte UTF-8 split across chunks', () => {
  const tricky = 'héllo 👋 你好 🇫🇷 👩‍💻 ñ€';

  test('SSE: every split of an emoji/CJK stream decodes exactly', async () => {
    const pieces = ['hé', 'llo 👋', ' 你好 🇫', '🇷 👩‍💻', ' ñ€'];
    const body = joinBytes(sseDataFrames([...pieces.map((piece) => JSON.stringify({ choices: [{ index: 0, delta: { content: piece } }] })), '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}'], true));
    for (let cut = 1; cut < body.byteLength; cut += 1) {
      const events = await parse('openai-chat', body, [cut]);
      if (textOf(events) !== tricky) throw new Error(`split at ${cut} gave ${JSON.stringify(textOf(events))}`);
    }
    expect(textOf(await parse('openai-chat', body, []))).toBe(tricky);
  });

  test('NDJSON: three-way splits inside multi-byte characters', async () => {
    const body = bytesOf(`{"message":{"content":"${tricky}"},"done":false}\r\n{"message":{"content":""},"done":true,"prompt_eval_count":3,"eval_count":4}`);
    const emojiStart = body.indexOf(0xf0);
    for (let first = emojiStart - 2; first <= emojiStart + 4; first += 1) {
      for (let second = first + 1; second <= first + 5; second += 1) {
        const events = await parse('ollama', body, [first, second]);
        if (textOf(events) !== tricky) throw new Error(`split at ${first},${second} gave ${JSON.stringify(textOf(events))}`);
      }
    }
  });
});

describe('NDJSON line splitter', () => {
  test('CRLF, blank lines, chunk splits and a missing final newline', async () => {
    const lines = await collect(ndjsonLines(chunksAt(bytesOf('{"a":1}\r\n\r\n{"b":2}\n{"c"'), [3, 8, 9, 16])));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c"']);
  });

  test('a done line that is not newline-terminated ends the Ollama answer', async () => {
    const events = await parse('ollama', bytesOf('{"message":{"content":"x"},"done":false}\n{"message":{"content":""},"done":true,"done_reason":"length","prompt_eval_count":5,"eval_count":1}'), []);
    expect(events).toEqual([
      { type: 'text', text: 'x' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 1, cachedInputTokens: 0, reasoningTokens: 0, estimated: false } },
      { type: 'finish', reason: 'length' },
    ]);
  });
});

describe('Bedrock event-stream frames', () => {
  const frames = bedrockFrames(fixtureLines('amazon-bedrock-text.chunks.txt'));
  const bytes = joinBytes(frames);

  test('three-way splits across frame boundaries', async () => {
    const expected = await parse('bedrock', bytes, []);
    const boundary = (frames[0]?.byteLength ?? 0) + (frames[1]?.byteLength ?? 0);
    for (let first = 1; first < boundary + 20; first += 3) {
      const events = await parse('bedrock', bytes, [first, boundary, boundary + 1]);
      expect(events).toEqual(expected);
    }
  });

  test('a damaged frame (CRC mismatch) is a bad-response, after the text before it', async () => {
    const damaged = bytes.slice();
    const third = (frames[0]?.byteLength ?? 0) + (frames[1]?.byteLength ?? 0) + 20;
    damaged[third] = (damaged[third] ?? 0) ^ 0xff;
    const { events, error } = await drain(readConverseStream(chunksAt(damaged, []), ctx));
    expect(textOf(events)).toBe('Let');
    expect(error?.kind).toBe('bad-response');
  });

  test('a truncated last frame is a bad-response', async () => {
    const { error } = await drain(readConverseStream(chunksAt(bytes.slice(0, bytes.byteLength - 5), []), ctx));
    expect(error?.kind).toBe('bad-response');
  });

  test('reasoning deltas and cache reads', async () => {
    const stream = joinBytes([
      bedrockFrame('event', 'messageStart', { role: 'assistant' }),
      bedrockFrame('event', 'contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } }),
      bedrockFrame('event', 'contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'yes' } }),
      bedrockFrame('event', 'messageStop', { stopReason: 'max_tokens' }),
      bedrockFrame('event', 'metadata', { usage: { inputTokens: 10, outputTokens: 4, cacheReadInputTokens: 100, cacheWriteInputTokens: 5 } }),
    ]);
    expect(await parse('bedrock', stream, [7])).toEqual([
      { type: 'reasoning', text: 'hmm' },
      { type: 'text', text: 'yes' },
      { type: 'usage', usage: { inputTokens: 115, outputTokens: 4, cachedInputTokens: 100, reasoningTokens: 0, estimated: false } },
      { type: 'finish', reason: 'length' },
    ]);
  });
});

describe('protocol details', () => {
  test('Gemini usage is the last cumulative value, not a sum', async () => {
    const events = await parse('gemini', joinBytes(framesFor('gemini', 'google-text.chunks.txt')), []);
    expect(usageOf(events)).toEqual({ inputTokens: 9, outputTokens: 208, cachedInputTokens: 0, reasoningTokens: 185, estimated: false });
  });

  test('Gemini thought parts are reasoning; cachedContentTokenCount is reported', async () => {
    const line = JSON.stringify({
      candidates: [{ content: { parts: [{ text: 'plan', thought: true }, { text: 'done' }] }, finishReason: 'MAX_TOKENS' }],
      usageMetadata: { promptTokenCount: 100, cachedContentTokenCount: 60, candidatesTokenCount: 2, thoughtsTokenCount: 1 },
    });
    expect(await parse('gemini', joinBytes(sseDataFrames([line], false)), [])).toEqual([
      { type: 'reasoning', text: 'plan' },
      { type: 'text', text: 'done' },
      { type: 'usage', usage: { inputTokens: 100, outputTokens: 3, cachedInputTokens: 60, reasoningTokens: 1, estimated: false } },
      { type: 'finish', reason: 'length' },
    ]);
  });

  test('Anthropic thinking deltas and cache reads count as input', async () => {
    const body = [
      { type: 'message_start', message: { usage: { input_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 1 } } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me see' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Yes' } },
      { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 42 } },
      { type: 'message_stop' },
    ]
      .map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
      .join('');
    expect(await parse('anthropic', bytesOf(body), [])).toEqual([
      { type: 'reasoning', text: 'Let me see' },
      { type: 'text', text: 'Yes' },
      { type: 'usage', usage: { inputTokens: 125, outputTokens: 42, cachedInputTokens: 100, reasoningTokens: 0, estimated: false } },
      { type: 'finish', reason: 'length' },
    ]);
  });
});
