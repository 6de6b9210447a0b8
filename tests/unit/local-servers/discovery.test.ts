import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discoverLocalServers, LOCAL_SERVER_PORTS, ollamaModels } from '@/src/local-servers/discovery';
import { transportProbe } from '@/src/background/local-servers';
import { startFakeLocalServer, startOllamaStandIn, type FakeLocalServer, type OllamaStandIn } from '@/tests/mock-provider/local-servers';

/** A port nothing listens on: bound by the OS, then closed. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('the product probes the usual ports of local model servers', () => {
  test('Ollama, LM Studio, llama.cpp, vLLM, TGI, Jan, KoboldCpp, text-generation-webui; 127.0.0.1 only', () => {
    expect(LOCAL_SERVER_PORTS.map((entry) => entry.port)).toEqual([11434, 1234, 8080, 8000, 3000, 1337, 5001, 5000]);
  });
});

describe('discovery through the provider transport, on fake servers (ports injected: the real ones may be taken)', () => {
  let ollama: OllamaStandIn;
  let llamacpp: FakeLocalServer;
  let lmstudioLike: FakeLocalServer;
  let tgi: FakeLocalServer;
  let web: FakeLocalServer;
  let nothing: number;
  beforeAll(async () => {
    [ollama, llamacpp, lmstudioLike, tgi, web, nothing] = await Promise.all([
      startOllamaStandIn(),
      startFakeLocalServer({ kind: 'openai', models: ['qwen2.5-7b-instruct-q4_k_m.gguf'], ownedBy: 'llamacpp' }),
      startFakeLocalServer({ kind: 'openai', models: ['phi-4', 'gemma-3-4b'] }),
      startFakeLocalServer({ kind: 'tgi', models: ['HuggingFaceTB/SmolLM2-1.7B-Instruct'] }),
      startFakeLocalServer({ kind: 'html' }),
      freePort(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([ollama.close(), llamacpp.close(), lmstudioLike.close(), tgi.close(), web.close()]);
  });

  const probe = transportProbe({ isOriginGranted: async () => true });

  test('finds each server with its models, tells a web server apart, and lists nothing where nothing listens', async () => {
    const started = Date.now();
    const found = await discoverLocalServers(probe, [ollama.port, llamacpp.port, lmstudioLike.port, tgi.port, web.port, nothing]);
    expect(Date.now() - started).toBeLessThan(3000);
    const byPort = new Map(found.servers.map((server) => [server.port, server]));
    expect(byPort.get(ollama.port)).toEqual({
      port: ollama.port,
      origin: ollama.url,
      provider: 'ollama',
      product: 'Ollama',
      baseUrl: ollama.url,
      api: 'ollama',
      models: [
        { id: 'llama3.2:latest', sizeBytes: 2_019_393_189 },
        { id: 'qwen2.5:0.5b', sizeBytes: 397_821_319 },
      ],
    });
    expect(byPort.get(llamacpp.port)).toMatchObject({ provider: 'llamacpp', product: 'llama.cpp', baseUrl: `${llamacpp.url}/v1`, api: 'openai', models: [{ id: 'qwen2.5-7b-instruct-q4_k_m.gguf' }] });
    expect(byPort.get(lmstudioLike.port)).toMatchObject({ provider: 'custom', api: 'openai', models: [{ id: 'phi-4' }, { id: 'gemma-3-4b' }] });
    expect(byPort.get(lmstudioLike.port)?.product).toBeUndefined();
    expect(byPort.get(tgi.port)).toMatchObject({ provider: 'tgi', api: 'tgi', baseUrl: `${tgi.url}/v1`, models: [{ id: 'HuggingFaceTB/SmolLM2-1.7B-Instruct' }] });
    expect(found.servers).toHaveLength(4);
    expect(found.notModelServers).toEqual([{ port: web.port, origin: web.url }]);
    // The probes are plain GETs with no key and no Origin from Node; nothing else was asked.
    expect(ollama.requests.every((request) => request.method === 'GET')).toBe(true);
  });

  test('nothing granted: the egress guard sends nothing, and nothing is found', async () => {
    const before = ollama.requests.length;
    const refused = await discoverLocalServers(transportProbe({ isOriginGranted: async () => false }), [ollama.port]);
    expect(refused).toEqual({ servers: [], notModelServers: [] });
    expect(ollama.requests.length).toBe(before);
  });

  test('an LM Studio or Jan port names the product', async () => {
    const canned = (json: unknown) => async (url: string) => (url.endsWith('/v1/models') ? { kind: 'json' as const, json } : { kind: 'other' as const });
    const list = { data: [{ id: 'm', owned_by: 'organization_owner' }] };
    expect((await discoverLocalServers(canned(list), [1234])).servers[0]).toMatchObject({ provider: 'lmstudio', product: 'LM Studio' });
    expect((await discoverLocalServers(canned(list), [1337])).servers[0]).toMatchObject({ provider: 'custom', product: 'Jan' });
    expect((await discoverLocalServers(canned({ data: [{ id: 'm', owned_by: 'vllm' }] }), [8000])).servers[0]).toMatchObject({ provider: 'vllm', product: 'vLLM' });
  });

  test('a JSON answer that is no model list is not a model server', async () => {
    const json = async () => ({ kind: 'json' as const, json: { status: 'ok' } });
    expect(await discoverLocalServers(json, [5000])).toEqual({ servers: [], notModelServers: [{ port: 5000, origin: 'http://127.0.0.1:5000' }] });
  });
});

test('Ollama model sizes are kept only when they are numbers', () => {
  expect(ollamaModels({ models: [{ name: 'a', size: 12 }, { name: 'b', size: 'big' }, { size: 3 }, 'junk'] })).toEqual([{ id: 'a', sizeBytes: 12 }, { id: 'b' }]);
  expect(ollamaModels('<html>')).toEqual([]);
});
