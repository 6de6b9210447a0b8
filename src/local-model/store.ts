/**
 * The downloaded in-browser models, in the extension's Cache Storage (one cache, `keyward-models`),
 * shared by the options page that downloads them and the model's page that runs them.
 *
 * A model is there when its manifest is: the manifest is written last, after every file arrived
 * whole, so a download cut short (cancelled, a full disk, the browser closed) leaves files without
 * a manifest, which nothing loads and the next download of that model removes first. The manifest
 * holds each file's size and SHA-256 (each checked against the Hub's own list where it gives them),
 * which the model's page checks before it runs anything: a damaged file is found, the model removed
 * with a note of where it came from (`markModelDamaged`), and the user asked to download it again.
 */
import { z } from 'zod/mini';
import { HUB_REPO_ID } from './catalog';

export const MODEL_CACHE = 'keyward-models';
/** Cache keys must be http(s) URLs: a name under the reserved `.invalid` domain, never fetched. */
const KEY_BASE = 'https://models.keyward.invalid/';
const MANIFEST_FILE = '.keyward-manifest.json';
/** What is left of a model whose file was found damaged: where it came from, to offer the same download again. */
const DAMAGED_FILE = '.keyward-damaged.json';

const Dtype = z.enum(['q4', 'q4f16']);
/** The Hub (or mirror) a model came from: https, or http on this computer (src/ui/options/local-models). */
const HubUrl = z.string().check(z.maxLength(300), z.regex(/^(https:\/\/|http:\/\/(127\.0\.0\.1|localhost)[:/])/));

/** `hub` when a manifest can keep it (the options page allows no other), else undefined. */
export function storableHub(hub: string): string | undefined {
  return HubUrl.safeParse(hub).success ? hub : undefined;
}

export const ModelManifest = z.strictObject({
  id: z.string().check(z.regex(HUB_REPO_ID)),
  dtype: Dtype,
  files: z.array(z.strictObject({ path: z.string().check(z.minLength(1), z.maxLength(300)), size: z.number().check(z.gte(0)), sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)) })),
  downloadedAt: z.number(),
  /** Absent in manifests written before it was kept: those came from the default Hub or a mirror the user must name again. */
  hub: z.optional(HubUrl),
});
export type ModelManifest = z.infer<typeof ModelManifest>;

export const DamagedModel = z.strictObject({
  id: z.string().check(z.regex(HUB_REPO_ID)),
  dtype: Dtype,
  hub: z.optional(HubUrl),
  /** The file whose bytes were not what was downloaded. */
  path: z.string().check(z.minLength(1), z.maxLength(300)),
  foundAt: z.number(),
});
export type DamagedModel = z.infer<typeof DamagedModel>;

export interface StoredModel {
  id: string;
  /** Bytes on disk: the files of a complete model, or what an unfinished download left. */
  bytes: number;
  /** The manifest when the download completed; absent for what an unfinished one left behind. */
  manifest?: ModelManifest;
  /** Set when a file of the model was found damaged: the files are gone, this says what to download again. */
  damaged?: DamagedModel;
}

export function fileKey(id: string, path: string): string {
  return `${KEY_BASE}${id}/${path}`;
}

/** The model id and file a cache key names, or undefined for a key that is not ours. */
function parseKey(url: string): { id: string; path: string } | undefined {
  if (!url.startsWith(KEY_BASE)) return undefined;
  const rest = url.slice(KEY_BASE.length);
  const parts = rest.split('/');
  if (parts.length < 3) return undefined;
  return { id: `${parts[0]}/${parts[1]}`, path: decodeURIComponent(parts.slice(2).join('/')) };
}

export function openModelCache(): Promise<Cache> {
  return caches.open(MODEL_CACHE);
}

async function sizeOf(response: Response): Promise<number> {
  const header = Number(response.headers.get('content-length'));
  if (Number.isFinite(header) && header > 0) return header;
  return (await response.blob()).size;
}

/** Every model in the cache, complete or not, with its disk use. */
export async function listStoredModels(): Promise<StoredModel[]> {
  const cache = await openModelCache();
  const byId = new Map<string, StoredModel>();
  for (const request of await cache.keys()) {
    const parsed = parseKey(request.url);
    if (!parsed) continue;
    const entry = byId.get(parsed.id) ?? { id: parsed.id, bytes: 0 };
    byId.set(parsed.id, entry);
    const response = await cache.match(request);
    if (!response) continue;
    if (parsed.path === MANIFEST_FILE) {
      const manifest = ModelManifest.safeParse(await response.json().catch(() => undefined));
      if (manifest.success && manifest.data.id === parsed.id) entry.manifest = manifest.data;
      continue;
    }
    if (parsed.path === DAMAGED_FILE) {
      const damaged = DamagedModel.safeParse(await response.json().catch(() => undefined));
      if (damaged.success && damaged.data.id === parsed.id) entry.damaged = damaged.data;
      continue;
    }
    entry.bytes += await sizeOf(response);
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The manifest of a completely downloaded model, or undefined. */
export async function readManifest(id: string, cache?: Cache): Promise<ModelManifest | undefined> {
  const response = await (cache ?? (await openModelCache())).match(fileKey(id, MANIFEST_FILE));
  if (!response) return undefined;
  const manifest = ModelManifest.safeParse(await response.json().catch(() => undefined));
  return manifest.success && manifest.data.id === id ? manifest.data : undefined;
}

/** Marks the download complete: the last write of a download. */
export async function writeManifest(cache: Cache, manifest: ModelManifest): Promise<void> {
  await cache.put(fileKey(manifest.id, MANIFEST_FILE), new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/json' } }));
}

/** Removes a model: its manifest first (nothing loads it from then on), then its files. */
export async function deleteStoredModel(id: string): Promise<void> {
  const cache = await openModelCache();
  await cache.delete(fileKey(id, MANIFEST_FILE));
  for (const request of await cache.keys()) {
    if (parseKey(request.url)?.id === id) await cache.delete(request);
  }
}

/**
 * A file of the model was found damaged (the model's page, before it runs anything): the model is
 * removed, manifest first, so nothing loads it again, and a note is left of where it came from, so
 * the options page offers the same download again (the page itself never reaches the network).
 */
export async function markModelDamaged(id: string, path: string): Promise<void> {
  const cache = await openModelCache();
  const manifest = await readManifest(id, cache);
  await deleteStoredModel(id);
  if (!manifest) return;
  const note: DamagedModel = { id, dtype: manifest.dtype, path, foundAt: Date.now(), ...(manifest.hub ? { hub: manifest.hub } : {}) };
  await cache.put(fileKey(id, DAMAGED_FILE), new Response(JSON.stringify(note), { headers: { 'content-type': 'application/json' } }));
}

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class DamagedModelError extends Error {
  constructor(readonly path: string) {
    super(`A file of the model is damaged: ${path}`);
    this.name = 'DamagedModelError';
  }
}

/**
 * A file of a complete model, checked against its manifest (size and SHA-256); undefined when the
 * model or the file is not there. Throws DamagedModelError when the bytes are not what was downloaded.
 */
export async function readCheckedFile(id: string, path: string, cache?: Cache): Promise<ArrayBuffer | undefined> {
  const opened = cache ?? (await openModelCache());
  const manifest = await readManifest(id, opened);
  const expected = manifest?.files.find((file) => file.path === path);
  if (!manifest || !expected) return undefined;
  const response = await opened.match(fileKey(id, path));
  if (!response) throw new DamagedModelError(path);
  const data = await response.arrayBuffer();
  if (data.byteLength !== expected.size || (await sha256Hex(data)) !== expected.sha256) throw new DamagedModelError(path);
  return data;
}
