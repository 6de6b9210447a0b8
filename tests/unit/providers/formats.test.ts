/**
 * Images and PDF documents on the wire: every protocol family sends a message's parts exactly in the
 * shape of its provider's documented example (tests/fixtures/provider-formats/, with provenance), the
 * mock provider records them (large bodies too), and a request without parts is byte for byte what
 * it was before parts existed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { adapterFor } from '@/src/providers/registry';
import { anthropicBody } from '@/src/providers/anthropic';
import { converseBody } from '@/src/providers/bedrock';
import { chromeBuiltInAdapter } from '@/src/providers/chrome-built-in';
import { cohereBody } from '@/src/providers/cohere';
import { geminiBody } from '@/src/providers/gemini-protocol';
import { ollamaBody } from '@/src/providers/ollama';
import { dialectFor, openAIChatBody } from '@/src/providers/openai-chat';
import { bedrockDocumentName } from '@/src/providers/parts';
import { CHROME_BUILT_IN, type ChatMessage, type ChatRequest } from '@/src/providers/types';
import type { ProviderId } from '@/src/providers/definitions';
import type { ContentPart, ImageType } from '@/src/attachments/types';
import { startMockProvider, type MockProvider, type RecordedRequest } from '@/tests/mock-provider/server';
import { callOptions, collect, connection, failureOf, textOf } from './helpers';

interface DocumentedExample {
  source: string;
  read: string;
  request: { messages?: Record<string, unknown>[]; contents?: Record<string, unknown>[] };
}

function example(name: string): DocumentedExample {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/provider-formats', name), 'utf8')) as DocumentedExample;
}

/** The documented example's (single) user message. */
function documentedMessage(name: string): Record<string, unknown> {
  const { request } = example(name);
  const message = (request.messages ?? request.contents ?? [])[0];
  if (message === undefined) throw new Error(`${name}: no message`);
  return message;
}

/** Values kept literally when shapes are compared: they are the format, not the content. */
const LITERAL_KEYS = new Set(['type', 'format', 'media_type', 'mime_type', 'role']);

/**
 * The shape of a JSON value: keys (sorted) and nesting, the literal values of LITERAL_KEYS, data URLs
 * reduced to their `data:<mime>;base64,` prefix, every other string to '<string>'.
 */
function shape(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => shape(item));
  // The Prompt API example's fixture writes the Blob it stands for as "<Blob>".
  if (value instanceof Blob || value === '<Blob>') return '<Blob>';
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((name) => [name, shape(record[name], name)]));
  }
  if (typeof value === 'string') {
    if (key !== undefined && LITERAL_KEYS.has(key)) return value;
    const dataUrl = /^data:([^;,]+);base64,/.exec(value);
    if (dataUrl) return `${dataUrl[0]}<base64>`;
    return '<string>';
  }
  return typeof value;
}

/** Google's REST examples spell proto fields in snake_case; our body uses the camelCase JSON names of the same fields. */
function googleSnakeCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(googleSnakeCase);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([name, inner]) => [name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), googleSnakeCase(inner)]),
    );
  }
  return value;
}

// 1×1 PNG and a minimal PDF header, base64: real bytes, so nothing below depends on placeholders.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PDF = 'JVBERi0xLjQKJcTl8uXrCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9G';

function image(mime: ImageType = 'image/jpeg'): ContentPart {
  return { type: 'image', mime, data: PNG, width: 1, height: 1 };
}
function pdf(name = 'Quarterly report_2026 (final).pdf'): ContentPart {
  return { type: 'document', mime: 'application/pdf', data: PDF, name };
}
function ask(text: string, ...parts: ContentPart[]): ChatRequest {
  return { model: 'm', messages: [{ role: 'user', content: text, parts }] };
}

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
});

function onlyRequest(): RecordedRequest {
  expect(mock.requests).toHaveLength(1);
  const request = mock.requests[0];
  if (request === undefined) throw new Error('no request recorded');
  return request;
}

function sentMessages(): Record<string, unknown>[] {
  const json = onlyRequest().json as { messages?: Record<string, unknown>[]; contents?: Record<string, unknown>[] };
  return json.messages ?? json.contents ?? [];
}

async function send(provider: ProviderId, baseUrl: string, request: ChatRequest, settings: Record<string, string> = {}): Promise<void> {
  const secret = provider === 'bedrock' ? { apiKey: 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl' } : { apiKey: 'key-for-test-0123456789' };
  const conn = connection(provider, baseUrl, secret, provider === 'bedrock' ? { region: 'us-east-1', bedrockAuth: 'api-key', ...settings } : settings);
  await collect(adapterFor(provider).streamChat(conn, request, callOptions()));
}

describe('each protocol sends parts in its documented shape (recorded by the mock provider)', () => {
  test.each([
    ['openai', 'openai-chat-image.json', image('image/jpeg')],
    ['openai', 'openai-chat-pdf.json', pdf('product-brochure.pdf')],
    ['azure-openai', 'openai-chat-image.json', image('image/jpeg')],
    ['azure-openai', 'openai-chat-pdf.json', pdf()],
    ['openrouter', 'openai-chat-image.json', image('image/jpeg')],
    ['groq', 'openai-chat-image.json', image('image/jpeg')],
    ['lmstudio', 'openai-chat-image.json', image('image/jpeg')],
    ['vllm', 'openai-chat-image.json', image('image/jpeg')],
    ['custom', 'openai-chat-image.json', image('image/jpeg')],
    ['mistral', 'mistral-image.json', image('image/jpeg')],
    ['cohere', 'cohere-image.json', image('image/png')],
  ] as const)('%s: %s', async (provider, fixture, part) => {
    const base = provider === 'azure-openai' ? `${mock.url}/openai/v1` : `${mock.url}/v1`;
    await send(provider, base, ask('What is in this?', part), provider === 'azure-openai' ? { azureResource: 'unused' } : {});
    const [sent] = sentMessages();
    expect(shape(sent)).toEqual(shape(documentedMessage(fixture)));
  });

  test('Ollama /v1 speaks Chat Completions images', async () => {
    await send('ollama', `${mock.url}/v1`, ask('What is in this?', image('image/jpeg')));
    expect(onlyRequest().path).toBe('/v1/chat/completions');
    expect(shape(sentMessages()[0])).toEqual(shape(documentedMessage('openai-chat-image.json')));
  });

  test.each([
    ['anthropic-image.json', image('image/jpeg')],
    ['anthropic-pdf.json', pdf()],
  ] as const)('anthropic: %s', async (fixture, part) => {
    await send('anthropic', mock.url, ask('Describe it.', part));
    expect(shape(sentMessages()[0])).toEqual(shape(documentedMessage(fixture)));
  });

  test.each([
    ['gemini', 'gemini-image.json', image('image/jpeg')],
    ['gemini', 'gemini-pdf.json', pdf()],
    ['vertex', 'gemini-image.json', image('image/jpeg')],
    ['vertex', 'gemini-pdf.json', pdf()],
  ] as const)('%s: %s (camelCase JSON names of the documented fields)', async (provider, fixture, part) => {
    await send(provider, provider === 'gemini' ? `${mock.url}/v1beta` : mock.url, ask('Caption this.', part));
    const sent = sentMessages()[0] as { role: string; parts: unknown[] };
    expect(sent.role).toBe('user');
    expect(JSON.stringify(sent.parts)).toContain('"inlineData":{"mimeType"');
    expect(shape(googleSnakeCase(sent.parts))).toEqual(shape(documentedMessage(fixture)['parts']));
  });

  test.each([
    ['bedrock-image.json', image('image/png')],
    ['bedrock-document.json', pdf()],
  ] as const)('bedrock: %s', async (fixture, part) => {
    await send('bedrock', mock.url, ask('Describe it.', part));
    expect(shape(sentMessages()[0])).toEqual(shape(documentedMessage(fixture)));
  });

  test('Ollama native: bare base64 in the message images list', async () => {
    await send('ollama', mock.url, ask('what is in this image?', image('image/png')));
    expect(onlyRequest().path).toBe('/api/chat');
    const sent = sentMessages()[0];
    expect(shape(sent)).toEqual(shape(documentedMessage('ollama-image.json')));
    expect(sent?.['images']).toEqual([PNG]);
  });

  test('data and literal values reach the wire untouched', async () => {
    await send('anthropic', mock.url, ask('Both.', image('image/webp'), pdf()));
    expect(sentMessages()[0]?.['content']).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: PNG } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF } },
      { type: 'text', text: 'Both.' },
    ]);
    mock.reset();
    await send('openai', `${mock.url}/v1`, ask('Both.', image('image/gif'), pdf('a.pdf')));
    expect(sentMessages()[0]?.['content']).toEqual([
      { type: 'text', text: 'Both.' },
      { type: 'image_url', image_url: { url: `data:image/gif;base64,${PNG}` } },
      { type: 'file', file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${PDF}` } },
    ]);
    mock.reset();
    await send('bedrock', mock.url, ask('Both.', image('image/webp'), pdf('report.v2.pdf'), pdf('report.v2.pdf')));
    expect(sentMessages()[0]?.['content']).toEqual([
      { text: 'Both.' },
      { image: { format: 'webp', source: { bytes: PNG } } },
      { document: { format: 'pdf', name: 'report v2', source: { bytes: PDF } } },
      { document: { format: 'pdf', name: 'report v2 (2)', source: { bytes: PDF } } },
    ]);
  });

  test('Bedrock: a document without words gets its name as the text block Converse requires beside it', () => {
    const body = JSON.parse(converseBody(ask('', pdf('Q3 figures.pdf')))) as { messages: { content: Record<string, unknown>[] }[] };
    expect(body.messages[0]?.content.map((block) => Object.keys(block)[0])).toEqual(['text', 'document']);
    expect(body.messages[0]?.content[0]).toEqual({ text: 'Q3 figures.pdf' });
    const imageOnly = JSON.parse(converseBody(ask('', image('image/png')))) as { messages: { content: Record<string, unknown>[] }[] };
    expect(imageOnly.messages[0]?.content.map((block) => Object.keys(block)[0])).toEqual(['image']);
  });

  test('parts of consecutive user messages merge into one message where the protocol merges text', async () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [
        { role: 'user', content: 'first', parts: [image('image/png')] },
        { role: 'user', content: '', parts: [image('image/jpeg')] },
      ],
    };
    const body = JSON.parse(anthropicBody(request)) as { messages: { content: { type: string }[] }[] };
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]?.content.map((block) => block.type)).toEqual(['image', 'text', 'image']);
  });

  test('a message with parts and no text sends the parts alone (no empty text block)', async () => {
    const request = ask('', image('image/png'));
    expect((JSON.parse(openAIChatBody(request, dialectFor('openai'))) as { messages: { content: unknown[] }[] }).messages[0]?.content).toHaveLength(1);
    expect((JSON.parse(anthropicBody(request)) as { messages: { content: unknown[] }[] }).messages[0]?.content).toHaveLength(1);
    expect((JSON.parse(geminiBody(request)) as { contents: { parts: unknown[] }[] }).contents[0]?.parts).toHaveLength(1);
    expect((JSON.parse(converseBody(request)) as { messages: { content: unknown[] }[] }).messages[0]?.content).toHaveLength(1);
    expect((JSON.parse(cohereBody(request)) as { messages: { content: unknown[] }[] }).messages[0]?.content).toHaveLength(1);
  });

  test('a PDF part for a server that cannot read PDFs is refused before anything is sent', async () => {
    for (const provider of ['mistral', 'groq', 'openrouter', 'lmstudio', 'cohere'] as const) {
      const conn = connection(provider, `${mock.url}/v1`, { apiKey: 'key-for-test-0123456789' });
      const error = await failureOf(adapterFor(provider).streamChat(conn, ask('Read it.', pdf()), callOptions()));
      expect(error.kind).toBe('invalid-request');
      expect(error.message).toContain('does not read PDF files directly');
    }
    const error = await failureOf(adapterFor('ollama').streamChat(connection('ollama', mock.url, {}), ask('Read it.', pdf()), callOptions()));
    expect(error.message).toContain('Ollama does not read PDF files directly');
    expect(mock.requests).toHaveLength(0);
  });

  test('a body of several megabytes is sent whole and recorded whole', async () => {
    // About 4.5 MB of base64: an image at the attachment limit.
    const big = 'A'.repeat(4_718_592);
    await send('openai', `${mock.url}/v1`, ask('Big one.', { type: 'image', mime: 'image/png', data: big }));
    const request = onlyRequest();
    expect(request.body.length).toBeGreaterThan(4_718_592);
    const content = (request.json as { messages: { content: { image_url?: { url: string } }[] }[] }).messages[0]?.content;
    expect(content?.[1]?.image_url?.url).toBe(`data:image/png;base64,${big}`);
  });
});

describe('Bedrock document names follow the documented character rules', () => {
  test.each([
    ['Quarterly report_2026 (final).pdf', 'Quarterly report 2026 (final)'],
    ['résumé.PDF', 'resume'],
    ['  many   spaces\tand\nlines .pdf', 'many spaces and lines'],
    ['签名.pdf', 'Document'],
    ['[draft] v1.2 - notes.pdf', '[draft] v1 2 - notes'],
  ])('%s → %s', (name, expected) => {
    expect(bedrockDocumentName(name)).toBe(expected);
  });

  test('at most 200 characters, only allowed characters, distinct within a request', () => {
    const long = bedrockDocumentName(`${'x'.repeat(300)}.pdf`);
    expect(long.length).toBeLessThanOrEqual(200);
    const taken = new Set(['Document', 'Document (2)']);
    expect(bedrockDocumentName('签名.pdf', taken)).toBe('Document (3)');
    for (const name of ['a_b.pdf', 'x!@#$%^&*y.pdf', 'tab\t\ttab.pdf', `${'y'.repeat(199)} z.pdf`]) {
      const sanitised = bedrockDocumentName(name, new Set([bedrockDocumentName(name)]));
      expect(sanitised).toMatch(/^[A-Za-z0-9\-()[\]]+( [A-Za-z0-9\-()[\]]+)*$/);
      expect(sanitised.length).toBeLessThanOrEqual(200);
    }
  });
});

describe('Chrome built-in model with images (Prompt API multimodal input)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function fakeLanguageModel(imageAvailability: string) {
    const created: Record<string, unknown>[] = [];
    const prompts: unknown[] = [];
    const asked: unknown[] = [];
    vi.stubGlobal('LanguageModel', {
      availability: async (options?: { expectedInputs?: unknown[] }) => {
        asked.push(options);
        return options?.expectedInputs ? imageAvailability : 'available';
      },
      create: async (options: Record<string, unknown>) => {
        created.push(options);
        return {
          promptStreaming: (input: unknown) => {
            prompts.push(input);
            return new ReadableStream<string>({
              start(controller) {
                controller.enqueue('A cat.');
                controller.close();
              },
            });
          },
          destroy: () => undefined,
        };
      },
    });
    return { created, prompts, asked };
  }

  test('declares image input and sends the image as a Blob piece, in the documented shape', async () => {
    const fake = fakeLanguageModel('available');
    const documented = JSON.parse(readFileSync(join(__dirname, '../../fixtures/provider-formats/chrome-prompt-image.json'), 'utf8')) as { create: unknown; prompt: unknown };
    const events = await collect(chromeBuiltInAdapter.streamChat(connection(CHROME_BUILT_IN, undefined, {}), ask('Describe my image:', image('image/png')), callOptions()));
    expect(textOf(events)).toBe('A cat.');
    expect(fake.created[0]?.['expectedInputs']).toEqual((documented.create as { expectedInputs: unknown }).expectedInputs);
    expect(shape(fake.prompts[0])).toEqual(shape(documented.prompt));
    const blob = ((fake.prompts[0] as { content: { value: unknown }[] }[])[0]?.content[1]?.value) as Blob;
    expect(blob.type).toBe('image/png');
    expect(Buffer.from(await blob.arrayBuffer()).toString('base64')).toBe(PNG);
  });

  test('a device whose model cannot take images says so, and nothing is prompted', async () => {
    const fake = fakeLanguageModel('unavailable');
    const error = await failureOf(chromeBuiltInAdapter.streamChat(connection(CHROME_BUILT_IN, undefined, {}), ask('Describe my image:', image('image/png')), callOptions()));
    expect(error.kind).toBe('invalid-request');
    expect(error.message).toContain('cannot look at images on this device');
    expect(fake.created).toHaveLength(0);
    expect(fake.prompts).toHaveLength(0);
  });

  test('without images: no expectedInputs, the prompt stays a plain string', async () => {
    const fake = fakeLanguageModel('unavailable');
    await collect(chromeBuiltInAdapter.streamChat(connection(CHROME_BUILT_IN, undefined, {}), { model: 'gemini-nano', messages: [{ role: 'user', content: 'Hi' }] }, callOptions()));
    expect(fake.created[0]?.['expectedInputs']).toBeUndefined();
    expect(fake.prompts).toEqual(['Hi']);
    expect(fake.asked).toEqual([undefined]);
  });
});

describe('without parts the bodies are byte for byte what they were before parts existed', () => {
  const messages: ChatMessage[] = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Héllo' },
    { role: 'assistant', content: 'Hi!' },
    { role: 'user', content: 'Say "OK"' },
  ];
  const request: ChatRequest = { model: 'm', messages, maxTokens: 10 };
  const withEmptyParts: ChatRequest = { ...request, messages: messages.map((message) => (message.role === 'user' ? { ...message, parts: [] } : message)) };

  test.each([
    ['openai', () => openAIChatBody(request, dialectFor('openai')), '{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Héllo"},{"role":"assistant","content":"Hi!"},{"role":"user","content":"Say \\"OK\\""}],"stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":10}'],
    ['mistral', () => openAIChatBody(request, dialectFor('mistral')), '{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Héllo"},{"role":"assistant","content":"Hi!"},{"role":"user","content":"Say \\"OK\\""}],"stream":true,"max_tokens":10}'],
    ['anthropic', () => anthropicBody(request), '{"model":"m","max_tokens":10,"system":[{"type":"text","text":"Be brief."}],"messages":[{"role":"user","content":[{"type":"text","text":"Héllo"}]},{"role":"assistant","content":[{"type":"text","text":"Hi!"}]},{"role":"user","content":[{"type":"text","text":"Say \\"OK\\""}]}],"stream":true}'],
    ['gemini', () => geminiBody(request), '{"contents":[{"role":"user","parts":[{"text":"Héllo"}]},{"role":"model","parts":[{"text":"Hi!"}]},{"role":"user","parts":[{"text":"Say \\"OK\\""}]}],"systemInstruction":{"parts":[{"text":"Be brief."}]},"generationConfig":{"maxOutputTokens":10}}'],
    ['bedrock', () => converseBody(request), '{"messages":[{"role":"user","content":[{"text":"Héllo"}]},{"role":"assistant","content":[{"text":"Hi!"}]},{"role":"user","content":[{"text":"Say \\"OK\\""}]}],"system":[{"text":"Be brief."}],"inferenceConfig":{"maxTokens":10}}'],
    ['cohere', () => cohereBody(request), '{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Héllo"},{"role":"assistant","content":"Hi!"},{"role":"user","content":"Say \\"OK\\""}],"stream":true,"max_tokens":10}'],
    ['ollama', () => ollamaBody(request), '{"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Héllo"},{"role":"assistant","content":"Hi!"},{"role":"user","content":"Say \\"OK\\""}],"stream":true,"options":{"num_predict":10}}'],
  ])('%s', (_name, body, expected) => {
    expect(body()).toBe(expected);
  });

  test('an empty parts list changes nothing', () => {
    expect(openAIChatBody(withEmptyParts, dialectFor('openai'))).toBe(openAIChatBody(request, dialectFor('openai')));
    expect(anthropicBody(withEmptyParts)).toBe(anthropicBody(request));
    expect(geminiBody(withEmptyParts)).toBe(geminiBody(request));
    expect(converseBody(withEmptyParts)).toBe(converseBody(request));
    expect(cohereBody(withEmptyParts)).toBe(cohereBody(request));
    expect(ollamaBody(withEmptyParts)).toBe(ollamaBody(request));
  });
});
