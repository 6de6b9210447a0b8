/**
 * A mock of every provider API the extension calls, on 127.0.0.1, replaying the recorded streams in
 * tests/fixtures/providers. Unit tests start it with `startMockProvider()`; E2E tests can run it alone:
 *
 *   node --experimental-strip-types tests/mock-provider/server.ts --port 8787
 *
 * A scenario (normal replay, an HTTP error, an error inside the stream, a dropped connection, a slow
 * or endless stream…) is chosen per request with the `x-mock-scenario` header, or for every request
 * with `setScenario()` / `POST /__mock/scenario {"scenario": "...", ...options}`. Every request is
 * recorded (`requests`, or `GET /__mock/requests`) so tests can check what the extension sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { bedrockFrame, fixtureText, framesFor, type WireProtocol } from './framing.ts';
import { httpErrorReply, type ErrorFamily, type HttpErrorScenario, type HttpReply } from './error-replies.ts';
import { ANTHROPIC_MODELS, BEDROCK_MODELS, COHERE_MODELS, GEMINI_MODELS, OLLAMA_TAGS, OPENAI_MODELS } from './model-lists.ts';
import { epochNow, streamLongMarkdown, type LongStreamRecord } from './long-markdown.ts';
import { streamHugeAnswer } from './huge-answer.ts';
import { answerTextFrames } from './answer-text.ts';
import { streamEndless } from './endless.ts';
import { BadEmbeddingRequest, embeddingFormatOf, embeddingReply, type EmbeddingFormat } from './embeddings.ts';

export const SCENARIOS = [
  'normal',
  'unauthorized',
  'forbidden',
  'forbidden-empty',
  'not-found',
  'rate-limited',
  'quota',
  'overloaded',
  'context-too-long',
  'server-error',
  /** The provider refuses an image: too large, unreadable, or a model that does not see (error-replies.ts). */
  'image-refused',
  'stream-error',
  'drop-mid-stream',
  'slow-headers',
  'slow-first-byte',
  'slow-drip',
  'garbage',
  'html-200',
  'never-ends',
  'prompt-blocked',
  'content-filter',
  /** OpenAI chat only: a long markdown answer at a fixed token rate (see long-markdown.ts). */
  'long-markdown',
  /** OpenAI chat only: a 20 MB answer (or `totalChars`) sent as fast as it is read (see huge-answer.ts). */
  'huge',
  /** OpenAI chat only: a few events, then 150 MB (or `totalBytes`) of `data:` lines and never a blank line (see endless.ts). */
  'endless-event',
  /** OpenAI chat only: a few events, then one `data:` line of 150 MB (or `totalBytes`) that never ends (see endless.ts). */
  'endless-line',
  /** Every API request is answered `307` to `redirectTo` plus the same path and query. */
  'redirect',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ScenarioOptions {
  /** Pause between stream events (every scenario that streams; `slow-drip` defaults to 40 ms). */
  chunkDelayMs?: number;
  /** How long `slow-headers` / `slow-first-byte` wait. Default 3000 ms. */
  delayMs?: number;
  /** The `retry-after` header of `rate-limited` replies. Default "7". */
  retryAfter?: string;
  /** Replay this fixture file instead of the route's default. */
  fixture?: string;
  /** `long-markdown`: how many tokens (SSE deltas) the answer has. Default 20,000. */
  tokens?: number;
  /** `long-markdown`: how fast they are sent. Default 2,000 a second. */
  tokensPerSecond?: number;
  /** `huge`: how many characters the answer has. Default 20,000,000. */
  totalChars?: number;
  /** OpenAI chat only: answer with this text instead of the fixture's (see answer-text.ts). */
  answer?: string;
  /** `endless-event` / `endless-line`: how many bytes to send after the first events. Default 150 MB. */
  totalBytes?: number;
  /** `redirect`: the origin to send requests to, such as another mock's `url`. */
  redirectTo?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The parsed body when it was JSON. */
  json?: unknown;
  scenario: Scenario;
  /** When the request arrived (epoch ms), so tests can tell what came after a deadline. */
  receivedAt: number;
}

export interface MockProvider {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Every `long-markdown` stream, with the mock's timestamps (epoch ms). */
  longStreams: LongStreamRecord[];
  setScenario(scenario: Scenario, options?: ScenarioOptions): void;
  reset(): void;
  close(): Promise<void>;
}

interface StreamRoute {
  kind: 'stream';
  protocol: WireProtocol;
  family: ErrorFamily;
  fixture: string;
  contentType: string;
}

interface JsonRoute {
  kind: 'json';
  family: ErrorFamily;
  /** The answer, from the request's parsed JSON body (embeddings answer what was asked). */
  body: (json: unknown) => unknown;
}

type Route = StreamRoute | JsonRoute;

const SSE = 'text/event-stream; charset=utf-8';
const encoder = new TextEncoder();

function stream(protocol: WireProtocol, family: ErrorFamily, fixture: string, contentType = SSE): StreamRoute {
  return { kind: 'stream', protocol, family, fixture, contentType };
}

function routeFor(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, model: string): Route | undefined {
  if (method === 'POST') {
    if (path === '/v1/chat/completions') return stream('openai-chat', 'openai', /mistral/i.test(model) ? 'mistral-usage-raw-live.chunks.txt' : 'openai-chat-text.chunks.txt');
    if (/^\/openai\/(v1|deployments\/[^/]+)\/chat\/completions$/.test(path)) return stream('openai-chat', 'azure', 'azure-chat-model-router.1.chunks.txt');
    if (path === '/v1/messages') return stream('anthropic', 'anthropic', 'anthropic-text.chunks.txt');
    if (/:streamGenerateContent$/.test(path)) return stream('gemini', 'google', 'google-text.chunks.txt');
    if (/:countTokens$/.test(path)) return { kind: 'json', family: 'google', body: () => ({ totalTokens: 1 }) };
    if (path === '/v2/chat') return stream('cohere', 'cohere', 'cohere-text.chunks.txt');
    if (/^\/model\/[^/]+\/converse-stream$/.test(path)) return stream('bedrock', 'bedrock', 'amazon-bedrock-text.chunks.txt', 'application/vnd.amazon.eventstream');
    if (path === '/api/chat') return stream('ollama', 'ollama', 'ollama-chat.chunks.txt', 'application/x-ndjson');
    const embedding = embeddingFormatOf(path);
    if (embedding !== undefined) return embeddingRoute(embedding, path);
    return undefined;
  }
  if (method !== 'GET') return undefined;
  if (path === '/v1/models') {
    if (headers['x-api-key'] !== undefined) return { kind: 'json', family: 'anthropic', body: () => ANTHROPIC_MODELS };
    if (query.get('endpoint') === 'chat') return { kind: 'json', family: 'cohere', body: () => COHERE_MODELS };
    return { kind: 'json', family: 'openai', body: () => OPENAI_MODELS };
  }
  if (path === '/openai/v1/models' || path === '/openai/models') return { kind: 'json', family: 'azure', body: () => OPENAI_MODELS };
  if (path === '/v1beta/models') return { kind: 'json', family: 'google', body: () => GEMINI_MODELS };
  if (path === '/api/tags') return { kind: 'json', family: 'ollama', body: () => OLLAMA_TAGS };
  if (path === '/foundation-models') return { kind: 'json', family: 'bedrock', body: () => BEDROCK_MODELS };
  return undefined;
}

const EMBEDDING_FAMILIES: Record<EmbeddingFormat, ErrorFamily> = {
  openai: 'openai',
  gemini: 'google',
  vertex: 'google',
  cohere: 'cohere',
  'bedrock-titan': 'bedrock',
  'bedrock-cohere': 'bedrock',
  ollama: 'ollama',
};

/**
 * Embeddings answer with the deterministic vectors of tests/fixtures/mock-embeddings.ts. The recorded
 * OpenAI answer (fixture `openai-embedding.json`) is replayed instead when a scenario names it.
 */
function embeddingRoute(format: EmbeddingFormat, path: string): JsonRoute {
  const family = path.startsWith('/openai/') ? 'azure' : EMBEDDING_FAMILIES[format];
  return { kind: 'json', family, body: (json) => embeddingReply(format, json, path) };
}

/** The error event a protocol sends inside an HTTP 200 stream. */
function inStreamError(protocol: WireProtocol): Uint8Array[] | undefined {
  switch (protocol) {
    case 'openai-chat':
      return [encoder.encode(`data: ${JSON.stringify({ error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } })}\n\n`)];
    case 'anthropic':
      return [encoder.encode(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`)];
    case 'gemini':
      return [encoder.encode(`data: ${JSON.stringify({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } })}\n\n`)];
    case 'bedrock':
      return [bedrockFrame('exception', 'throttlingException', { message: 'Too many tokens, please wait before trying again.' })];
    case 'ollama':
      return [encoder.encode(`${JSON.stringify({ error: 'an error was encountered while running the model: unexpected EOF' })}\n`)];
    case 'cohere':
      return undefined;
  }
}

/** Deterministic bytes that are no protocol at all (and not valid UTF-8). */
function garbageBytes(): Uint8Array {
  const bytes = new Uint8Array(700);
  let seed = 7;
  for (let index = 0; index < bytes.length; index += 1) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    bytes[index] = index % 50 === 49 ? 10 : seed % 256;
  }
  return bytes;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function headerRecord(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function presentedKey(headers: Record<string, string>): string {
  const bearer = headers['authorization']?.replace(/^Bearer\s+/i, '');
  return headers['x-api-key'] ?? headers['api-key'] ?? headers['x-goog-api-key'] ?? bearer ?? '';
}

function corsHeaders(request: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    // A literal "*" does not cover Authorization, so the requested headers are echoed.
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
    'access-control-expose-headers': 'retry-after, retry-after-ms, x-amzn-errortype, content-type',
    'access-control-max-age': '600',
  };
}

function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value);
}

function isHttpErrorScenario(scenario: Scenario): scenario is HttpErrorScenario {
  return ['unauthorized', 'forbidden', 'forbidden-empty', 'not-found', 'rate-limited', 'quota', 'overloaded', 'context-too-long', 'server-error', 'image-refused'].includes(scenario);
}

export async function startMockProvider(options: { port?: number; host?: string } = {}): Promise<MockProvider> {
  const requests: RecordedRequest[] = [];
  const longStreams: LongStreamRecord[] = [];
  const sockets = new Set<Socket>();
  let currentScenario: Scenario = 'normal';
  let currentOptions: ScenarioOptions = {};

  async function write(response: ServerResponse, chunk: Uint8Array): Promise<boolean> {
    if (response.destroyed) return false;
    if (!response.write(chunk)) await new Promise<void>((resolve) => response.once('drain', resolve));
    return !response.destroyed;
  }

  async function replayStream(response: ServerResponse, route: StreamRoute, scenario: Scenario, opts: ScenarioOptions): Promise<void> {
    const chunkDelayMs = opts.chunkDelayMs ?? (scenario === 'slow-drip' ? 40 : 0);
    let fixture = opts.fixture ?? route.fixture;
    if (scenario === 'prompt-blocked') fixture = 'google-prompt-block-issue-19758.chunks.txt';
    let frames = opts.answer !== undefined && route.protocol === 'openai-chat' ? answerTextFrames(opts.answer) : framesFor(route.protocol, fixture);
    const half = Math.max(1, Math.floor(frames.length / 2));

    if (scenario === 'stream-error') {
      const errorFrames = inStreamError(route.protocol);
      if (errorFrames === undefined) {
        sendReply(response, { status: 501, headers: { 'content-type': 'text/plain' }, body: `mock: no in-stream error for ${route.protocol}` });
        return;
      }
      frames = [...frames.slice(0, half), ...errorFrames];
    }
    if (scenario === 'content-filter') {
      frames = [...frames.slice(0, 3), encoder.encode(`data: ${JSON.stringify({ choices: [{ content_filter_results: { hate: { filtered: true, severity: 'high' } }, delta: {}, finish_reason: 'content_filter', index: 0 }], object: 'chat.completion.chunk' })}\n\n`), encoder.encode('data: [DONE]\n\n')];
    }
    if (scenario === 'slow-headers') await sleep(opts.delayMs ?? 3000);
    if (response.destroyed) return;

    response.writeHead(200, { 'content-type': scenario === 'html-200' ? 'text/html; charset=utf-8' : route.contentType, 'cache-control': 'no-cache' });
    response.flushHeaders();
    if (scenario === 'html-200') {
      response.end('<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body><h1>Please sign in</h1></body></html>');
      return;
    }
    if (scenario === 'garbage') {
      response.end(garbageBytes());
      return;
    }
    if (scenario === 'long-markdown') {
      if (route.protocol !== 'openai-chat') {
        response.end();
        return;
      }
      const complete = await streamLongMarkdown((bytes) => write(response, bytes), opts, (entry) => longStreams.push(entry));
      if (complete) response.end();
      return;
    }
    if (scenario === 'huge') {
      if (route.protocol !== 'openai-chat') {
        response.end();
        return;
      }
      if (await streamHugeAnswer((bytes) => write(response, bytes), opts.totalChars)) response.end();
      return;
    }
    if (scenario === 'endless-event' || scenario === 'endless-line') {
      if (route.protocol !== 'openai-chat') {
        response.end();
        return;
      }
      // The first words ("**Holiday Name:**"), which must be kept when the answer then fails.
      for (const frame of frames.slice(0, 5)) {
        if (!(await write(response, frame))) return;
      }
      if (await streamEndless((bytes) => write(response, bytes), scenario, opts.totalBytes)) response.end();
      return;
    }
    if (scenario === 'slow-first-byte') await sleep(opts.delayMs ?? 3000);

    const stopAt = scenario === 'drop-mid-stream' ? half : scenario === 'never-ends' ? Math.max(1, Math.floor(frames.length / 3)) : frames.length;
    for (const [index, frame] of frames.slice(0, stopAt).entries()) {
      if (index > 0 && chunkDelayMs > 0) await sleep(chunkDelayMs);
      if (scenario === 'slow-drip') {
        // Each event goes out in two pieces cut mid-payload, so the client sees real partial reads.
        const middle = Math.ceil(frame.byteLength / 2);
        if (!(await write(response, frame.subarray(0, middle)))) return;
        await sleep(1);
        if (!(await write(response, frame.subarray(middle)))) return;
      } else if (!(await write(response, frame))) {
        return;
      }
    }
    if (scenario === 'drop-mid-stream') {
      await sleep(20);
      response.socket?.destroy();
      return;
    }
    if (scenario === 'never-ends') return; // left open until the client gives up or the server closes
    response.end();
  }

  function sendReply(response: ServerResponse, reply: HttpReply): void {
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(corsHeaders(request))) response.setHeader(name, value);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const headers = headerRecord(request);
    const method = request.method ?? 'GET';
    const headerScenario = headers['x-mock-scenario'];
    const scenario: Scenario = isScenario(headerScenario) ? headerScenario : currentScenario;
    const json = parseJsonBody(body);
    requests.push({ method, url: request.url ?? '/', path: url.pathname, headers, body, ...(json === undefined ? {} : { json }), scenario, receivedAt: Date.now() });

    if (method === 'OPTIONS') {
      response.writeHead(204);
      response.end();
      return;
    }
    if (url.pathname.startsWith('/__mock/')) {
      handleControl(method, url.pathname, json, response);
      return;
    }
    if (scenario === 'redirect') {
      const opts = isScenario(headerScenario) ? {} : currentOptions;
      sendReply(response, { status: 307, headers: { location: `${opts.redirectTo ?? 'http://127.0.0.1:9'}${request.url ?? '/'}` }, body: '' });
      return;
    }
    const model = typeof json === 'object' && json !== null && typeof (json as Record<string, unknown>)['model'] === 'string' ? String((json as Record<string, unknown>)['model']) : decodeURIComponent(/models?\/([^/:]+)/.exec(url.pathname)?.[1] ?? '');
    const route = routeFor(method, url.pathname, url.searchParams, headers, model);
    if (route === undefined) {
      sendReply(response, { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: `mock: no route for ${method} ${url.pathname}` } }) });
      return;
    }
    const opts = isScenario(headerScenario) ? {} : currentOptions;
    if (isHttpErrorScenario(scenario)) {
      sendReply(response, httpErrorReply({ family: route.family, scenario, presentedKey: presentedKey(headers), model, retryAfter: opts.retryAfter ?? '7' }));
      return;
    }
    if (route.kind === 'json') {
      if (scenario === 'slow-headers' || scenario === 'slow-first-byte') await sleep(opts.delayMs ?? 3000);
      if (scenario === 'html-200') {
        sendReply(response, { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Please sign in</body></html>' });
        return;
      }
      if (scenario === 'never-ends') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"data": [');
        return;
      }
      if (opts.fixture !== undefined && /\.json$/.test(opts.fixture)) {
        sendReply(response, { status: 200, headers: { 'content-type': 'application/json' }, body: fixtureText(opts.fixture) });
        return;
      }
      let body: unknown;
      try {
        body = route.body(json);
      } catch (error) {
        if (!(error instanceof BadEmbeddingRequest)) throw error;
        sendReply(response, { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: `mock: ${error.message}`, type: 'invalid_request_error' } }) });
        return;
      }
      sendReply(response, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return;
    }
    await replayStream(response, route, scenario, opts);
  }

  function handleControl(method: string, path: string, json: unknown, response: ServerResponse): void {
    if (method === 'POST' && path === '/__mock/scenario') {
      const input = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
      const scenario = input['scenario'];
      if (!isScenario(scenario)) {
        sendReply(response, { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: `unknown scenario; one of ${SCENARIOS.join(', ')}` }) });
        return;
      }
      const scenarioOptions: ScenarioOptions = {};
      if (typeof input['chunkDelayMs'] === 'number') scenarioOptions.chunkDelayMs = input['chunkDelayMs'];
      if (typeof input['delayMs'] === 'number') scenarioOptions.delayMs = input['delayMs'];
      if (typeof input['retryAfter'] === 'string') scenarioOptions.retryAfter = input['retryAfter'];
      if (typeof input['fixture'] === 'string' && /^[\w.-]+$/.test(input['fixture'])) scenarioOptions.fixture = input['fixture'];
      if (typeof input['tokens'] === 'number') scenarioOptions.tokens = input['tokens'];
      if (typeof input['tokensPerSecond'] === 'number') scenarioOptions.tokensPerSecond = input['tokensPerSecond'];
      if (typeof input['totalChars'] === 'number') scenarioOptions.totalChars = input['totalChars'];
      if (typeof input['answer'] === 'string') scenarioOptions.answer = input['answer'];
      if (typeof input['totalBytes'] === 'number') scenarioOptions.totalBytes = input['totalBytes'];
      if (typeof input['redirectTo'] === 'string' && /^https?:\/\/[\w.:[\]-]+$/.test(input['redirectTo'])) scenarioOptions.redirectTo = input['redirectTo'];
      mock.setScenario(scenario, scenarioOptions);
      sendReply(response, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario }) });
      return;
    }
    if (method === 'GET' && path === '/__mock/requests') {
      sendReply(response, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(requests.filter((entry) => !entry.path.startsWith('/__mock/'))) });
      return;
    }
    if (method === 'GET' && path === '/__mock/clock') {
      // The mock's clock, for a page to align its own with (the long-markdown timestamps use it).
      sendReply(response, { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify({ now: epochNow() }) });
      return;
    }
    if (method === 'POST' && path === '/__mock/reset') {
      mock.reset();
      sendReply(response, { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
      return;
    }
    sendReply(response, { status: 404, headers: { 'content-type': 'application/json' }, body: '{}' });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  const mock: MockProvider = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    longStreams,
    setScenario(scenario: Scenario, scenarioOptions: ScenarioOptions = {}) {
      currentScenario = scenario;
      currentOptions = scenarioOptions;
    },
    reset() {
      requests.length = 0;
      longStreams.length = 0;
      currentScenario = 'normal';
      currentOptions = {};
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return mock;
}

function portFromArgs(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  const value = index >= 0 ? Number(argv[index + 1]) : 8787;
  return Number.isInteger(value) && value >= 0 ? value : 8787;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const mock = await startMockProvider({ port: portFromArgs(process.argv) });
  process.stdout.write(`mock provider listening on ${mock.url}\n`);
  const stop = () => {
    void mock.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
