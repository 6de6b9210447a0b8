import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_CONTENT_CHARS, MAX_PART_CHARS, MAX_PARTS_PER_MESSAGE, MAX_TOTAL_PART_CHARS, prepareChatRequest, temperatureRange } from '@/src/providers/request';
import { ProviderError } from '@/src/providers/types';

function rejection(input: unknown, provider: 'openai' | 'anthropic' = 'openai', extra: { maxContentChars?: number } = {}): ProviderError {
  try {
    prepareChatRequest(input, { provider, ...extra });
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('prepareChatRequest', () => {
  test('passes every character of the text through untouched', () => {
    const content = '  <script>alert("x")</script> & \\n {{template}} \u0000 👩‍💻 \r\n trailing  ';
    const request = prepareChatRequest({ model: 'gpt-4o', messages: [{ role: 'system', content: ' sys ' }, { role: 'user', content }] }, { provider: 'openai' });
    expect(request).toEqual({ model: 'gpt-4o', messages: [{ role: 'system', content: ' sys ' }, { role: 'user', content }] });
    expect(request.messages[1]?.content).toBe(content);
  });

  test('clamps maxTokens to the model limit and keeps smaller values', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(prepareChatRequest({ ...base, maxTokens: 100_000 }, { provider: 'openai', maxOutputTokens: 16_384 }).maxTokens).toBe(16_384);
    expect(prepareChatRequest({ ...base, maxTokens: 512 }, { provider: 'openai', maxOutputTokens: 16_384 }).maxTokens).toBe(512);
    expect(prepareChatRequest({ ...base, maxTokens: 512 }, { provider: 'openai' }).maxTokens).toBe(512);
    expect(prepareChatRequest(base, { provider: 'openai' }).maxTokens).toBeUndefined();
  });

  test('clamps temperature to the provider range', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    expect(temperatureRange('anthropic')).toEqual({ min: 0, max: 1 });
    expect(temperatureRange('gemini')).toEqual({ min: 0, max: 2 });
    expect(prepareChatRequest({ ...base, temperature: 1.7 }, { provider: 'anthropic' }).temperature).toBe(1);
    expect(prepareChatRequest({ ...base, temperature: 1.7 }, { provider: 'openai' }).temperature).toBe(1.7);
    expect(prepareChatRequest({ ...base, temperature: 2.5 }, { provider: 'mistral' }).temperature).toBe(2);
    expect(prepareChatRequest({ ...base, temperature: -1 }, { provider: 'openai' }).temperature).toBe(0);
  });

  test.each([
    ['no messages', { model: 'm', messages: [] }, 'messages'],
    ['an unknown role', { model: 'm', messages: [{ role: 'tool', content: 'SECRET-PROMPT' }] }, 'messages.0.role'],
    ['an empty model', { model: '', messages: [{ role: 'user', content: 'x' }] }, 'model'],
    ['a fractional maxTokens', { model: 'm', messages: [{ role: 'user', content: 'x' }], maxTokens: 1.5 }, 'maxTokens'],
    ['a zero maxTokens', { model: 'm', messages: [{ role: 'user', content: 'x' }], maxTokens: 0 }, 'maxTokens'],
    ['a NaN temperature', { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: Number.NaN }, 'temperature'],
    ['an unknown field', { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: false }, 'request'],
    ['non-string content', { model: 'm', messages: [{ role: 'user', content: 42 }] }, 'messages.0.content'],
  ])('rejects %s without echoing content', (_name, input, where) => {
    const error = rejection(input);
    expect(error.kind).toBe('invalid-request');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`(${where})`);
    expect(error.message).not.toContain('SECRET-PROMPT');
  });

  test('needs at least one user message with text', () => {
    expect(rejection({ model: 'm', messages: [{ role: 'system', content: 'be nice' }, { role: 'user', content: '   ' }] }).message).toBe('There is nothing to send: write a message first.');
  });

  test('bounds the total content length', () => {
    const error = rejection({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(60) }, { role: 'assistant', content: 'y'.repeat(50) }] }, 'openai', { maxContentChars: 100 });
    expect(error.kind).toBe('context-too-long');
    expect(error.message).toBe('The conversation is 110 characters long, more than the 100 the extension sends at once. Start a new chat or shorten the text.');
    expect(DEFAULT_MAX_CONTENT_CHARS).toBe(4_000_000);
    expect(prepareChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(100) }] }, { provider: 'openai', maxContentChars: 100 }).messages).toHaveLength(1);
  });

  describe('attachment parts', () => {
    const IMAGE = { type: 'image', mime: 'image/png', data: 'iVBORw0KGgo=', width: 2, height: 1 };
    const PDF = { type: 'document', mime: 'application/pdf', data: 'JVBERi0xLjQK', name: 'a.pdf' };

    test('keeps the parts of user messages, with only their documented fields', () => {
      const request = prepareChatRequest({ model: 'm', messages: [{ role: 'user', content: 'look', parts: [IMAGE, PDF] }] }, { provider: 'anthropic' });
      expect(request.messages).toEqual([{ role: 'user', content: 'look', parts: [IMAGE, PDF] }]);
    });

    test('an empty parts list is dropped, so the request is what it was without it', () => {
      expect(prepareChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi', parts: [] }] }, { provider: 'openai' }).messages).toEqual([{ role: 'user', content: 'hi' }]);
    });

    test('an image alone is something to send', () => {
      expect(prepareChatRequest({ model: 'm', messages: [{ role: 'user', content: '', parts: [IMAGE] }] }, { provider: 'openai' }).messages[0]?.parts).toHaveLength(1);
    });

    test.each([
      ['parts on an assistant message', { model: 'm', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y', parts: [IMAGE] }] }, 'messages.1.parts'],
      ['an image type no provider takes', { model: 'm', messages: [{ role: 'user', content: 'x', parts: [{ ...IMAGE, mime: 'image/heic' }] }] }, 'messages.0.parts.0.mime'],
      ['data that is not base64', { model: 'm', messages: [{ role: 'user', content: 'x', parts: [{ ...IMAGE, data: 'SECRET-PROMPT not base64' }] }] }, 'messages.0.parts.0.data'],
      ['a document without a name', { model: 'm', messages: [{ role: 'user', content: 'x', parts: [{ ...PDF, name: '' }] }] }, 'messages.0.parts.0.name'],
      ['an unknown part field', { model: 'm', messages: [{ role: 'user', content: 'x', parts: [{ ...IMAGE, url: 'https://x' }] }] }, 'messages.0.parts.0'],
      ['a part bigger than a native PDF may be', { model: 'm', messages: [{ role: 'user', content: 'x', parts: [{ ...PDF, data: 'A'.repeat(MAX_PART_CHARS + 4) }] }] }, 'messages.0.parts.0.data'],
      ['more parts than one message can carry', { model: 'm', messages: [{ role: 'user', content: 'x', parts: Array.from({ length: MAX_PARTS_PER_MESSAGE + 1 }, () => IMAGE) }] }, 'messages.0.parts'],
    ])('rejects %s without echoing content', (_name, input, where) => {
      const error = rejection(input);
      expect(error.kind).toBe('invalid-request');
      expect(error.message).toContain(`(${where})`);
      expect(error.message).not.toContain('SECRET-PROMPT');
    });

    test('bounds the bytes of all parts together, with a message that says how much', () => {
      const part = { ...IMAGE, data: 'A'.repeat(MAX_PART_CHARS) };
      const count = Math.floor(MAX_TOTAL_PART_CHARS / MAX_PART_CHARS) + 1;
      const error = rejection({ model: 'm', messages: [{ role: 'user', content: 'x', parts: Array.from({ length: count }, () => part) }] });
      expect(error.kind).toBe('invalid-request');
      expect(error.message).toMatch(/^The attachments weigh [\d,]+ MB together; at most 72 MB can go in one request\./);
      const under = Array.from({ length: count - 1 }, () => part);
      expect(prepareChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x', parts: under }] }, { provider: 'openai' }).messages[0]?.parts).toHaveLength(count - 1);
    });
  });
});
