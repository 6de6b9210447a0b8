/**
 * Stand-ins for the local model servers of issue 17 (no Ollama, LM Studio or llama.cpp here):
 *
 * - `startOllamaStandIn`: answers like Ollama, including its origin check: a request whose `Origin`
 *   is not one Ollama allows by default (this computer's http(s) origins, app://, file://, tauri://,
 *   vscode-webview://, vscode-file://) is refused with 403 and an empty body, as Ollama's CORS
 *   middleware does. `chrome-extension://…` and `moz-extension://…` are refused, and so is any web
 *   site. A request without an `Origin` header passes (it is not a CORS request).
 *   Routes: `/`, `/api/version`, `/api/tags` (installed models with sizes), `/api/chat` (NDJSON),
 *   `/api/pull` (the NDJSON progress stream of tests/fixtures/providers/ollama-pull.chunks.txt, one
 *   line every `pullDelayMs`; a client that disconnects cancels it), `/v1/models`.
 * - `startFakeLocalServer`: an OpenAI-compatible server (`/v1/models`, as LM Studio, llama.cpp, vLLM
 *   answer), a TGI (`/info` and `/v1/models`), or a web server that is no model API at all.
 *
 * Plain TypeScript that `node --experimental-strip-types` runs as is.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { fixtureLines, framesFor } from './framing.ts';

export interface SeenRequest {
  method: string;
  path: string;
  /** The Origin header as received; absent when the request carried none. */
  origin?: string;
  status: number;
}

export interface OllamaModel {
  name: string;
  size: number;
}

export interface OllamaStandIn {
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Every pull and how it ended. */
  pulls: { model: string; outcome: 'success' | 'cancelled' | 'error' }[];
  models: OllamaModel[];
  close(): Promise<void>;
}

/** The origins Ollama accepts without OLLAMA_ORIGINS (envconfig.AllowedOrigins' defaults). */
export function ollamaAllowsOrigin(origin: string): boolean {
  if (/^(?:app|file|tauri|vscode-webview|vscode-file):\/\//.test(origin)) return true;
  return /^https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d+)?$/.test(origin);
}

export const OLLAMA_STAND_IN_MODELS: readonly OllamaModel[] = [
  { name: 'llama3.2:latest', size: 2_019_393_189 },
  { name: 'qwen2.5:0.5b', size: 397_821_319 },
];

const PULL_LINES = fixtureLines('ollama-pull.chunks.txt');

interface Tracked {
  server: Server;
  sockets: Set<Socket>;
}

function track(server: Server): Tracked {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { server, sockets };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

function closeTracked({ server, sockets }: Tracked): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
}

async function bodyOf(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startOllamaStandIn(options: { port?: number; host?: string; pullDelayMs?: number } = {}): Promise<OllamaStandIn> {
  const requests: SeenRequest[] = [];
  const pulls: OllamaStandIn['pulls'] = [];
  const models: OllamaModel[] = OLLAMA_STAND_IN_MODELS.map((model) => ({ ...model }));
  const pullDelayMs = options.pullDelayMs ?? 150;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://standin.invalid').pathname;
    const method = request.method ?? 'GET';
    const origin = request.headers.origin;
    const seen: SeenRequest = { method, path, ...(origin === undefined ? {} : { origin }), status: 0 };
    requests.push(seen);
    const reply = (status: number) => {
      seen.status = status;
      return status;
    };
    if (origin !== undefined && !ollamaAllowsOrigin(origin)) {
      response.writeHead(reply(403));
      response.end();
      return;
    }
    if (origin !== undefined) response.setHeader('access-control-allow-origin', origin);
    if (method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS');
      response.setHeader('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '*');
      response.writeHead(reply(204));
      response.end();
      return;
    }
    const body = method === 'POST' ? await bodyOf(request) : undefined;
    const field = (name: string) => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined);
    if (method === 'GET' && path === '/') {
      response.writeHead(reply(200), { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Ollama is running');
      return;
    }
    if (method === 'GET' && path === '/api/version') return json(response, reply(200), { version: '0.12.6' });
    if (method === 'GET' && path === '/api/tags') {
      return json(response, reply(200), {
        models: models.map((model) => ({ name: model.name, model: model.name, modified_at: '2025-11-01T10:00:00Z', size: model.size, digest: 'a'.repeat(64), details: { format: 'gguf', family: 'llama' } })),
      });
    }
    if (method === 'GET' && path === '/v1/models') {
      return json(response, reply(200), { object: 'list', data: models.map((model) => ({ id: model.name, object: 'model', created: 1730000000, owned_by: 'library' })) });
    }
    if (method === 'POST' && path === '/api/chat') {
      const model = String(field('model') ?? '');
      if (!models.some((each) => each.name === model || each.name === `${model}:latest`)) {
        return json(response, reply(404), { error: `model "${model}" not found, try pulling it first` });
      }
      response.writeHead(reply(200), { 'content-type': 'application/x-ndjson' });
      for (const frame of framesFor('ollama', 'ollama-chat.chunks.txt')) response.write(frame);
      response.end();
      return;
    }
    if (method === 'POST' && path === '/api/pull') {
      const model = String(field('model') ?? field('name') ?? '');
      response.writeHead(reply(200), { 'content-type': 'application/x-ndjson' });
      let cancelled = false;
      response.on('close', () => {
        if (!response.writableFinished) cancelled = true;
      });
      if (model === '' || model.startsWith('no-such-model')) {
        response.write(`${JSON.stringify({ status: 'pulling manifest' })}\n`);
        response.end(`${JSON.stringify({ error: 'pull model manifest: file does not exist' })}\n`);
        pulls.push({ model, outcome: 'error' });
        return;
      }
      for (const line of PULL_LINES) {
        if (cancelled || response.destroyed) break;
        if (line.includes('"success"')) {
          // The model is written before Ollama says so, and the stream ends with that line.
          const size = 2_019_393_189;
          const existing = models.find((each) => each.name === model);
          if (existing) existing.size = size;
          else models.push({ name: model, size });
          response.end(`${line}\n`);
          pulls.push({ model, outcome: 'success' });
          return;
        }
        response.write(`${line}\n`);
        await sleep(pullDelayMs);
      }
      pulls.push({ model, outcome: 'cancelled' });
      return;
    }
    json(response, reply(404), { error: '404 page not found' });
  }

  const tracked = track(
    createServer((request, response) => {
      handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    }),
  );
  const port = await listen(tracked.server, options.port ?? 0, options.host ?? '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, port, requests, pulls, models, close: () => closeTracked(tracked) };
}

export type FakeServerKind = 'openai' | 'tgi' | 'html';

export interface FakeLocalServer {
  url: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A server on this computer: `openai` answers `/v1/models` with `models` (each `owned_by` the
 * given owner, as llama.cpp says "llamacpp" and vLLM "vllm"), `tgi` also answers `/info` as Text
 * Generation Inference does, `html` is a web server that is no model API (every path is a page).
 */
export async function startFakeLocalServer(options: { kind: FakeServerKind; port?: number; models?: string[]; ownedBy?: string }): Promise<FakeLocalServer> {
  const requests: SeenRequest[] = [];
  const models = options.models ?? ['local-model'];
  const tracked = track(
    createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://fake.invalid').pathname;
      const origin = request.headers.origin;
      const seen: SeenRequest = { method: request.method ?? 'GET', path, ...(origin === undefined ? {} : { origin }), status: 200 };
      requests.push(seen);
      if (options.kind === 'html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><title>My blog</title><h1>Hello</h1>');
        return;
      }
      if (path === '/v1/models') {
        json(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1730000000, owned_by: options.ownedBy ?? 'organization_owner' })) });
        return;
      }
      if (options.kind === 'tgi' && path === '/info') {
        json(response, 200, { model_id: models[0], model_dtype: 'torch.float16', max_input_tokens: 4095, max_total_tokens: 4096, router: 'text-generation-router', version: '3.3.6' });
        return;
      }
      seen.status = 404;
      json(response, 404, { error: 'not found' });
    }),
  );
  const port = await listen(tracked.server, options.port ?? 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, port, requests, close: () => closeTracked(tracked) };
}
