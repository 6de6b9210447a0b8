/**
 * The transport's egress rules (src/providers/http.ts, issue 11 findings 2/3 and 4): a request
 * leaves only for an http(s) URL on the origin the connection's settings name, granted to the
 * extension, and plain http only to this computer unless the user allowed it; a redirect is never
 * followed. Every refusal happens before fetch is called.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { errorContextFor } from '@/src/providers/errors';
import { expectedOrigins } from '@/src/providers/hosts';
import { fetchJson, isOriginGrantedByBrowser, openStream } from '@/src/providers/http';
import { adapterFor } from '@/src/providers/registry';
import type { ProviderSettings, SecretInput } from '@/src/providers/schemas';
import type { AdapterProvider, CallOptions, Connection } from '@/src/providers/types';
import { callOptions, collect, connection, failureOf, HELLO } from './helpers';

interface Sent {
  url: string;
  init: RequestInit;
}

const SSE_ANSWER = 'data: {"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';

/** A fetch that records every call and answers with a tiny OpenAI-style stream (or a model list for GETs). */
function recordingFetch(): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fake = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push({ url: String(input), init });
    if ((init.method ?? 'GET') === 'GET') return new Response('{"data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    return new Response(SSE_ANSWER, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { fetch: fake as typeof fetch, sent };
}

function granting(granted: boolean): { isOriginGranted: (origin: string) => Promise<boolean>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    isOriginGranted: (origin: string) => {
      asked.push(origin);
      return Promise.resolve(granted);
    },
  };
}

const KEY = 'sk-proj-GUARDKEY0123456789abcdefghij';

describe('the destination must be the origin the connection is set up for', () => {
  test('a URL on another origin is refused and nothing is fetched', async () => {
    const { fetch, sent } = recordingFetch();
    const conn = connection('openai', undefined, { apiKey: KEY });
    const ctx = errorContextFor(conn);
    for (const url of ['https://evil.example/v1/chat/completions', 'https://api.openai.com.evil.example/v1/models', 'https://api.openai.com:8443/v1/models', 'http://api.openai.com/v1/models']) {
      const error = await failureOf(fetchJson({ url, headers: { Authorization: `Bearer ${KEY}` } }, callOptions({ fetch }), ctx));
      expect(error.kind, url).toBe('origin-not-allowed');
      expect(error.retryable).toBe(false);
      expect(error.message).not.toContain(KEY);
    }
    const error = await failureOf(openStream({ url: 'https://evil.example/v1/chat/completions', body: '{"secret":"conversation"}' }, callOptions({ fetch }), ctx));
    expect(error.message).toBe('Keyward did not send this request to https://evil.example: it is not the server this OpenAI key is set up for. Check the base URL in the key’s settings.');
    expect(sent).toHaveLength(0);
  });

  test('a context without a destination (not built from a connection) sends nothing', async () => {
    const { fetch, sent } = recordingFetch();
    const error = await failureOf(fetchJson({ url: 'https://api.openai.com/v1/models' }, callOptions({ fetch }), { provider: 'openai', secrets: [] }));
    expect(error.kind).toBe('origin-not-allowed');
    expect(sent).toHaveLength(0);
  });

  test('only http and https URLs are sent', async () => {
    const { fetch, sent } = recordingFetch();
    for (const baseUrl of ['file:///etc/passwd', 'ftp://127.0.0.1/v1', 'data:text/plain,x', 'not a url']) {
      const conn = connection('custom', baseUrl, {});
      const error = await failureOf(adapterFor('custom').streamChat(conn, { model: 'm', messages: HELLO }, callOptions({ fetch })));
      expect(error.kind, baseUrl).toBe('origin-not-allowed');
      expect(error.message).toBe('Keyward only sends requests to http:// and https:// addresses. Check the base URL in the key’s settings.');
    }
    expect(sent).toHaveLength(0);
  });
});

describe('the origin must be granted to the extension', () => {
  test('an origin the browser has not granted is refused and nothing is fetched', async () => {
    const { fetch, sent } = recordingFetch();
    const grant = granting(false);
    const conn = connection('custom', 'https://proxy.example:8443/v1', { apiKey: KEY });
    const error = await failureOf(adapterFor('custom').streamChat(conn, { model: 'm', messages: HELLO }, callOptions({ fetch, isOriginGranted: grant.isOriginGranted })));
    expect(error.kind).toBe('origin-not-allowed');
    expect(error.message).toContain('https://proxy.example:8443');
    expect(error.message).not.toContain(KEY);
    expect(grant.asked).toEqual(['https://proxy.example:8443']);
    expect(sent).toHaveLength(0);
    expect((await failureOf(adapterFor('custom').listModels(conn, callOptions({ fetch, isOriginGranted: grant.isOriginGranted })))).kind).toBe('origin-not-allowed');
    expect(sent).toHaveLength(0);
  });

  test('a permission check that throws counts as not granted', async () => {
    const { fetch, sent } = recordingFetch();
    const conn = connection('openai', undefined, { apiKey: KEY });
    const error = await failureOf(adapterFor('openai').listModels(conn, callOptions({ fetch, isOriginGranted: () => Promise.reject(new Error('no')) })));
    expect(error.kind).toBe('origin-not-allowed');
    expect(sent).toHaveLength(0);
  });

  test('by default the browser is asked, with the port left out of the pattern (Firefox refuses ports)', async () => {
    const contains = vi.fn((_: { origins?: string[] }) => Promise.resolve(false));
    fakeBrowser.permissions.contains = contains as unknown as typeof fakeBrowser.permissions.contains;
    const { fetch, sent } = recordingFetch();
    const conn = connection('vllm', 'http://127.0.0.1:8000/v1', {});
    const error = await failureOf(adapterFor('vllm').streamChat(conn, { model: 'm', messages: HELLO }, callOptions({ fetch })));
    expect(error.kind).toBe('origin-not-allowed');
    expect(contains).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*'] });
    expect(sent).toHaveLength(0);

    contains.mockImplementation(() => Promise.resolve(true));
    await collect(adapterFor('vllm').streamChat(conn, { model: 'm', messages: HELLO }, callOptions({ fetch })));
    expect(sent.map((call) => call.url)).toEqual(['http://127.0.0.1:8000/v1/chat/completions']);
    expect(await isOriginGrantedByBrowser('https://api.openai.com')).toBe(true);
    expect(contains).toHaveBeenLastCalledWith({ origins: ['https://api.openai.com/*'] });
  });
});

describe('plain http only to this computer, unless the user allowed it', () => {
  test('http to another computer is refused without the opt-in, and nothing is fetched', async () => {
    const { fetch, sent } = recordingFetch();
    for (const baseUrl of ['http://192.168.1.20:8000/v1', 'http://proxy.example/v1', 'http://localhost.evil.example/v1', 'http://128.0.0.1/v1']) {
      const conn = connection('custom', baseUrl, { apiKey: KEY });
      const error = await failureOf(adapterFor('custom').streamChat(conn, { model: 'm', messages: HELLO }, callOptions({ fetch })));
      expect(error.kind, baseUrl).toBe('origin-not-allowed');
      expect(error.message).toContain('plain http');
    }
    expect(sent).toHaveLength(0);
  });

  test('with allowInsecureHttp it is sent; to this computer it is sent without it', async () => {
    const { fetch, sent } = recordingFetch();
    await collect(adapterFor('custom').streamChat(connection('custom', 'http://192.168.1.20:8000/v1', { apiKey: KEY }, { allowInsecureHttp: 'yes' }), { model: 'm', messages: HELLO }, callOptions({ fetch })));
    for (const baseUrl of ['http://localhost:1234/v1', 'http://127.0.0.1:8080/v1', 'http://127.9.8.7/v1', 'http://[::1]:8000/v1']) {
      await collect(adapterFor('lmstudio').streamChat(connection('lmstudio', baseUrl, {}), { model: 'm', messages: HELLO }, callOptions({ fetch })));
    }
    await collect(adapterFor('ollama').streamChat(connection('ollama', undefined, {}), { model: 'm', messages: HELLO }, callOptions({ fetch: ndjsonFetch(sent) })));
    expect(sent.map((call) => new URL(call.url).origin)).toEqual([
      'http://192.168.1.20:8000',
      'http://localhost:1234',
      'http://127.0.0.1:8080',
      'http://127.9.8.7',
      'http://[::1]:8000',
      'http://localhost:11434',
    ]);
  });
});

function ndjsonFetch(sent: Sent[]): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push({ url: String(input), init });
    return new Response('{"message":{"content":"ok"},"done":true}\n', { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
  }) as typeof fetch;
}

interface Setup {
  provider: AdapterProvider;
  settings: ProviderSettings;
  secret: SecretInput;
  /** The origins of the chat call and of the model-list call. */
  chat: string;
  models: string;
}

const AZURE_KEY = 'a'.repeat(32);
const SETUPS: Setup[] = [
  { provider: 'openai', settings: {}, secret: { apiKey: KEY }, chat: 'https://api.openai.com', models: 'https://api.openai.com' },
  { provider: 'anthropic', settings: {}, secret: { apiKey: 'sk-ant-api03-0123456789abcdefghij' }, chat: 'https://api.anthropic.com', models: 'https://api.anthropic.com' },
  { provider: 'gemini', settings: {}, secret: { apiKey: 'AIzaSyTest0123456789abcdefghijklmnopqr' }, chat: 'https://generativelanguage.googleapis.com', models: 'https://generativelanguage.googleapis.com' },
  { provider: 'vertex', settings: {}, secret: { apiKey: 'v'.repeat(40) }, chat: 'https://aiplatform.googleapis.com', models: 'https://aiplatform.googleapis.com' },
  { provider: 'vertex', settings: { vertexProject: 'p', vertexLocation: 'europe-west4' }, secret: { apiKey: 'v'.repeat(40) }, chat: 'https://europe-west4-aiplatform.googleapis.com', models: 'https://europe-west4-aiplatform.googleapis.com' },
  { provider: 'azure-openai', settings: { azureResource: 'my-res' }, secret: { apiKey: AZURE_KEY }, chat: 'https://my-res.openai.azure.com', models: 'https://my-res.openai.azure.com' },
  { provider: 'azure-openai', settings: { azureResource: 'my-res', azureDeployment: 'dep' }, secret: { apiKey: AZURE_KEY }, chat: 'https://my-res.openai.azure.com', models: 'https://my-res.openai.azure.com' },
  { provider: 'bedrock', settings: { region: 'eu-west-3', bedrockAuth: 'api-key' }, secret: { apiKey: 'bedrock-key' }, chat: 'https://bedrock-runtime.eu-west-3.amazonaws.com', models: 'https://bedrock.eu-west-3.amazonaws.com' },
  { provider: 'cohere', settings: {}, secret: { apiKey: 'c'.repeat(40) }, chat: 'https://api.cohere.com', models: 'https://api.cohere.com' },
  { provider: 'mistral', settings: {}, secret: { apiKey: 'm'.repeat(32) }, chat: 'https://api.mistral.ai', models: 'https://api.mistral.ai' },
  { provider: 'groq', settings: {}, secret: { apiKey: 'g'.repeat(20) }, chat: 'https://api.groq.com', models: 'https://api.groq.com' },
  { provider: 'openrouter', settings: {}, secret: { apiKey: 'o'.repeat(20) }, chat: 'https://openrouter.ai', models: 'https://openrouter.ai' },
  { provider: 'huggingface', settings: {}, secret: { apiKey: 'hf_'.padEnd(37, 'h') }, chat: 'https://router.huggingface.co', models: 'https://router.huggingface.co' },
  { provider: 'azure-openai', settings: { baseUrl: 'https://gateway.example:9443/openai/v1' }, secret: { apiKey: AZURE_KEY }, chat: 'https://gateway.example:9443', models: 'https://gateway.example:9443' },
];

describe('every adapter’s own URL passes the guard (https, default or derived host, granted)', () => {
  test.each(SETUPS)('$provider $settings', async ({ provider, settings, secret, chat, models }) => {
    const conn: Connection = { provider, secret, settings };
    expect(expectedOrigins(provider, settings)).toEqual(expect.arrayContaining([chat, models]));
    const grant = granting(true);
    const sent: string[] = [];
    // The body is never read: the guard either let the call through to fetch or it did not.
    const fake = (async (input: RequestInfo | URL) => {
      sent.push(String(input));
      throw new TypeError('offline');
    }) as typeof fetch;
    const opts: CallOptions = callOptions({ fetch: fake, isOriginGranted: grant.isOriginGranted });
    expect((await failureOf(adapterFor(provider).streamChat(conn, { model: 'm', messages: HELLO }, opts))).kind).toBe('network');
    expect((await failureOf(adapterFor(provider).listModels(conn, opts))).kind).toBe('network');
    expect(sent.map((url) => new URL(url).origin)).toEqual([chat, models]);
    expect(grant.asked).toEqual([chat, models]);
  });
});

describe('redirects are never followed (finding 4)', () => {
  /**
   * A fetch that behaves like the browser's: with `redirect: 'manual'` the 307 comes back as an
   * unreadable opaqueredirect response; with anything else it is followed, and the request (key
   * headers and body) is recorded at the second origin.
   */
  function redirectingFetch(): { fetch: typeof fetch; sent: Sent[] } {
    const sent: Sent[] = [];
    const fake = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      sent.push({ url: String(input), init });
      if (init.redirect === 'manual') return { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), body: null } as unknown as Response;
      if (init.redirect === 'error') throw new TypeError('Failed to fetch');
      const target = new URL(new URL(String(input)).pathname, 'https://elsewhere.example');
      sent.push({ url: target.href, init });
      return new Response(SSE_ANSWER, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    return { fetch: fake as typeof fetch, sent };
  }

  const FAMILIES: { provider: AdapterProvider; secret: SecretInput; settings: ProviderSettings; keyHeader: string }[] = [
    { provider: 'openai', secret: { apiKey: KEY }, settings: {}, keyHeader: 'Authorization' },
    { provider: 'anthropic', secret: { apiKey: 'sk-ant-api03-0123456789abcdefghij' }, settings: {}, keyHeader: 'x-api-key' },
    { provider: 'gemini', secret: { apiKey: 'AIzaSyTest0123456789abcdefghijklmnopqr' }, settings: {}, keyHeader: 'x-goog-api-key' },
    { provider: 'azure-openai', secret: { apiKey: AZURE_KEY }, settings: { azureResource: 'my-res' }, keyHeader: 'api-key' },
  ];

  test.each(FAMILIES)('$provider: a redirect ends the call with a clear error; nothing goes to the other origin', async ({ provider, secret, settings, keyHeader }) => {
    const { fetch, sent } = redirectingFetch();
    const conn: Connection = { provider, secret, settings };
    const chat = await failureOf(adapterFor(provider).streamChat(conn, { model: 'm', messages: [{ role: 'user', content: 'private conversation' }] }, callOptions({ fetch })));
    const models = await failureOf(adapterFor(provider).listModels(conn, callOptions({ fetch })));
    for (const error of [chat, models]) {
      expect(error.kind).toBe('redirect-refused');
      expect(error.retryable).toBe(false);
      expect(error.message).toBe('The server answered with a redirect to another address; Keyward does not follow redirects with your key. Check the base URL in the key\'s settings.');
    }
    // One request each, to the provider's own origin, carrying the key (the positive control).
    expect(sent).toHaveLength(2);
    expect(sent.every((call) => new URL(call.url).origin === expectedOrigins(provider, settings)[0])).toBe(true);
    expect(sent.every((call) => Object.keys(call.init.headers ?? {}).includes(keyHeader))).toBe(true);
  });

  describe('against real servers with Node’s fetch (which answers a manual redirect with the 3xx itself)', () => {
    const servers: Server[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    });

    async function listen(handler: (request: IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<string> {
      const server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const reply = handler(request, Buffer.concat(chunks).toString('utf8'));
          response.writeHead(reply.status, reply.headers ?? {});
          response.end(reply.body ?? '');
        });
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    }

    test.each([301, 302, 303, 307, 308])('%i to another origin (and to the same origin) is not followed', async (status) => {
      const atSecond: string[] = [];
      const second = await listen((request, body) => {
        atSecond.push(`${request.method} ${request.url} ${JSON.stringify(request.headers)} ${body}`);
        return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: SSE_ANSWER };
      });
      let first = '';
      let firstCalls = 0;
      first = await listen((request) => {
        firstCalls++;
        // Every other request is redirected to the same origin, which is refused as well.
        const to = firstCalls % 2 === 0 ? `${first}/elsewhere` : `${second}${request.url ?? '/'}`;
        return { status, headers: { location: to } };
      });
      for (const [provider, secret] of [['openai', { apiKey: KEY }], ['anthropic', { apiKey: 'sk-ant-api03-0123456789abcdefghij' }]] as const) {
        const conn = connection(provider, provider === 'openai' ? `${first}/v1` : first, secret);
        const chat = await failureOf(adapterFor(provider).streamChat(conn, { model: 'm', messages: [{ role: 'user', content: 'private conversation' }] }, callOptions()));
        expect(chat.kind).toBe('redirect-refused');
        expect(chat.status).toBe(status);
        expect((await failureOf(adapterFor(provider).listModels(conn, callOptions()))).kind).toBe('redirect-refused');
      }
      expect(firstCalls).toBe(4);
      expect(atSecond).toEqual([]);
    });
  });
});
