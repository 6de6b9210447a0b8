/**
 * Issue 17, bad input: a corrupted model file. A download is checked against what the Hub lists
 * (the weights' size and SHA-256 under `lfs`; the JSON files must parse), and a cached file later
 * damaged is found by the model's page (readCheckedFile), which removes the model and leaves a note
 * of where it came from (markModelDamaged), so the options page offers the same download again.
 * Runs the real download against the stand-in Hub, on an in-memory Cache Storage.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { startHub, TINY_MODEL, type HubServer } from '../../fixtures/hub-server';
import { downloadModel, DownloadError } from '@/src/local-model/download';
import { DamagedModelError, fileKey, listStoredModels, markModelDamaged, MODEL_CACHE, readCheckedFile, readManifest } from '@/src/local-model/store';

/** Cache Storage as the extension's pages have it, in memory: enough for the model store. */
class MemoryCache {
  readonly entries = new Map<string, { body: ArrayBuffer; headers: [string, string][] }>();
  async put(key: string, response: Response): Promise<void> {
    const body = await response.arrayBuffer();
    this.entries.set(key, { body, headers: [...response.headers] });
  }
  async match(key: string | Request): Promise<Response | undefined> {
    const entry = this.entries.get(typeof key === 'string' ? key : key.url);
    return entry ? new Response(entry.body.slice(0), { headers: entry.headers }) : undefined;
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async delete(key: string | Request): Promise<boolean> {
    return this.entries.delete(typeof key === 'string' ? key : key.url);
  }
}

let hub: HubServer;
let cache: MemoryCache;

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await hub.close();
});
beforeEach(() => {
  cache = new MemoryCache();
  vi.stubGlobal('caches', { open: async (name: string) => (name === MODEL_CACHE ? cache : new MemoryCache()) });
  hub.listSha256(undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const download = () => downloadModel({ id: TINY_MODEL, dtype: 'q4', hub: hub.url, signal: new AbortController().signal });
const WEIGHTS = 'onnx/model_q4.onnx';

function flipByte(path: string): void {
  const entry = cache.entries.get(fileKey(TINY_MODEL, path));
  if (!entry) throw new Error(`${path} is not cached`);
  const bytes = new Uint8Array(entry.body);
  bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
}

test('a download keeps where it came from and each file checked; a byte changed on disk afterwards is found before use', async () => {
  const manifest = await download();
  expect(manifest.hub).toBe(hub.url);
  expect(manifest.files.map((file) => file.path)).toContain(WEIGHTS);
  expect((await readCheckedFile(TINY_MODEL, WEIGHTS))?.byteLength).toBe(manifest.files.find((file) => file.path === WEIGHTS)?.size);

  flipByte(WEIGHTS);
  await expect(readCheckedFile(TINY_MODEL, WEIGHTS)).rejects.toBeInstanceOf(DamagedModelError);
  // A JSON file damaged the same way is found too (its hash, not only its syntax).
  flipByte('tokenizer.json');
  await expect(readCheckedFile(TINY_MODEL, 'tokenizer.json')).rejects.toThrow('tokenizer.json');
});

test('a damaged model is removed with a note of what to download again; the download again makes it whole and drops the note', async () => {
  await download();
  flipByte(WEIGHTS);
  await markModelDamaged(TINY_MODEL, WEIGHTS);
  expect(await readManifest(TINY_MODEL)).toBeUndefined();
  const [listed] = await listStoredModels();
  expect(listed).toMatchObject({ id: TINY_MODEL, bytes: 0, damaged: { id: TINY_MODEL, dtype: 'q4', hub: hub.url, path: WEIGHTS } });
  expect(listed?.manifest).toBeUndefined();
  // Only the note is left: no file of the damaged copy.
  expect([...cache.entries.keys()]).toEqual([fileKey(TINY_MODEL, '.keyward-damaged.json')]);

  await download();
  expect(await readCheckedFile(TINY_MODEL, WEIGHTS)).toBeInstanceOf(ArrayBuffer);
  const [again] = await listStoredModels();
  expect(again?.damaged).toBeUndefined();
  expect(again?.manifest?.id).toBe(TINY_MODEL);
});

test('weights that are not what the Hub lists (another SHA-256) fail the download as damaged, and nothing is kept', async () => {
  hub.listSha256('0'.repeat(64));
  const failed = await download().catch((error: unknown) => error);
  expect(failed).toBeInstanceOf(DownloadError);
  expect((failed as DownloadError).code).toBe('damaged');
  expect([...cache.entries.keys()]).toEqual([]);
});

test('a JSON file that does not parse (a proxy’s error page) fails the download as damaged, and nothing is kept', async () => {
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) =>
    String(input).endsWith('/tokenizer_config.json') ? new Response('<html>Gateway timeout</html>', { status: 200 }) : realFetch(input, init),
  );
  const failed = await download().catch((error: unknown) => error);
  expect((failed as DownloadError).code).toBe('damaged');
  expect((failed as DownloadError).message).toContain('tokenizer_config.json');
  expect([...cache.entries.keys()]).toEqual([]);
});
