/**
 * "Find local servers": which model servers answer on this computer's usual ports, what they are,
 * and which models they have. Only 127.0.0.1 is probed, on the ports below, each with a short
 * timeout and all at once. The HTTP calls are injected (`Probe`): the worker's go through the
 * provider transport and its egress guard (src/background/local-servers.ts).
 */
import type { ProviderId } from '@/src/providers/definitions';

export const PROBE_HOST = '127.0.0.1';

/** How long one probe may take: a server on this computer answers in milliseconds. */
export const PROBE_TIMEOUT_MS = 1500;

/** The usual ports of local model servers, and who listens there by default. */
export const LOCAL_SERVER_PORTS: readonly { port: number; usedBy: readonly string[] }[] = [
  { port: 11434, usedBy: ['Ollama'] },
  { port: 1234, usedBy: ['LM Studio'] },
  { port: 8080, usedBy: ['llama.cpp', 'TGI', 'MLX', 'LocalAI'] },
  { port: 8000, usedBy: ['vLLM', 'transformers serve'] },
  { port: 3000, usedBy: ['TGI'] },
  { port: 1337, usedBy: ['Jan'] },
  { port: 5001, usedBy: ['KoboldCpp'] },
  { port: 5000, usedBy: ['text-generation-webui'] },
];

/** What one GET brought back: a JSON document, something else (an error status, a web page), or nothing at all. */
export type ProbeAnswer = { kind: 'json'; json: unknown } | { kind: 'other' } | { kind: 'unreachable' };
export type Probe = (url: string) => Promise<ProbeAnswer>;

export interface FoundModel {
  id: string;
  /** Bytes on disk (Ollama says; OpenAI-compatible servers do not). */
  sizeBytes?: number;
}

export interface FoundServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The preset a key for it is saved under. */
  provider: ProviderId;
  /** The product when the server says which it is (or its port is its own); undefined: "an OpenAI-compatible server". */
  product?: string;
  /** What the key's base URL will be. */
  baseUrl: string;
  api: 'ollama' | 'openai' | 'tgi';
  models: FoundModel[];
}

export interface Discovery {
  servers: FoundServer[];
  /** Ports where something answered that is not a model server's API (a web app, another service). */
  notModelServers: { port: number; origin: string }[];
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const MAX_MODELS = 500;

/** Ollama's `/api/tags`: `{ models: [{ name, model, size }] }`. */
export function ollamaModels(json: unknown): FoundModel[] {
  const list = record(json)?.['models'];
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_MODELS).flatMap((entry): FoundModel[] => {
    const fields = record(entry);
    const id = typeof fields?.['model'] === 'string' ? fields['model'] : fields?.['name'];
    if (typeof id !== 'string' || id === '') return [];
    const size = fields?.['size'];
    return [{ id, ...(typeof size === 'number' && Number.isFinite(size) && size >= 0 ? { sizeBytes: size } : {}) }];
  });
}

/** An OpenAI-compatible `/v1/models`: `{ data: [{ id, owned_by }] }`; undefined when it is not one. */
function openAIModels(json: unknown): { models: FoundModel[]; owners: Set<string> } | undefined {
  const list = record(json)?.['data'];
  if (!Array.isArray(list)) return undefined;
  const owners = new Set<string>();
  const models = list.slice(0, MAX_MODELS).flatMap((entry): FoundModel[] => {
    const fields = record(entry);
    if (typeof fields?.['owned_by'] === 'string') owners.add(fields['owned_by'].toLowerCase());
    return typeof fields?.['id'] === 'string' && fields['id'] !== '' ? [{ id: fields['id'] }] : [];
  });
  return { models, owners };
}

/** Which preset an OpenAI-compatible server is: what its models say about it, else its port. */
function openAIProduct(port: number, owners: Set<string>): { provider: ProviderId; product?: string } {
  if (owners.has('llamacpp')) return { provider: 'llamacpp', product: 'llama.cpp' };
  if (owners.has('vllm')) return { provider: 'vllm', product: 'vLLM' };
  switch (port) {
    case 1234:
      return { provider: 'lmstudio', product: 'LM Studio' };
    case 1337:
      return { provider: 'custom', product: 'Jan' };
    case 5001:
      return { provider: 'custom', product: 'KoboldCpp' };
    case 5000:
      return { provider: 'custom', product: 'text-generation-webui' };
    default:
      return { provider: 'custom' };
  }
}

/** One port: Ollama (`/api/version`), TGI (`/info`), an OpenAI-compatible server (`/v1/models`), something else, or nothing. */
export async function probePort(port: number, probe: Probe): Promise<FoundServer | { port: number; origin: string } | undefined> {
  const origin = `http://${PROBE_HOST}:${port}`;
  const [version, info, models] = await Promise.all([probe(`${origin}/api/version`), probe(`${origin}/info`), probe(`${origin}/v1/models`)]);
  if (version.kind === 'json' && typeof record(version.json)?.['version'] === 'string') {
    const tags = await probe(`${origin}/api/tags`);
    return { port, origin, provider: 'ollama', product: 'Ollama', baseUrl: origin, api: 'ollama', models: tags.kind === 'json' ? ollamaModels(tags.json) : [] };
  }
  const listed = models.kind === 'json' ? openAIModels(models.json) : undefined;
  const modelId = info.kind === 'json' ? record(info.json)?.['model_id'] : undefined;
  if (typeof modelId === 'string' && modelId !== '') {
    return { port, origin, provider: 'tgi', product: 'Text Generation Inference', baseUrl: `${origin}/v1`, api: 'tgi', models: listed?.models.length ? listed.models : [{ id: modelId }] };
  }
  if (listed) return { port, origin, ...openAIProduct(port, listed.owners), baseUrl: `${origin}/v1`, api: 'openai', models: listed.models };
  if ([version, info, models].some((answer) => answer.kind !== 'unreachable')) return { port, origin };
  return undefined;
}

/** Probes every port at once; a port where nothing listens is simply absent from the result. */
export async function discoverLocalServers(probe: Probe, ports: readonly number[] = LOCAL_SERVER_PORTS.map((entry) => entry.port)): Promise<Discovery> {
  const results = await Promise.all([...new Set(ports)].map((port) => probePort(port, probe)));
  const discovery: Discovery = { servers: [], notModelServers: [] };
  for (const result of results) {
    if (result === undefined) continue;
    if ('api' in result) discovery.servers.push(result);
    else discovery.notModelServers.push(result);
  }
  return discovery;
}
