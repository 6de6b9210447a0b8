/**
 * Downloads one in-browser model from the Hub (or the mirror the user named) into Cache Storage,
 * on the user's request only: progress, cancel, a clear error for a full disk. Runs in the page
 * where the user started it (the options page); the model's page only ever reads the cache.
 *
 * The files: config.json, tokenizer.json, tokenizer_config.json, generation_config.json (where the
 * repository has one) and the ONNX weights of the chosen form (onnx/model_{dtype}.onnx and any
 * external data next to it), found by the Hub's file list. Each file streams to the cache while
 * its SHA-256 is computed, and is checked against what the Hub says of it: the weights' size and
 * SHA-256 from the list (Git LFS's `lfs.oid`), the JSON files by parsing them; a file that differs
 * is a damaged download, and nothing of it is kept. The manifest that makes the model usable is
 * written last, with the address it came from (to download it again when a file is later damaged).
 */
import { createSHA256 } from 'hash-wasm';
import { deleteStoredModel, fileKey, openModelCache, storableHub, writeManifest, type ModelManifest } from './store';
import type { ModelDtype } from './catalog';

export type DownloadErrorCode = 'cancelled' | 'storage-full' | 'not-found' | 'not-a-model' | 'network' | 'damaged';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloadProgress {
  /** Bytes received so far, all files together. */
  loaded: number;
  /** Bytes of all files, as the Hub lists them (the small JSON files are counted as they arrive). */
  total: number;
  file: string;
}

export interface DownloadRequest {
  id: string;
  dtype: ModelDtype;
  /** The Hub's address, without a trailing slash (https://huggingface.co, or a mirror). */
  hub: string;
  signal: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const OPTIONAL_FILES = ['generation_config.json'];

interface HubFile {
  path: string;
  size?: number;
  /** The file's SHA-256 as the Hub lists it (Git LFS files: `lfs.oid`). */
  sha256?: string;
}

/** The SHA-256 in a Hub list entry's `lfs` (hex, sometimes written `sha256:<hex>`), or undefined. */
function lfsSha256(entry: Record<string, unknown>): string | undefined {
  const lfs = entry['lfs'];
  const oid = typeof lfs === 'object' && lfs !== null ? (lfs as { oid?: unknown }).oid : undefined;
  if (typeof oid !== 'string') return undefined;
  const hex = oid.replace(/^sha256:/, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

function resolveUrl(hub: string, id: string, path: string): string {
  return `${hub}/${id}/resolve/main/${path}`;
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

/** The weights of one form of the model, from the Hub's listing of its onnx folder. */
export async function weightFiles(hub: string, id: string, dtype: ModelDtype, signal: AbortSignal): Promise<HubFile[]> {
  const response = await fetch(`${hub}/api/models/${id}/tree/main/onnx`, { signal, credentials: 'omit' });
  if (response.status === 404 || response.status === 401) throw new DownloadError('not-found', `${id} is not on the Hub, or not public.`);
  if (!response.ok) throw new DownloadError('network', `The Hub answered ${response.status} to the file list of ${id}.`);
  const listing: unknown = await response.json();
  const files = (Array.isArray(listing) ? listing : []).filter(
    (entry): entry is Record<string, unknown> & { path: string; size?: unknown } => typeof entry === 'object' && entry !== null && typeof (entry as { path?: unknown }).path === 'string',
  );
  const name = `onnx/model_${dtype}.onnx`;
  const weights = files.filter((file) => file.path === name || file.path.startsWith(`${name}_data`));
  if (!weights.some((file) => file.path === name)) throw new DownloadError('not-a-model', `${id} has no ${name}: it is not a Transformers.js text model in this form.`);
  return weights.map((file) => {
    const sha256 = lfsSha256(file);
    return { path: file.path, ...(typeof file.size === 'number' ? { size: file.size } : {}), ...(sha256 ? { sha256 } : {}) };
  });
}

/** How many bytes the model takes on disk once downloaded, from the Hub's list. */
export function totalBytes(files: readonly HubFile[]): number {
  return files.reduce((sum, file) => sum + (file.size ?? 0), 0);
}

/** Free space the browser allows this extension, or undefined where it cannot say. */
export async function freeBytes(): Promise<number | undefined> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota === undefined || estimate.usage === undefined) return undefined;
  return estimate.quota - estimate.usage;
}

/** What the Hub's list says of a file (weights), or nothing (the small JSON files, checked by parsing them). */
type Expected = Pick<HubFile, 'size' | 'sha256'>;

async function fetchOne(request: DownloadRequest, cache: Cache, path: string, optional: boolean, progress: { loaded: number; total: number; listed: boolean }, expected: Expected = {}): Promise<ModelManifest['files'][number] | undefined> {
  let response: Response;
  try {
    response = await fetch(resolveUrl(request.hub, request.id, path), { signal: request.signal, credentials: 'omit' });
  } catch (error) {
    if (request.signal.aborted) throw new DownloadError('cancelled', 'The download was cancelled.');
    throw new DownloadError('network', `${path} could not be downloaded: ${error instanceof Error ? error.message : 'network error'}.`);
  }
  if (optional && response.status === 404) return undefined;
  if (response.status === 404) throw new DownloadError('not-a-model', `${request.id} has no ${path}.`);
  if (!response.ok || !response.body) throw new DownloadError('network', `The Hub answered ${response.status} to ${path}.`);
  const hasher = await createSHA256();
  hasher.init();
  let size = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hasher.update(chunk);
        size += chunk.byteLength;
        progress.loaded += chunk.byteLength;
        request.onProgress?.({ loaded: progress.loaded, total: Math.max(progress.total, progress.loaded), file: path });
        controller.enqueue(chunk);
      },
    }),
  );
  await cache.put(fileKey(request.id, path), new Response(counted, { headers: { 'content-type': 'application/octet-stream' } }));
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > 0 && declared !== size) throw new DownloadError('network', `${path} arrived incomplete.`);
  const sha256 = hasher.digest('hex');
  if ((expected.size !== undefined && expected.size !== size) || (expected.sha256 !== undefined && expected.sha256 !== sha256)) {
    throw new DownloadError('damaged', `${path} arrived damaged: it is not the file the Hub lists.`);
  }
  if (path.endsWith('.json')) await checkJson(cache, request.id, path);
  if (!progress.listed) progress.total += size;
  return { path, size, sha256 };
}

/** A JSON file of the model must parse: a proxy's error page or a cut-off file does not. Read back from the cache, as the model's page will. */
async function checkJson(cache: Cache, id: string, path: string): Promise<void> {
  const stored = await cache.match(fileKey(id, path));
  try {
    JSON.parse((await stored?.text()) ?? '');
  } catch {
    throw new DownloadError('damaged', `${path} arrived damaged: it is not JSON.`);
  }
}

/**
 * Downloads the model; resolves with its manifest once it is usable. Anything an earlier,
 * unfinished download of it left is removed first, and what this one wrote is removed again when
 * it fails or is cancelled: no half-downloaded model is ever loaded.
 */
export async function downloadModel(request: DownloadRequest): Promise<ModelManifest> {
  await deleteStoredModel(request.id);
  const cache = await openModelCache();
  try {
    const weights = await weightFiles(request.hub, request.id, request.dtype, request.signal);
    const total = totalBytes(weights);
    const free = await freeBytes();
    if (free !== undefined && free < total) throw new DownloadError('storage-full', `Not enough space: the model needs ${Math.ceil(total / 1e6)} MB, the browser allows ${Math.floor(free / 1e6)} MB more.`);
    const progress = { loaded: 0, total, listed: false };
    const files: ModelManifest['files'] = [];
    for (const path of [...REQUIRED_FILES, ...OPTIONAL_FILES]) {
      const file = await fetchOne(request, cache, path, OPTIONAL_FILES.includes(path), progress);
      if (file) files.push(file);
    }
    progress.listed = true;
    for (const weight of weights) {
      const file = await fetchOne(request, cache, weight.path, false, progress, weight);
      if (file) files.push(file);
    }
    const hub = storableHub(request.hub);
    const manifest: ModelManifest = { id: request.id, dtype: request.dtype, files, downloadedAt: Date.now(), ...(hub ? { hub } : {}) };
    await writeManifest(cache, manifest);
    // Ask the browser not to evict the model under storage pressure (it may say no; the model then stays until evicted).
    void navigator.storage?.persist?.().catch(() => false);
    return manifest;
  } catch (error) {
    await deleteStoredModel(request.id).catch(() => undefined);
    if (error instanceof DownloadError) throw error;
    if (request.signal.aborted) throw new DownloadError('cancelled', 'The download was cancelled.');
    if (isQuotaError(error)) throw new DownloadError('storage-full', 'The disk is full (or the browser’s storage for Keyward is): the download stopped and nothing of it was kept. Free some space and try again.');
    throw new DownloadError('network', `The download failed: ${error instanceof Error ? error.message : 'unknown error'}.`);
  }
}
