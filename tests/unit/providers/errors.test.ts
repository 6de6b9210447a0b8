import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parseDurationMs, retryAfterFromHeaders } from '@/src/providers/error-body';
import { attachmentRefusalOf, errorFromHttp, errorFromStreamPayload } from '@/src/providers/errors';
import { adapterFor } from '@/src/providers/registry';
import type { AdapterProvider, Connection, ProviderErrorKind } from '@/src/providers/types';
import { startMockProvider, type MockProvider, type Scenario } from '@/tests/mock-provider/server';
import { callOptions, connection, drain, failureOf, HELLO, streamContext, textOf } from './helpers';

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

type Family = 'openai' | 'azure' | 'anthropic' | 'gemini' | 'cohere' | 'bedrock' | 'ollama';

function familyConnection(family: Family): Connection {
  switch (family) {
    case 'openai':
      return connection('openai', `${mock.url}/v1`, { apiKey: 'sk-test-0123456789abcdefghij' });
    case 'azure':
      return connection('azure-openai', mock.url, { apiKey: 'a'.repeat(32) }, { azureDeployment: 'dep' });
    case 'anthropic':
      return connection('anthropic', mock.url, { apiKey: 'sk-ant-api03-0123456789abcdefghij' });
    case 'gemini':
      return connection('gemini', `${mock.url}/v1beta`, { apiKey: 'AIzaSyTest0123456789abcdefghijklmnopqr' });
    case 'cohere':
      return connection('cohere', mock.url, { apiKey: 'c'.repeat(40) });
    case 'bedrock':
      return connection('bedrock', mock.url, { apiKey: 'bedrock-api-key-0123456789' }, { region: 'us-east-1', bedrockAuth: 'api-key' });
    case 'ollama':
      return connection('ollama', mock.url, {});
  }
}

interface Expectation {
  family: Family;
  scenario: Scenario;
  kind: ProviderErrorKind;
  status: number;
  retryable: boolean;
  retryAfterMs?: number;
}

const E = (family: Family, scenario: Scenario, kind: ProviderErrorKind, status: number, retryable: boolean, retryAfterMs?: number): Expectation => ({
  family,
  scenario,
  kind,
  status,
  retryable,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

const HTTP_ERRORS: Expectation[] = [
  E('openai', 'unauthorized', 'key-rejected', 401, false),
  E('openai', 'forbidden', 'no-permission', 403, false),
  E('openai', 'not-found', 'model-not-found', 404, false),
  E('openai', 'rate-limited', 'rate-limited', 429, true, 7000),
  E('openai', 'quota', 'quota-exhausted', 429, false),
  E('openai', 'overloaded', 'overloaded', 503, true),
  E('openai', 'context-too-long', 'context-too-long', 400, false),
  E('openai', 'server-error', 'server', 500, true),
  E('azure', 'unauthorized', 'key-rejected', 401, false),
  E('azure', 'context-too-long', 'context-too-long', 400, false),
  E('anthropic', 'unauthorized', 'key-rejected', 401, false),
  E('anthropic', 'forbidden', 'no-permission', 403, false),
  E('anthropic', 'not-found', 'model-not-found', 404, false),
  E('anthropic', 'rate-limited', 'rate-limited', 429, true, 7000),
  E('anthropic', 'quota', 'quota-exhausted', 400, false),
  E('anthropic', 'overloaded', 'overloaded', 529, true),
  E('anthropic', 'context-too-long', 'context-too-long', 400, false),
  E('anthropic', 'server-error', 'server', 500, true),
  E('gemini', 'unauthorized', 'key-rejected', 400, false),
  E('gemini', 'forbidden', 'no-permission', 403, false),
  E('gemini', 'not-found', 'model-not-found', 404, false),
  E('gemini', 'rate-limited', 'rate-limited', 429, true, 34400),
  E('gemini', 'quota', 'rate-limited', 429, true),
  E('gemini', 'overloaded', 'overloaded', 503, true),
  E('gemini', 'context-too-long', 'context-too-long', 400, false),
  E('gemini', 'server-error', 'server', 500, true),
  E('cohere', 'unauthorized', 'key-rejected', 401, false),
  E('cohere', 'forbidden', 'no-permission', 403, false),
  E('cohere', 'not-found', 'model-not-found', 404, false),
  E('cohere', 'rate-limited', 'rate-limited', 429, true, 7000),
  E('cohere', 'quota', 'quota-exhausted', 402, false),
  E('cohere', 'overloaded', 'overloaded', 503, true),
  E('cohere', 'context-too-long', 'context-too-long', 400, false),
  E('bedrock', 'unauthorized', 'key-rejected', 403, false),
  E('bedrock', 'forbidden', 'no-permission', 403, false),
  E('bedrock', 'not-found', 'model-not-found', 400, false),
  E('bedrock', 'rate-limited', 'rate-limited', 429, true, 7000),
  E('bedrock', 'quota', 'quota-exhausted', 429, false),
  E('bedrock', 'overloaded', 'overloaded', 503, true),
  E('bedrock', 'context-too-long', 'context-too-long', 400, false),
  E('bedrock', 'server-error', 'server', 500, true),
  E('ollama', 'forbidden-empty', 'origin-refused', 403, false),
  E('ollama', 'not-found', 'model-not-found', 404, false),
  E('ollama', 'context-too-long', 'context-too-long', 400, false),
  E('ollama', 'server-error', 'server', 500, true),
];

describe('HTTP errors, as each provider sends them', () => {
  test.each(HTTP_ERRORS)('$family $scenario → $kind', async ({ family, scenario, kind, status, retryable, retryAfterMs }) => {
    mock.setScenario(scenario);
    const conn = familyConnection(family);
    const error = await failureOf(adapterFor(conn.provider).streamChat(conn, { model: 'llama3.2', messages: HELLO }, callOptions({ extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' })));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(error.provider).toBe(conn.provider);
    expect(error.message.length).toBeGreaterThan(20);
  });

  test('Ollama origin refusal tells the user exactly what to set', async () => {
    mock.setScenario('forbidden-empty');
    const error = await failureOf(adapterFor('ollama').streamChat(familyConnection('ollama'), { model: 'llama3.2', messages: HELLO }, callOptions({ extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' })));
    expect(error.message).toContain('OLLAMA_ORIGINS=chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(error.message).toContain('restart Ollama');
  });

  test('Ollama missing model suggests ollama pull', async () => {
    mock.setScenario('not-found');
    const error = await failureOf(adapterFor('ollama').streamChat(familyConnection('ollama'), { model: 'llama3.2', messages: HELLO }, callOptions()));
    expect(error.message).toContain('ollama pull llama3.2');
  });

  test('a 403 with an empty body from a provider other than Ollama is no-permission', async () => {
    mock.setScenario('forbidden-empty');
    const error = await failureOf(adapterFor('lmstudio').streamChat(connection('lmstudio', `${mock.url}/v1`, {}), { model: 'm', messages: HELLO }, callOptions()));
    expect(error.kind).toBe('no-permission');
  });

  test('listModels maps errors the same way', async () => {
    mock.setScenario('unauthorized');
    const error = await failureOf(adapterFor('gemini').listModels(familyConnection('gemini'), callOptions()));
    expect(error.kind).toBe('key-rejected');
  });

  test('the provider’s own message is quoted', async () => {
    mock.setScenario('context-too-long');
    const error = await failureOf(adapterFor('anthropic').streamChat(familyConnection('anthropic'), { model: 'm', messages: HELLO }, callOptions()));
    expect(error.message).toBe(
      'The conversation is too long for this model. Start a new chat, shorten the text, or pick a model with a larger context window. (Anthropic said: prompt is too long: 208310 tokens > 200000 maximum)',
    );
  });
});

describe('a provider refusing an image or a PDF gets a clear message (issue 16)', () => {
  const IMAGE = { type: 'image' as const, mime: 'image/png' as const, data: 'iVBORw0KGgo=' };
  const cases: { family: Family; status: number; says: string; quoted: string }[] = [
    { family: 'openai', status: 400, says: 'could not read an image (an unsupported or damaged file)', quoted: 'You uploaded an unsupported image.' },
    { family: 'azure', status: 400, says: 'could not read an image (an unsupported or damaged file)', quoted: 'You uploaded an unsupported image.' },
    { family: 'anthropic', status: 400, says: 'refused an attachment as too large', quoted: 'image exceeds 5 MB maximum' },
    { family: 'gemini', status: 400, says: 'could not read an image (an unsupported or damaged file)', quoted: 'Unable to process input image.' },
    { family: 'cohere', status: 400, says: 'could not read an image (an unsupported or damaged file)', quoted: 'the image could not be decoded' },
    { family: 'bedrock', status: 400, says: 'says this model does not take images', quoted: "doesn't support the image content block" },
    { family: 'ollama', status: 500, says: 'says this model does not take images', quoted: 'missing data required for image input' },
  ];

  test.each(cases)('$family ($status)', async ({ family, status, says, quoted }) => {
    mock.setScenario('image-refused');
    const conn = familyConnection(family);
    const error = await failureOf(adapterFor(conn.provider).streamChat(conn, { model: 'm', messages: [{ role: 'user', content: 'look', parts: [IMAGE] }] }, callOptions()));
    expect(error.kind).toBe('invalid-request');
    expect(error.retryable).toBe(false);
    expect(error.status).toBe(status);
    expect(error.message).toContain(says);
    expect(error.message).toContain(quoted);
    expect(error.message).not.toContain('iVBORw0KGgo');
  });

  test.each<[string, string[], ReturnType<typeof attachmentRefusalOf>]>([
    ['Invalid content type. image_url is only supported by certain models.', [], 'model-cannot-see'],
    ['Image input is not supported for this model', [], 'model-cannot-see'],
    ['messages.0.content.1.image.source.base64: image dimensions exceed max allowed size: 8000 pixels', ['invalid_request_error'], 'too-large'],
    ['Request payload size exceeds the limit: 20971520 bytes.', ['invalid_argument'], 'too-large'],
    ['The model returned the following errors: Could not process image', ['validationexception'], 'unreadable'],
    ['The image was specified using the image/png media type, but the image appears to be a image/jpeg image', [], 'unreadable'],
    ['Invalid image.', ['invalid_image'], 'unreadable'],
    ['anything at all', ['image_parse_error'], 'unreadable'],
    ['The PDF specified was not valid.', [], 'document'],
    ['A maximum of 100 PDF pages may be provided.', [], 'document'],
    ['The document has no pages.', [], 'document'],
    ['prompt is too long: 208310 tokens > 200000 maximum', [], undefined],
    ['The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', [], undefined],
    ['Your credit balance is too low to access the Anthropic API.', [], undefined],
  ])('%s → %s', (message, signals, expected) => {
    expect(attachmentRefusalOf({ message, signals })).toBe(expected);
  });

  test('only client errors and stream errors can be attachment refusals', () => {
    const body = JSON.stringify({ error: { message: 'Unable to process input image.', status: 'UNAVAILABLE' } });
    const ctx = streamContext('gemini');
    expect(errorFromHttp(503, new Headers(), body, ctx).kind).toBe('server');
    expect(errorFromHttp(429, new Headers(), body, ctx).kind).toBe('rate-limited');
    expect(errorFromHttp(413, new Headers(), body, ctx).message).toContain('could not read an image');
    const inStream = errorFromStreamPayload({ type: 'error', error: { type: 'invalid_request_error', message: 'The PDF specified was not valid.' } }, streamContext('anthropic'));
    expect(inStream.kind).toBe('invalid-request');
    expect(inStream.message).toContain('could not read the PDF');
  });
});

describe('errors inside an HTTP 200 stream', () => {
  const cases: { name: string; family: Family; kind: ProviderErrorKind; retryable: boolean; partial: string }[] = [
    { name: 'Anthropic event: error (overloaded_error)', family: 'anthropic', kind: 'overloaded', retryable: true, partial: "Hello! I'm doing well, thank you for asking" },
    { name: 'OpenAI {"error": …} data', family: 'openai', kind: 'server', retryable: true, partial: '' },
    { name: 'Gemini {"error": …} data', family: 'gemini', kind: 'overloaded', retryable: true, partial: 'There are **3**' },
    { name: 'Bedrock throttlingException frame', family: 'bedrock', kind: 'rate-limited', retryable: true, partial: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**' },
    { name: 'Ollama {"error"} line', family: 'ollama', kind: 'server', retryable: true, partial: 'Bonjour 👋! In Chinese' },
  ];

  test.each(cases)('$name', async ({ family, kind, retryable, partial }) => {
    mock.setScenario('stream-error');
    const conn = familyConnection(family);
    const { events, error } = await drain(adapterFor(conn.provider).streamChat(conn, { model: 'm', messages: HELLO }, callOptions()));
    expect(error?.kind).toBe(kind);
    expect(error?.retryable).toBe(retryable);
    if (partial !== '') expect(textOf(events)).toBe(partial);
    else expect(textOf(events).length).toBeGreaterThan(100);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
  });

  test('Gemini blocked prompt (HTTP 200, only promptFeedback) is content-blocked', async () => {
    mock.setScenario('prompt-blocked');
    const { events, error } = await drain(adapterFor('gemini').streamChat(familyConnection('gemini'), { model: 'm', messages: HELLO }, callOptions()));
    expect(events).toEqual([]);
    expect(error?.kind).toBe('content-blocked');
    expect(error?.message).toContain('PROHIBITED_CONTENT');
  });
});

describe('transport failures', () => {
  test('a connection dropped mid-stream delivers the text so far, then a network error', async () => {
    mock.setScenario('drop-mid-stream');
    const { events, error } = await drain(adapterFor('anthropic').streamChat(familyConnection('anthropic'), { model: 'm', messages: HELLO }, callOptions()));
    expect(textOf(events)).toBe("Hello! I'm doing well, thank you for asking");
    expect(error?.kind).toBe('network');
    expect(error?.retryable).toBe(true);
  });

  test('garbage bytes are a bad-response', async () => {
    mock.setScenario('garbage');
    const error = await failureOf(adapterFor('openai').streamChat(familyConnection('openai'), { model: 'm', messages: HELLO }, callOptions()));
    expect(error.kind).toBe('bad-response');
    expect(error.retryable).toBe(false);
  });

  test('garbage bytes in a Bedrock stream are a bad-response', async () => {
    mock.setScenario('garbage');
    expect((await failureOf(adapterFor('bedrock').streamChat(familyConnection('bedrock'), { model: 'm', messages: HELLO }, callOptions()))).kind).toBe('bad-response');
  });

  test('an HTML page with status 200 is a bad-response, for chats and model lists', async () => {
    mock.setScenario('html-200');
    expect((await failureOf(adapterFor('cohere').streamChat(familyConnection('cohere'), { model: 'm', messages: HELLO }, callOptions()))).kind).toBe('bad-response');
    expect((await failureOf(adapterFor('openai').listModels(familyConnection('openai'), callOptions()))).kind).toBe('bad-response');
  });

  test('a first byte later than the limit is a timeout', async () => {
    mock.setScenario('slow-first-byte', { delayMs: 2000 });
    const started = Date.now();
    const error = await failureOf(adapterFor('gemini').streamChat(familyConnection('gemini'), { model: 'm', messages: HELLO }, callOptions({ firstByteTimeoutMs: 250 })));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('did not start answering within 1 s');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('headers later than the first-byte limit are a timeout', async () => {
    mock.setScenario('slow-headers', { delayMs: 2000 });
    const started = Date.now();
    const error = await failureOf(adapterFor('ollama').streamChat(familyConnection('ollama'), { model: 'm', messages: HELLO }, callOptions({ firstByteTimeoutMs: 250 })));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('a stream that goes silent is an idle timeout, after the text so far', async () => {
    mock.setScenario('never-ends');
    const { events, error } = await drain(adapterFor('anthropic').streamChat(familyConnection('anthropic'), { model: 'm', messages: HELLO }, callOptions({ idleTimeoutMs: 250 })));
    expect(textOf(events)).toBe('Hello');
    expect(error?.kind).toBe('timeout');
    expect(error?.message).toContain('stopped sending');
  });

  test('the default limits leave a slow-but-steady stream alone', async () => {
    mock.setScenario('slow-drip', { chunkDelayMs: 5 });
    const { error } = await drain(adapterFor('cohere').streamChat(familyConnection('cohere'), { model: 'm', messages: HELLO }, callOptions({ idleTimeoutMs: 200 })));
    expect(error).toBeUndefined();
  });

  test('stopping mid-stream is aborted', async () => {
    mock.setScenario('never-ends');
    const controller = new AbortController();
    const events: string[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of adapterFor('anthropic').streamChat(familyConnection('anthropic'), { model: 'm', messages: HELLO }, callOptions({ signal: controller.signal }))) {
          events.push(event.type);
          controller.abort();
        }
      })(),
    );
    expect(events).toEqual(['text']);
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
  });

  test('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf(adapterFor('openai').streamChat(familyConnection('openai'), { model: 'm', messages: HELLO }, callOptions({ signal: controller.signal })));
    expect(error.kind).toBe('aborted');
    expect(mock.requests).toHaveLength(0);
  });

  test('a refused connection is a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failureOf(adapterFor('vllm').streamChat(connection('vllm', `http://127.0.0.1:${port}/v1`, {}), { model: 'm', messages: HELLO }, callOptions()));
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("Could not reach vLLM. Check that the server is running at the address in the key's settings and accepts requests from the extension.");
  });

  test('a fetch that throws TypeError (offline, CORS) is a network error', async () => {
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const error = await failureOf(adapterFor('openai').streamChat(familyConnection('openai'), { model: 'm', messages: HELLO }, callOptions({ fetch: offline })));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('Could not reach OpenAI. Check your internet connection and try again.');
  });

  test('a JSON error body sent with status 200 instead of a stream is that error', async () => {
    const proxy: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { message: 'maximum context length is 8192 tokens', code: 'context_length_exceeded' } }), { status: 200, headers: { 'content-type': 'application/json' } });
    const error = await failureOf(adapterFor('custom').streamChat(connection('custom', 'https://proxy.invalid/v1', {}), { model: 'm', messages: HELLO }, callOptions({ fetch: proxy })));
    expect(error.kind).toBe('context-too-long');
    const plain: typeof fetch = async () => new Response('{"id":"x","choices":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    expect((await failureOf(adapterFor('custom').streamChat(connection('custom', 'https://proxy.invalid/v1', {}), { model: 'm', messages: HELLO }, callOptions({ fetch: plain })))).kind).toBe('bad-response');
  });

  test('a custom server without an address is an invalid-request before any call', async () => {
    const error = await failureOf(adapterFor('custom').streamChat(connection('custom', undefined, {}), { model: 'm', messages: HELLO }, callOptions()));
    expect(error.kind).toBe('invalid-request');
  });
});

describe('classification details', () => {
  const ctx = streamContext('openai');
  const noHeaders = new Headers();

  test('retry-after as seconds, as an HTTP date, and retry-after-ms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '12' }), now)).toBe(12000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  });

  test('durations in bodies', () => {
    expect(parseDurationMs('34.4s')).toBe(34400);
    expect(parseDurationMs('6m0s')).toBe(360000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1h2m3s')).toBe(3723000);
    expect(parseDurationMs('never')).toBeUndefined();
  });

  test('OpenAI "try again in 20s" in the body when there is no header', () => {
    const error = errorFromHttp(429, noHeaders, JSON.stringify({ error: { message: 'Rate limit reached. Please try again in 1.5s.', code: 'rate_limit_exceeded' } }), ctx);
    expect(error.retryAfterMs).toBe(1500);
    expect(error.message).toContain('Try again in 2 s.');
  });

  test('529 with any body is overloaded; an HTML 502 is a server error without the HTML', () => {
    expect(errorFromHttp(529, noHeaders, '', ctx).kind).toBe('overloaded');
    const html = errorFromHttp(502, noHeaders, '<html><body><h1>502 Bad Gateway</h1></body></html>', ctx);
    expect(html.kind).toBe('server');
    expect(html.message).toBe('OpenAI had an internal error (HTTP 502). Try again in a moment.');
  });

  test('Azure content filter refusal is content-blocked', () => {
    const body = JSON.stringify({ error: { message: 'The response was filtered due to the prompt triggering Azure OpenAI’s content management policy.', code: 'content_filter', innererror: { code: 'ResponsibleAIPolicyViolation' } } });
    expect(errorFromHttp(400, noHeaders, body, streamContext('azure-openai')).kind).toBe('content-blocked');
  });

  test('llama.cpp context overflow and OpenRouter 402 credits', () => {
    expect(errorFromHttp(400, noHeaders, JSON.stringify({ error: { code: 400, message: 'the request exceeds the available context size', type: 'exceed_context_size_error' } }), streamContext('llamacpp')).kind).toBe('context-too-long');
    expect(errorFromHttp(402, noHeaders, JSON.stringify({ error: { message: 'Insufficient credits', code: 402 } }), streamContext('openrouter')).kind).toBe('quota-exhausted');
  });

  test('an unclassified 400 is invalid-request and quotes the provider', () => {
    const error = errorFromHttp(400, noHeaders, JSON.stringify({ error: { message: "Unsupported value: 'temperature' does not support 0.2 with this model.", type: 'invalid_request_error', param: 'temperature', code: 'unsupported_value' } }), ctx);
    expect(error.kind).toBe('invalid-request');
    expect(error.message).toBe("OpenAI refused the request (HTTP 400). Check the model and the key's settings. (OpenAI said: Unsupported value: 'temperature' does not support 0.2 with this model.)");
  });

  test('in-stream payloads without a status', () => {
    expect(errorFromStreamPayload({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } }, streamContext('anthropic')).kind).toBe('server');
    expect(errorFromStreamPayload({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, streamContext('anthropic')).kind).toBe('rate-limited');
    expect(errorFromStreamPayload({ message: 'Input is too long for requested model.' }, streamContext('bedrock'), ['validationException']).kind).toBe('context-too-long');
  });

  test.each<[AdapterProvider, string]>([
    ['anthropic', 'Anthropic'],
    ['gemini', 'Google Gemini (AI Studio)'],
    ['chrome-built-in', 'Chrome’s built-in AI'],
  ])('messages name the provider (%s)', (provider, name) => {
    expect(errorFromHttp(500, noHeaders, '', streamContext(provider)).message).toBe(`${name} had an internal error (HTTP 500). Try again in a moment.`);
  });
});
